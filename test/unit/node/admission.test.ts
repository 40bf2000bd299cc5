// Admission and the signature checks of proposed blocks: what a validator relies on when txs
// reach it twice (RPC and gossip), late (after their block), or first inside a proposal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain, blockHash, txIdOf } from "../../../src/chain/chain.js";
import { parseGenesis } from "../../../src/chain/genesis.js";
import { decodeTx } from "../../../src/chain/tx/codec.js";
import { Mempool } from "../../../src/mempool/pool.js";
import { genesisJson } from "../../../src/node/dev-chain.js";
import { Admission } from "../../../src/node/admission.js";
import { CHAIN_ID, identity, sampleTx } from "../chain/tx/fixtures.js";

const alice = identity("alice");
const validator = identity("validator");
const GENESIS = genesisJson(CHAIN_ID, [validator], [{ address: alice.address, balance: 10n ** 15n }], { blockTimeMs: 100 });

interface NodeParts {
  chain: Chain;
  pool: Mempool;
  admission: Admission;
}

async function openNode(dir: string, verifyWorkers: number): Promise<NodeParts> {
  const chain = await Chain.open(dir, parseGenesis(GENESIS));
  const pool = new Mempool({}, { nonceAndBalance: (a) => ({ nonce: chain.state.account(a).nonce, balance: chain.state.account(a).balance }) });
  pool.setHeight(chain.head.height + 1);
  return { chain, pool, admission: new Admission(chain, pool, { verifyWorkers }) };
}

function transfer(nonce: number): Uint8Array {
  return sampleTx("transfer", { nonce, expiry: 500 }).bytes;
}

function txIdOfBytes(bytes: Uint8Array): string {
  const d = decodeTx(bytes, 1 << 20);
  if (!d.ok) throw d.error;
  return Buffer.from(txIdOf(d.value)).toString("hex");
}

function brokenSignature(bytes: Uint8Array): Uint8Array {
  const bad = bytes.slice();
  bad[3]! ^= 0x40;
  return bad;
}

/** A block at height 1 holding `txs`, built by a second node that has them (the proposer). */
async function proposal(proposer: NodeParts, txs: Uint8Array[]) {
  const candidates = txs.map((b) => {
    const d = decodeTx(b, 1 << 20);
    if (!d.ok) throw d.error;
    return { stx: d.value, id: txIdOf(d.value) };
  });
  const { prepared } = await proposer.chain.buildBlock(candidates, validator.publicKey, null, Date.now());
  return prepared.block;
}

