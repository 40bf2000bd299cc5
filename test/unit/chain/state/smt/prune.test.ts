// Pruning superseded tree nodes (prune.ts, tree.ts `superseded`): over random histories in which
// keys go back to earlier values (so nodes deleted or pending deletion come back), the store
// always holds every node of the last keepHeights + 1 roots, and nothing else.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { toHex } from "../../../../../src/util/bytes.js";
import { EMPTY_ROOT, SparseMerkleTree, type SmtChange } from "../../../../../src/chain/state/smt/tree.js";
import { reachableNodes } from "../../../../../src/chain/state/smt/walk.js";
import { StaleNodeLog, hashTag } from "../../../../../src/chain/state/smt/prune.js";
import { flipBit, h, MapStore } from "./fixtures.js";

// Few keys (near-twins of one base and a few random ones) and four values: histories revisit
// earlier leaf sets, so whole paths of nodes come back while older copies are pending deletion.
const BASE = h("prune-base");
const keyArb = fc.oneof(
  fc.constantFrom(BASE, flipBit(BASE, 0), flipBit(BASE, 3), flipBit(BASE, 200), flipBit(BASE, 255)),
  fc.constantFrom(h("k1"), h("k2"), h("k3")),
);
const valueArb = fc.option(fc.integer({ min: 0, max: 3 }).map((v) => h(`v${v}`)), { freq: 3 });
const blocksArb = fc.array(fc.array(fc.record({ key: keyArb, valueHash: valueArb }), { maxLength: 6 }), { minLength: 1, maxLength: 14 });

/** Hex hashes of every node reachable from `root`, read from the store (never from a cache). */
async function treeNodes(store: MapStore, root: Uint8Array): Promise<Set<string>> {
  return (await reachableNodes(store, root)).hashes;
}

/** Commits one block as the chain does: writes, deletions of the plan, then apply. */
async function commit(tree: SparseMerkleTree, store: MapStore, log: StaleNodeLog, root: Uint8Array, height: number, changes: SmtChange[]) {
  const r = await tree.update(root, changes);
  const plan = log.plan(height, r.nodes, r.superseded);
  store.put(r.nodes);
  for (const d of plan.deletions) store.map.delete(toHex(d));
  log.apply(plan);
  return r;
}

describe("pruning superseded state-tree nodes", () => {
  it("superseded is exactly the nodes of the old root that the new root does not hold", async () => {
    await fc.assert(
      fc.asyncProperty(blocksArb, fc.integer({ min: 0, max: 6 }), async (blocks, cacheNodes) => {
        const store = new MapStore();
        const tree = new SparseMerkleTree(store, { cacheNodes });
        let root = EMPTY_ROOT;
        for (const changes of blocks) {
          const before = await treeNodes(store, root);
          const r = await tree.update(root, changes);
          store.put(r.nodes);
          const after = await treeNodes(store, r.root);
          expect(new Set(r.superseded.map(toHex))).toEqual(new Set([...before].filter((x) => !after.has(x))));
          root = r.root;
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the store holds every node of the last keepHeights + 1 roots and nothing older", async () => {
    await fc.assert(
      fc.asyncProperty(blocksArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 6 }), async (blocks, keep, cacheNodes) => {
        const store = new MapStore();
        // A small cache sends reads to the store, where a wrongly deleted node would be missed.
        const tree = new SparseMerkleTree(store, { cacheNodes });
        const log = new StaleNodeLog(keep);
        const roots = [EMPTY_ROOT];
        for (let height = 1; height <= blocks.length; height++) {
          const r = await commit(tree, store, log, roots[height - 1]!, height, blocks[height - 1]!);
          roots.push(r.root);
          const kept = new Set<string>();
          for (let j = Math.max(0, height - keep); j <= height; j++) for (const x of await treeNodes(store, roots[j]!)) kept.add(x);
          expect(new Set(store.map.keys())).toEqual(kept);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a node superseded, pending deletion and then written again is kept", async () => {
    const store = new MapStore();
    const tree = new SparseMerkleTree(store);
    const log = new StaleNodeLog(2);
    const k = h("k");
    const r1 = await commit(tree, store, log, EMPTY_ROOT, 1, [{ key: k, valueHash: h("a") }]);
    const r2 = await commit(tree, store, log, r1.root, 2, [{ key: k, valueHash: h("b") }]);
    expect(r2.superseded.map(toHex)).toEqual([toHex(r1.root)]);
    // Back to "a": the leaf of height 1 is written again while its deletion (due at 4) is pending.
    const r3 = await commit(tree, store, log, r2.root, 3, [{ key: k, valueHash: h("a") }]);
    expect(r3.root).toEqual(r1.root);
    const r4 = await commit(tree, store, log, r3.root, 4, [{ key: h("other"), valueHash: h("x") }]);
    await commit(tree, store, log, r4.root, 5, []);
    expect(store.map.has(toHex(r1.root))).toBe(true);
    expect(await tree.get(r4.root, k)).toEqual(h("a"));
    // "b" was superseded at 3 and not written again: gone after 3 + 2.
    expect(store.map.has(toHex(r2.root))).toBe(false);
  });

  it("a block that writes a node due for deletion in the same block keeps it", () => {
    const log = new StaleNodeLog(1);
    const x = h("node-x");
    log.apply(log.plan(1, [], [x]));
    // Block 2 prunes height 1 and writes x again at the same time.
    const plan = log.plan(2, [{ hash: x }], []);
    expect(plan.deletions).toEqual([]);
    log.apply(plan);
    expect(log.pendingCount).toBe(0);
  });

  it("a plan changes nothing until applied", () => {
    const log = new StaleNodeLog(1);
    const x = h("node-x");
    log.apply(log.plan(1, [], [x]));
    expect(log.plan(2, [], []).deletions).toEqual([x]);
    // Not applied (the batch did not land): the same block's plan still deletes it.
    expect(log.plan(2, [], []).deletions).toEqual([x]);
    expect(log.deletedTotal).toBe(0);
    log.apply(log.plan(2, [], []));
    expect(log.deletedTotal).toBe(1);
    expect(log.pendingCount).toBe(0);
  });

  it("refuses a window of no heights and tags hashes by their first 48 bits", () => {
    expect(() => new StaleNodeLog(0)).toThrow(RangeError);
    const a = new Uint8Array(32).fill(0xff);
    expect(hashTag(a)).toBe(2 ** 48 - 1);
    const b = a.slice();
    b[6] = 0;
    expect(hashTag(b)).toBe(hashTag(a));
  });
});
