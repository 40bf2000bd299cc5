// Asset setup of the throughput bench (not timed): the assets the `asset` and `assetnew` shares
// of a mix send, created (and distributed) and final before the clock starts.
import type { HttpRpcClient } from "../../src/client/rpc-client.js";
import { assetIdOf } from "../../src/chain/assets/records.js";
import type { UnsignedTx } from "../../src/chain/tx/types.js";
import { fromHex } from "../../src/util/bytes.js";
import { signTx, type Sender, type SignedItem } from "./workload.js";

const SETUP_FEE = 200_000n;
const SETUP_EXPIRY = 10_000;
// Below the mempool's maxPerSender (1,000): an issuer's distribution goes in rounds of this many.
const PER_SENDER_ROUND = 900;
// Below the mempool's maxNonceGap (64): the calls of one JSON-RPC batch are admitted
// concurrently (signatures checked on worker threads), so a tx may be admitted before the
// lower nonces of its batch; an issuer puts at most this many txs in one batch.
const PER_SENDER_BATCH = 60;
/** Units of each shared asset every sender holds after setup (each bench tx pays 1). */
export const SHARED_HOLDING = 1_000_000n;

const createTx = (s: Sender, chainId: string, initial: bigint): UnsignedTx => ({
  kind: "asset", chainId, from: s.id.publicKey, nonce: s.nonce, fee: SETUP_FEE, expiry: SETUP_EXPIRY,
  body: { op: "create", symbol: "PTS", name: "bench points", decimals: 0, initial, maxSupply: null, metaHash: null, flags: 1 },
});

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Sends each batch (one JSON-RPC batch of tx_send calls, answered before the next is sent) and
 * waits, bounded, until every tx is final. A batch holds fewer txs of one sender than the
 * mempool's maxNonceGap (see PER_SENDER_BATCH).
 */
async function sendAllFinal(rpc: HttpRpcClient, batches: SignedItem[][]): Promise<void> {
  for (const b of batches) {
    const res = await rpc.batch(b.map((x) => ({ method: "tx_send", params: [x.hex] })));
    for (const r of res) if (r.error) throw new Error(`asset setup: ${r.error.message} ${JSON.stringify(r.error.type)}`);
  }
  const items = batches.flat();
  for (let poll = 0; poll < 600; poll++) {
    const st: Array<{ result?: unknown }> = [];
    for (let i = 0; i < items.length; i += 500) st.push(...(await rpc.batch(items.slice(i, i + 500).map((x) => ({ method: "tx_get", params: [x.id] })))));
    if (st.every((r) => (r.result as { status?: string } | undefined)?.status === "final")) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`asset setup: ${items.length} txs not all final after 600 polls`);
}

/** Creation-heavy setup (`assetnew`): every sender creates its own asset (sender.asset). */
export async function createOwnAssets(rpc: HttpRpcClient, senders: Sender[], chainId: string): Promise<void> {
  const setup = senders.map((s) => {
    const item = signTx(s, createTx(s, chainId, 1_000_000_000n));
    s.nonce++;
    s.asset = assetIdOf(s.id.publicKey, fromHex(item.id)!);
    return item;
  });
  await sendAllFinal(rpc, chunks(setup, 500));
}

/**
 * Steady-state setup (`asset`): the first `count` senders each issue one asset and pay
 * SHARED_HOLDING of it to every other sender, so every sender holds every shared asset before the
 * load. Returns the asset ids.
 */
export async function createSharedAssets(rpc: HttpRpcClient, senders: Sender[], chainId: string, count: number): Promise<Uint8Array[]> {
  if (count < 1 || count > senders.length) throw new Error(`shared assets: 1 to ${senders.length} (one issuer each), not ${count}`);
  const issuers = senders.slice(0, count);
  const ids = issuers.map((s) => {
    const item = signTx(s, createTx(s, chainId, SHARED_HOLDING * BigInt(senders.length)));
    s.nonce++;
    return { item, id: assetIdOf(s.id.publicKey, fromHex(item.id)!) };
  });
  await sendAllFinal(rpc, chunks(ids.map((x) => x.item), 500));
  for (let from = 0; from < senders.length; from += PER_SENDER_ROUND) {
    // Each issuer's payments of this round in nonce order; sent PER_SENDER_BATCH per issuer per batch.
    const perIssuer: SignedItem[][] = issuers.map((issuer, a) => senders.slice(from, from + PER_SENDER_ROUND).filter((to) => to !== issuer).map((to) =>
      signTx(issuer, {
        kind: "transfer", chainId, from: issuer.id.publicKey, nonce: issuer.nonce++, fee: SETUP_FEE, expiry: SETUP_EXPIRY,
        body: { to: to.id.publicKey, amount: SHARED_HOLDING, memo: null, asset: ids[a]!.id },
      })));
    const batches: SignedItem[][] = [];
    for (let at = 0; at < PER_SENDER_ROUND; at += PER_SENDER_BATCH) batches.push(perIssuer.flatMap((txs) => txs.slice(at, at + PER_SENDER_BATCH)));
    await sendAllFinal(rpc, batches.filter((b) => b.length > 0));
  }
  return ids.map((x) => x.id);
}
