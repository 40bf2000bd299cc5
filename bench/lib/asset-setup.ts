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
/** Units of each shared asset every sender holds after setup (each bench tx pays 1). */
export const SHARED_HOLDING = 1_000_000n;

const createTx = (s: Sender, chainId: string, initial: bigint): UnsignedTx => ({
  kind: "asset", chainId, from: s.id.publicKey, nonce: s.nonce, fee: SETUP_FEE, expiry: SETUP_EXPIRY,
  body: { op: "create", symbol: "PTS", name: "bench points", decimals: 0, initial, maxSupply: null, metaHash: null, flags: 1 },
});

/** Sends `items` (tx_send, batches of 500) and waits, bounded, until every one is final. */
async function sendAllFinal(rpc: HttpRpcClient, items: SignedItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const res = await rpc.batch(items.slice(i, i + 500).map((x) => ({ method: "tx_send", params: [x.hex] })));
    for (const r of res) if (r.error) throw r.error;
  }
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
  await sendAllFinal(rpc, setup);
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
  await sendAllFinal(rpc, ids.map((x) => x.item));
  for (let from = 0; from < senders.length; from += PER_SENDER_ROUND) {
    const round: SignedItem[] = [];
    issuers.forEach((issuer, a) => {
      for (const to of senders.slice(from, from + PER_SENDER_ROUND)) {
        if (to === issuer) continue;
        round.push(signTx(issuer, {
          kind: "transfer", chainId, from: issuer.id.publicKey, nonce: issuer.nonce++, fee: SETUP_FEE, expiry: SETUP_EXPIRY,
          body: { to: to.id.publicKey, amount: SHARED_HOLDING, memo: null, asset: ids[a]!.id },
        }));
      }
    });
    await sendAllFinal(rpc, round);
  }
  return ids.map((x) => x.id);
}
