// Pruning through the real Chain and LevelDB (ChainOptions.stateHistory): a pruning chain
// agrees block for block with an archive one, keeps exactly the nodes of its recent roots, proves
// every account at the head, refuses a pruned root with MISSING_NODE, and after a restart goes
// on pruning without ever losing a node it needs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain, INLINE_TX_SOURCE } from "../../../src/chain/chain.js";
import { parseGenesis } from "../../../src/chain/genesis.js";
import { encodeAccount } from "../../../src/chain/state/account.js";
import { smtKey } from "../../../src/chain/state/state-store.js";
import { SmtError, verifyProof } from "../../../src/chain/state/smt/tree.js";
import { reachableNodes } from "../../../src/chain/state/smt/walk.js";
import { Bucket } from "../../../src/chain/storage/buckets.js";
import { StateNs } from "../../../src/chain/tx/spec.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { genesisJson } from "../../../src/node/dev-chain.js";
import { toHex } from "../../../src/util/bytes.js";
import { CHAIN_ID, identity } from "./tx/fixtures.js";

const KEEP = 2;
const senders = ["alice", "bob", "carol"].map(identity);
const sinks = ["s1", "s2", "s3", "s4"].map(identity);
const validator = identity("validator");
const GENESIS = genesisJson(CHAIN_ID, [validator], senders.map((s) => ({ address: s.address, balance: 10n ** 12n })), { blockTimeMs: 100 });

let dir: string;
let pruned: Chain;
let archive: Chain;
const nonces = new Map<string, number>();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-state-pruning-"));
  pruned = await Chain.open(join(dir, "pruned"), parseGenesis(GENESIS), { stateHistory: KEEP });
  archive = await Chain.open(join(dir, "archive"), parseGenesis(GENESIS));
  nonces.clear();
});
afterEach(async () => {
  await pruned.close();
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A block of one transfer per sender, built on the pruning chain, checked and committed on both. */
async function block(round: number): Promise<void> {
  const txs = senders.map((s, i) => {
    const nonce = nonces.get(s.address) ?? 0;
    nonces.set(s.address, nonce + 1);
    const built = buildTx(s, "transfer", { to: sinks[(i + round) % sinks.length]!.publicKey, amount: BigInt(1 + round), memo: null }, { chainId: CHAIN_ID, nonce, fee: 200_000n, expiry: 1_000 });
    return { stx: built.stx, id: sha256(built.stx.payload) };
  });
  const time = pruned.head.header.time + 1_000;
  const { prepared } = await pruned.buildBlock(txs, validator.publicKey, null, time);
  expect(prepared.txs.length).toBe(senders.length);
  const checked = await archive.checkBlock(prepared.block, INLINE_TX_SOURCE, time);
  if (!checked.ok) throw checked.error;
  await pruned.commit(prepared, null);
  await archive.commit(checked.value, null);
  expect(toHex(pruned.head.hash)).toBe(toHex(archive.head.hash));
}

async function storedNodes(chain: Chain): Promise<Set<string>> {
  const rows = await chain.db.range({ gte: Uint8Array.of(Bucket.smtNode), lt: Uint8Array.of(Bucket.smtNode + 1), limit: 1_000_000 });
  return new Set(rows.map(([k]) => toHex(k.subarray(1))));
}

async function treeNodes(chain: Chain, root: Uint8Array): Promise<Set<string>> {
  return (await reachableNodes(chain.smtStore, root)).hashes;
}

async function recentTreeNodes(chain: Chain): Promise<Set<string>> {
  const out = new Set<string>();
  for (let hgt = Math.max(0, chain.head.height - KEEP); hgt <= chain.head.height; hgt++) {
    for (const x of await treeNodes(chain, (await chain.blocks.header(hgt))!.stateRoot)) out.add(x);
  }
  return out;
}

async function expectHeadProofs(chain: Chain): Promise<void> {
  const root = chain.head.header.stateRoot;
  for (const who of [...senders, ...sinks, validator]) {
    const key = smtKey(StateNs.account, who.publicKey);
    const proof = await chain.smt.prove(root, key);
    const value = chain.state.get(StateNs.account, who.publicKey);
    expect(verifyProof(root, key, value ? sha256(value) : null, proof, sha256)).toBe(true);
  }
}

describe("state-tree pruning on the chain", () => {
  it("keeps exactly the nodes of the last stateHistory + 1 roots, agrees with an archive node, and proves at the head", async () => {
    for (let round = 0; round < 12; round++) await block(round);
    expect(await storedNodes(pruned)).toEqual(await recentTreeNodes(pruned));
    // What the node's metrics read: nodes deleted, nodes still waiting (the last KEEP blocks' worth).
    expect(pruned.pruningStats()!.deleted).toBeGreaterThan(0);
    expect(pruned.pruningStats()!.pending).toBeGreaterThan(0);
    expect(archive.pruningStats()).toBeNull();
    // The archive keeps every superseded node.
    expect((await storedNodes(archive)).size).toBeGreaterThan((await storedNodes(pruned)).size);
    await expectHeadProofs(pruned);
    // The head's account values are what the tree proves (the balances moved every block).
    expect(encodeAccount(pruned.state.account(sinks[0]!.publicKey))).toEqual(archive.state.get(StateNs.account, sinks[0]!.publicKey));
  });

  it("refuses a pruned root with MISSING_NODE once the cache no longer holds it", async () => {
    for (let round = 0; round < 6; round++) await block(round);
    const oldRoot = (await pruned.blocks.header(1))!.stateRoot;
    await pruned.close();
    pruned = await Chain.open(join(dir, "pruned"), parseGenesis(GENESIS), { stateHistory: KEEP });
    const key = smtKey(StateNs.account, senders[0]!.publicKey);
    const err = await pruned.smt.get(oldRoot, key).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SmtError);
    expect((err as SmtError).type.code).toBe("MISSING_NODE");
    // The archive still answers at that root.
    expect(await archive.smt.get(oldRoot, key)).not.toBeNull();
  });

  it("after a restart keeps every node it needs, goes on pruning, and leaves the nodes pending at the restart behind", async () => {
    for (let round = 0; round < 6; round++) await block(round);
    await pruned.close();
    pruned = await Chain.open(join(dir, "pruned"), parseGenesis(GENESIS), { stateHistory: KEEP });
    await expectHeadProofs(pruned);
    for (let round = 6; round < 14; round++) {
      await block(round);
      const stored = await storedNodes(pruned);
      for (const x of await recentTreeNodes(pruned)) expect(stored.has(x)).toBe(true);
    }
    const stored = await storedNodes(pruned);
    const recent = await recentTreeNodes(pruned);
    // Superseded before the restart and still pending then: never deleted (tracking is in memory).
    const leftOver = [...stored].filter((x) => !recent.has(x)).length;
    expect(leftOver).toBeGreaterThan(0);
    expect(stored.size).toBeLessThan((await storedNodes(archive)).size);
    await expectHeadProofs(pruned);
  });

  it("refuses a negative or fractional state history", async () => {
    await expect(Chain.open(join(dir, "bad"), parseGenesis(GENESIS), { stateHistory: -1 })).rejects.toThrow(RangeError);
    await expect(Chain.open(join(dir, "bad"), parseGenesis(GENESIS), { stateHistory: 1.5 })).rejects.toThrow(RangeError);
  });
});
