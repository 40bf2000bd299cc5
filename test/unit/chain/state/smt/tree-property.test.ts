// Properties over random histories: the root is a function of the final set of leaves only.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sha256 } from "@noble/hashes/sha2.js";
import { toHex } from "../../../../../src/util/bytes.js";
import { EMPTY_ROOT, SparseMerkleTree, verifyProof } from "../../../../../src/chain/state/smt/tree.js";
import { flipBit, h, MapStore, referenceRoot } from "./fixtures.js";

// Keys mix fully random ones with near-twins of two bases (one bit flipped anywhere in 256),
// so histories exercise deep branches, long one-sided chains and collapses at every depth.
const BASES = [h("base-a"), h("base-b")];
const keyArb = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }),
  fc.tuple(fc.constantFrom(...BASES), fc.integer({ min: 0, max: 255 })).map(([b, bit]) => flipBit(b, bit)),
  fc.constantFrom(...BASES),
);
// A small value space makes "rewrite with the same value" happen too.
const valueArb = fc.option(fc.integer({ min: 0, max: 3 }).map((v) => h(`v${v}`)), { freq: 4 });
const opArb = fc.record({ key: keyArb, valueHash: valueArb });
const historyArb = fc.array(fc.array(opArb, { maxLength: 25 }), { maxLength: 6 });

type Leaves = Map<string, { key: Uint8Array; value: Uint8Array }>;

function applyToModel(model: Leaves, ops: readonly { key: Uint8Array; valueHash: Uint8Array | null }[]): void {
  for (const op of ops) {
    if (op.valueHash === null) model.delete(toHex(op.key));
    else model.set(toHex(op.key), { key: op.key, value: op.valueHash });
  }
}

describe("SMT properties", () => {
  it("any history of batched inserts, updates and deletes ends at the reference root of the final set", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 0, max: 8 }), async (blocks, cacheNodes) => {
        const store = new MapStore();
        // Small caches force reads back through the store in the middle of updates.
        const tree = new SparseMerkleTree(store, { cacheNodes });
        const model: Leaves = new Map();
        let root = EMPTY_ROOT;
        for (const ops of blocks) {
          const r = await tree.update(root, ops);
          store.put(r.nodes);
          root = r.root;
          applyToModel(model, ops);
          expect(toHex(root)).toBe(toHex(referenceRoot(model)));
        }
        for (const { key, value } of model.values()) expect(await tree.get(root, key)).toEqual(value);
      }),
      { numRuns: 150 },
    );
  });

  it("the same final set reached in one shuffled batch or leaf by leaf gives the same root", async () => {
    const setArb = fc.uniqueArray(fc.record({ key: keyArb, valueHash: fc.integer({ min: 0, max: 3 }).map((v) => h(`v${v}`)) }), {
      selector: (e) => toHex(e.key),
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(setArb, fc.func(fc.integer()), async (leaves, order) => {
        const store = new MapStore();
        const tree = new SparseMerkleTree(store);
        const oneBatch = await tree.update(EMPTY_ROOT, leaves);
        const shuffled = [...leaves].sort((a, b) => order(toHex(a.key)) - order(toHex(b.key)));
        let root = EMPTY_ROOT;
        for (const leaf of shuffled) {
          const r = await tree.update(root, [leaf]);
          store.put(r.nodes);
          root = r.root;
        }
        expect(toHex(root)).toBe(toHex(oneBatch.root));
      }),
      { numRuns: 100 },
    );
  });

  it("every key gets a proof that verifies for its true state and fails for any other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), fc.array(keyArb, { maxLength: 8 }), async (ops, queries) => {
        const store = new MapStore();
        const tree = new SparseMerkleTree(store);
        const r = await tree.update(EMPTY_ROOT, ops);
        store.put(r.nodes);
        const model: Leaves = new Map();
        applyToModel(model, ops);
        for (const key of [...ops.map((o) => o.key), ...queries]) {
          const value = model.get(toHex(key))?.value ?? null;
          const proof = await tree.prove(r.root, key);
          expect(verifyProof(r.root, key, value, proof, sha256)).toBe(true);
          const wrong = value === null ? h("not-stored") : null;
          expect(verifyProof(r.root, key, wrong, proof, sha256)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});
