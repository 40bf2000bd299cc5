// Who gets struck and banned for what, over real node processes: a peer is punished only for
// what it provably did (a bad signature or garbage it relayed), never for what an honest node
// could relay (stale, unfundable or duplicate txs), and no client can make nodes punish an
// honest peer. Two validators, so a ban between them would halt the chain: the test would see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, waitFor } from "./harness.js";
import { startNet, type TestNet } from "./network-harness.js";
import { newIdentity } from "../../src/client/keys.js";
import { buildTx } from "../../src/client/tx-builder.js";
import { encode } from "../../src/chain/codec.js";
import { Network, DEFAULT_TOPICS, peerIdFromEd25519PublicKey } from "../../src/network/index.js";
import { toHex } from "../../src/util/bytes.js";
import type { Identity } from "../../src/client/keys.js";

interface Standing {
  peer: string;
  strikes: number;
  bannedForMs: number;
}
interface NetworkStatus {
  peers: string[];
  standing: Standing[];
}

const FEE = 100_000n;
let net: TestNet;
let rogue: Network;
let rogueId: string;
const nonces = new Map<string, number>();
let validatorIds: string[];

function signed(from: Identity, amount = 1n): { bytes: Uint8Array; id: string } {
  const nonce = nonces.get(from.address) ?? 0;
  nonces.set(from.address, nonce + 1);
  const t = buildTx(from, "transfer", { to: newIdentity().publicKey, amount, memo: null }, { chainId: net.chain.genesis.chainId, nonce, fee: FEE, expiry: 5_000 });
  return { bytes: t.bytes, id: t.id };
}

function forge(bytes: Uint8Array): Uint8Array {
  const bad = bytes.slice();
  bad[5]! ^= 0x01;
  return bad;
}

const hex = (b: Uint8Array): string => "0x" + toHex(b);

async function status(i: number): Promise<NetworkStatus> {
  return net.rpc(i).call<NetworkStatus>("admin_networkStatus");
}

async function strikesOn(i: number, peer: string): Promise<Standing | undefined> {
  return (await status(i)).standing.find((s) => s.peer === peer);
}

async function waitFinal(i: number, ids: string[]): Promise<void> {
  await waitFor(`${ids.length} txs final`, async () => {
    const st = await Promise.all(ids.map((id) => net.rpc(i).call<{ status: string }>("tx_get", ["0x" + id]).catch(() => ({ status: "unknown" }))));
    return st.every((s) => s.status === "final");
  }, 30_000, 100);
}

/** Publishes `batches` one by one from the rogue peer, a little apart so each is validated on its own. */
async function rogueSends(batches: Uint8Array[][]): Promise<void> {
  for (const b of batches) {
    await rogue.publish("tx", encode(b)).catch(() => 0);
    await new Promise((r) => setTimeout(r, 60));
  }
}

beforeAll(async () => {
  const rogueKey = newIdentity();
  rogueId = peerIdFromEd25519PublicKey(rogueKey.publicKey);
  net = await startNet(2, { heartbeatMs: 200 }, 3, [rogueId], ["--enable-admin"]);
  validatorIds = net.p2p.map((a) => a.split("/p2p/")[1]!);
  rogue = await Network.create({ chainId: net.chain.genesis.chainId, privateKey: rogueKey.secretKey, listen: { host: "127.0.0.1", port: 0 }, bootstrap: net.p2p, allowPeers: null,
    topics: [DEFAULT_TOPICS.tx, DEFAULT_TOPICS.proposal, DEFAULT_TOPICS.vote], maxGossipBytes: 32 * 1024 * 1024 });
  await waitFor("rogue in both meshes", async () => validatorIds.every((v) => rogue.topicPeers("tx").includes(v)), 15_000);
}, 90_000);

afterAll(async () => {
  await rogue?.stop().catch(() => undefined);
  await cleanup();
});

describe("peer misbehaviour", () => {
  it("a client sending forged copies beside honest txs, in either order, gets every honest tx final and no peer struck", async () => {
    const alice = net.chain.funded[0]!;
    const honestIds: string[] = [];
    for (let round = 0; round < 6; round++) {
      const honest = signed(alice);
      const forged = forge(honest.bytes);
      const pair = round % 2 === 0 ? [forged, honest.bytes] : [honest.bytes, forged];
      const answers = await net.rpc(1).call<Array<{ id?: string; error?: { data?: { reason: string } } }>>("tx_sendBatch", [pair.map(hex)]);
      const forAnswer = (b: Uint8Array) => answers[pair.indexOf(b)]!;
      expect(forAnswer(honest.bytes).id, `round ${round}`).toBe("0x" + honest.id);
      expect(forAnswer(forged).error?.data?.reason, `round ${round}`).toBe("BAD_SIGNATURE");
      honestIds.push(honest.id);
    }
    await waitFinal(0, honestIds);
    for (const [i, other] of [[0, 1], [1, 0]] as const) {
      expect(await strikesOn(i, validatorIds[other]!), `node ${i} on node ${other}`).toBeUndefined();
      expect((await status(i)).peers).toContain(validatorIds[other]);
    }
  }, 60_000);

  it("a peer relaying stale, unfundable or already pending txs is ignored, never struck", async () => {
    const bob = net.chain.funded[1]!;
    const done = signed(bob);
    await net.rpc(0).call("tx_send", [hex(done.bytes)]);
    await waitFinal(0, [done.id]);
    const pending = signed(bob);
    await net.rpc(0).call("tx_send", [hex(pending.bytes)]);
    const broke = newIdentity();
    const batches: Uint8Array[][] = [];
    for (let i = 0; i < 8; i++) {
      // A final tx again (its nonce is used), a tx from an empty account, and the pending tx with a new neighbour each time.
      const unfundable = buildTx(broke, "transfer", { to: bob.publicKey, amount: 1n, memo: null }, { chainId: net.chain.genesis.chainId, nonce: i, fee: FEE, expiry: 5_000 }).bytes;
      batches.push([done.bytes, unfundable, pending.bytes]);
    }
    await rogueSends(batches);
    await new Promise((r) => setTimeout(r, 500));
    for (const i of [0, 1]) {
      expect(await strikesOn(i, rogueId), `node ${i}`).toBeUndefined();
      expect((await status(i)).peers).toContain(rogueId);
    }
  }, 60_000);

  it("a peer relaying forged signatures is struck for each batch and banned at the fifth; honest peers never are", async () => {
    const carol = net.chain.funded[2]!;
    // Forged txs of fresh accounts: each a new batch (gossip drops a repeated one unseen).
    const batches = Array.from({ length: 6 }, () => [forge(signed(newIdentity()).bytes)]);
    await rogueSends(batches);
    await waitFor("rogue banned by both validators", async () => {
      const s = await Promise.all([0, 1].map((i) => strikesOn(i, rogueId)));
      return s.every((x) => x !== undefined && x.bannedForMs > 0);
    }, 15_000, 100);
    await waitFor("rogue disconnected", async () => validatorIds.every((v) => !rogue.peers().includes(v)), 15_000, 100);
    for (const [i, other] of [[0, 1], [1, 0]] as const) expect(await strikesOn(i, validatorIds[other]!)).toBeUndefined();
    // The chain keeps finalizing: the validators still trust each other.
    const before = (await net.rpc(0).call<{ height: number }>("chain_getHead")).height;
    const after = signed(carol);
    await net.rpc(1).call("tx_send", [hex(after.bytes)]);
    await waitFinal(0, [after.id]);
    expect((await net.rpc(0).call<{ height: number }>("chain_getHead")).height).toBeGreaterThan(before);
  }, 60_000);
});