describe.each([0, 1])("admission with %i verify workers", (workers) => {
  let dir: string;
  let node: NodeParts;
  let proposer: NodeParts;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "parley-admission-"));
    node = await openNode(join(dir, "node"), workers);
    proposer = await openNode(join(dir, "proposer"), 0);
  });

  afterEach(async () => {
    for (const n of [node, proposer]) {
      await n.admission.close();
      await n.chain.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("admits a tx that arrives twice at once exactly once; a forged copy is refused both times", async () => {
    const tx = transfer(0);
    const [a, b] = await Promise.all([node.admission.admit(tx), node.admission.admit(tx)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused.ok ? null : refused.error.code).toBe("ALREADY_KNOWN");
    expect(node.pool.size).toBe(1);

    const forged = brokenSignature(transfer(1));
    const [c, d] = await Promise.all([node.admission.admit(forged), node.admission.admit(forged)]);
    expect([c, d].map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["BAD_SIGNATURE", "BAD_SIGNATURE"]);
    expect(node.pool.size).toBe(1);
  });

  it("a forged copy sent beside the honest tx, in either order, never decides the honest tx's fate", async () => {
    for (const [nonce, order] of [[0, "forged first"], [1, "honest first"]] as const) {
      const honest = transfer(nonce);
      const forged = brokenSignature(honest);
      const pair = order === "forged first" ? [forged, honest] : [honest, forged];
      const results = await Promise.all(pair.map((b) => node.admission.admit(b)));
      const byBytes = new Map(pair.map((b, i) => [b, results[i]!]));
      expect(byBytes.get(honest)!.ok, order).toBe(true);
      const f = byBytes.get(forged)!;
      expect(f.ok ? "ok" : f.error.code, order).toBe("BAD_SIGNATURE");
    }
    // Once the honest tx is pooled, a forged copy with its id is still checked, not answered as known.
    const late = await node.admission.admit(brokenSignature(transfer(0)));
    expect(late.ok ? "ok" : late.error.code).toBe("BAD_SIGNATURE");
    expect(node.pool.size).toBe(2);
  });

  it("a proposal's honest tx is valid while a forged copy of it is being checked", async () => {
    const txs = [0, 1].map(transfer);
    const forgedInFlight = node.admission.admit(brokenSignature(txs[1]!));
    const block = await proposal(proposer, txs);
    const checked = await node.chain.checkBlock(block, node.admission.blockTxSource(), Date.now());
    expect(checked.ok ? checked.value.hash : checked.error.message).toEqual(blockHash(block.header));
    const f = await forgedInFlight;
    expect(f.ok ? "ok" : f.error.code).toBe("BAD_SIGNATURE");
  });

  it("a tx checked in a proposal and gossiped before the block commits is pooled without a second verify; a forged copy is still checked", async () => {
    let checks = 0;
    node.admission.onSignatureCheck = () => checks++;
    const tx = transfer(0);
    const block = await proposal(proposer, [tx]);
    const checked = await node.chain.checkBlock(block, node.admission.blockTxSource(), Date.now());
    expect(checked.ok).toBe(true);
    expect(checks).toBe(1);
    const late = await node.admission.admit(tx);
    expect(late.ok ? "ok" : late.error.code).toBe("ok");
    expect(checks).toBe(1);
    node.pool.remove(txIdOfBytes(tx));
    const forged = await node.admission.admit(brokenSignature(tx));
    expect(forged.ok ? "ok" : forged.error.code).toBe("BAD_SIGNATURE");
    expect(checks).toBe(2);
  });

  it("refuses a tx from a small-order sender key as WEAK_KEY", async () => {
    const weak = transfer(0).slice();
    // The sender's key sits in the payload after the kind byte's array header and chain id; find it by value.
    const stx = decodeTx(weak, 1 << 20);
    if (!stx.ok) throw stx.error;
    const at = Buffer.from(weak).indexOf(Buffer.from(stx.value.tx.from), 64);
    weak.fill(0, at, at + 32);
    weak[at] = 1; // the identity point: order 1
    const r = await node.admission.admit(weak);
    expect(r.ok ? "ok" : r.error.code).toBe("WEAK_KEY");
  });

  it("refuses a tx whose nonce is already used on chain before looking at its signature", async () => {
    const tx = transfer(0);
    const block = await proposal(proposer, [tx]);
    const checked = await node.chain.checkBlock(block, node.admission.blockTxSource(), Date.now());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    await node.chain.commit(checked.value, null);
    // The same tx arriving by gossip after its block, and a forged one with the used nonce.
    for (const late of [tx, brokenSignature(tx)]) {
      const r = await node.admission.admit(late);
      expect(r.ok ? "ok" : r.error.code).toBe("NONCE_TOO_LOW");
    }
  });

  it("checks a proposal whose txs it has not seen, pooled txs, and txs still being admitted", async () => {
    const txs = [0, 1, 2, 3].map(transfer);
    expect((await node.admission.admit(txs[0]!)).ok).toBe(true); // pooled
    const inFlight = node.admission.admit(txs[1]!); // being verified while the proposal is checked
    const block = await proposal(proposer, txs);
    expect(block.txs).toHaveLength(4);
    const checked = await node.chain.checkBlock(block, node.admission.blockTxSource(), Date.now());
    expect(checked.ok ? checked.value.hash : checked.error.message).toEqual(blockHash(block.header));
    expect((await inFlight).ok).toBe(true);
  });

  it("refuses a proposal with a forged signature and names the tx", async () => {
    const txs = [0, 1, 2].map(transfer);
    const block = await proposal(proposer, txs);
    const forged = { ...block, txs: block.txs.map((b, i) => (i === 2 ? brokenSignature(b) : b)) };
    const checked = await node.chain.checkBlock(forged, node.admission.blockTxSource(), Date.now());
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.type).toMatchObject({ code: "BAD_TX", index: 2, reason: "BAD_SIGNATURE" });
    expect(node.chain.head.height).toBe(0);
  });
});
