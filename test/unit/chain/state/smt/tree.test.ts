import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, toHex, utf8 } from "../../../../../src/util/bytes.js";
import { EMPTY_ROOT, SmtError, SparseMerkleTree, encodeProof } from "../../../../../src/chain/state/smt/tree.js";
import { BatchedMapStore, flipBit, h, MapStore, referenceRoot } from "./fixtures.js";

function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return sha256(concatBytes(new Uint8Array([0]), key, value));
}

/** A tree over a Map store that persists every update, as the block writer would. */
function storedTree(cacheNodes?: number) {
  const store = new MapStore();
  const tree = new SparseMerkleTree(store, cacheNodes === undefined ? {} : { cacheNodes });
  const apply = async (root: Uint8Array, changes: { key: Uint8Array; valueHash: Uint8Array | null }[]) => {
    const r = await tree.update(root, changes);
    store.put(r.nodes);
    return r.root;
  };
  return { store, tree, apply };
}

describe("SparseMerkleTree", () => {
  it("the empty tree's root is 32 zero bytes and holds nothing", async () => {
    const { tree } = storedTree();
    expect(EMPTY_ROOT).toEqual(new Uint8Array(32));
    expect(await tree.get(EMPTY_ROOT, h("k"))).toBeNull();
    const r = await tree.update(EMPTY_ROOT, []);
    expect(r.root).toEqual(EMPTY_ROOT);
    expect(r.nodes).toEqual([]);
  });

  it("hands out each new node with its store key: the caller's prefix byte, then the node's hash", async () => {
    const tree = new SparseMerkleTree(new MapStore(), { keyPrefix: 0x08 });
    const changes = Array.from({ length: 3_000 }, (_, i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) }));
    const { nodes } = await tree.update(EMPTY_ROOT, changes);
    expect(nodes.length).toBeGreaterThan(3_000); // more than one slab of nodes
    for (const n of nodes) {
      expect(toHex(n.hash)).toBe(toHex(sha256(n.bytes)));
      expect(toHex(n.key)).toBe("08" + toHex(n.hash));
    }
  });

  it("a tree with one leaf has that leaf's hash as its root", async () => {
    const { tree, apply } = storedTree();
    const root = await apply(EMPTY_ROOT, [{ key: h("k"), valueHash: h("v") }]);
    expect(toHex(root)).toBe(toHex(leafHash(h("k"), h("v"))));
    expect(await tree.get(root, h("k"))).toEqual(h("v"));
  });

  it("two leaves under one branch hash as SHA-256(0x01 || left || right), split on the top bit", async () => {
    const { apply } = storedTree();
    const a = new Uint8Array(32); // top bit 0: left
    const b = flipBit(a, 0); // top bit 1: right
    const root = await apply(EMPTY_ROOT, [
      { key: b, valueHash: h(2) },
      { key: a, valueHash: h(1) },
    ]);
    const expected = sha256(concatBytes(new Uint8Array([1]), leafHash(a, h(1)), leafHash(b, h(2))));
    expect(toHex(root)).toBe(toHex(expected));
  });

  it("matches the protocol test vector: keys SHA-256(name), values SHA-256(name + \"-value\")", async () => {
    // These bytes go into docs/PROTOCOL.md; a change here is a consensus change.
    const { tree, apply } = storedTree();
    const leaf = (name: string) => ({ key: sha256(utf8(name)), valueHash: sha256(utf8(`${name}-value`)) });
    const root = await apply(EMPTY_ROOT, [leaf("alice"), leaf("bob"), leaf("carol")]);
    expect(toHex(root)).toBe("98b0716b2e686010f3e94a2bd8274b0366f71f00b50b3a6ed2de772b47c0500c");
    expect(toHex(encodeProof(await tree.prove(root, leaf("bob").key)))).toBe(
      "9401c4018091c420798b3a11ee79e9edc5e59c7778d0633555e394a99312b7e4e77bfef96c09c241c0",
    );
  });

  it("inserts, updates and deletes keys, matching the reference root at each step", async () => {
    const { tree, apply } = storedTree();
    const model = new Map<string, { key: Uint8Array; value: Uint8Array }>();
    const set = (k: Uint8Array, v: Uint8Array) => model.set(toHex(k), { key: k, value: v });
    let root = await apply(EMPTY_ROOT, [1, 2, 3, 4, 5].map((i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) })));
    for (const i of [1, 2, 3, 4, 5]) set(h(`k${i}`), h(`v${i}`));
    expect(root).toEqual(referenceRoot(model));

    root = await apply(root, [{ key: h("k3"), valueHash: h("v3b") }]);
    set(h("k3"), h("v3b"));
    expect(root).toEqual(referenceRoot(model));
    expect(await tree.get(root, h("k3"))).toEqual(h("v3b"));

    root = await apply(root, [{ key: h("k2"), valueHash: null }]);
    model.delete(toHex(h("k2")));
    expect(root).toEqual(referenceRoot(model));
    expect(await tree.get(root, h("k2"))).toBeNull();
    expect(await tree.get(root, h("k1"))).toEqual(h("v1"));
  });

  it("deleting every key returns the tree to EMPTY_ROOT", async () => {
    const { apply } = storedTree();
    const keys = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => h(`k${i}`));
    let root = await apply(EMPTY_ROOT, keys.map((key) => ({ key, valueHash: h("v") })));
    root = await apply(root, keys.slice(0, 5).map((key) => ({ key, valueHash: null })));
    expect(root).not.toEqual(EMPTY_ROOT);
    root = await apply(root, keys.slice(5).map((key) => ({ key, valueHash: null })));
    expect(root).toEqual(EMPTY_ROOT);
  });

  it("a leaf left alone after a delete moves up: the root of {a, b} minus b is leaf(a)", async () => {
    const { apply } = storedTree();
    const a = h("a");
    const b = flipBit(a, 255); // shares 255 bits with a: the deepest possible branch
    let root = await apply(EMPTY_ROOT, [{ key: a, valueHash: h(1) }, { key: b, valueHash: h(2) }]);
    root = await apply(root, [{ key: b, valueHash: null }]);
    expect(toHex(root)).toBe(toHex(leafHash(a, h(1))));
  });

  it("deleting an absent key or rewriting an equal value leaves the root unchanged and writes nothing", async () => {
    const { tree, apply } = storedTree();
    const root = await apply(EMPTY_ROOT, [1, 2, 3].map((i) => ({ key: h(`k${i}`), valueHash: h(i) })));
    const r = await tree.update(root, [
      { key: h("absent"), valueHash: null },
      { key: h("k2"), valueHash: h(2) },
    ]);
    expect(r.root).toEqual(root);
    expect(r.nodes).toEqual([]);
  });

  it("when a key repeats in one batch, the last change wins", async () => {
    const { tree, apply } = storedTree();
    const root = await apply(EMPTY_ROOT, [
      { key: h("k"), valueHash: h(1) },
      { key: h("k"), valueHash: null },
      { key: h("k"), valueHash: h(3) },
    ]);
    expect(await tree.get(root, h("k"))).toEqual(h(3));
    expect(root).toEqual(leafHash(h("k"), h(3)));
  });

  it("a tree reopened over the same store with a fresh cache reads the same values", async () => {
    const { store, apply } = storedTree();
    const changes = Array.from({ length: 200 }, (_, i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) }));
    const root = await apply(EMPTY_ROOT, changes);
    const reopened = new SparseMerkleTree(store, { cacheNodes: 16 });
    store.reads = 0;
    for (const c of changes) expect(await reopened.get(root, c.key)).toEqual(c.valueHash);
    expect(store.reads).toBeGreaterThan(0); // it really read from the store, not from the first tree
    // And updates over the reopened tree agree with the original.
    const next = await reopened.update(root, [{ key: h("k7"), valueHash: null }]);
    const model = new Map(changes.filter((_, i) => i !== 7).map((c) => [toHex(c.key), { key: c.key, value: c.valueHash }]));
    expect(next.root).toEqual(referenceRoot(model));
  });

  it("a store with getMany serves an update's cold reads in one call per tree level", async () => {
    const store = new BatchedMapStore();
    const writer = new SparseMerkleTree(store);
    const changes = Array.from({ length: 300 }, (_, i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) }));
    const first = await writer.update(EMPTY_ROOT, changes);
    store.put(first.nodes);
    const cold = new SparseMerkleTree(store);
    const next = await cold.update(first.root, changes.map((c) => ({ key: c.key, valueHash: h("new") })));
    expect(store.reads).toBe(0); // no single gets
    expect(store.getManyCalls).toBeGreaterThan(0);
    expect(store.getManyCalls).toBeLessThanOrEqual(30); // ~log2(300) levels, not one per node
    const model = new Map(changes.map((c) => [toHex(c.key), { key: c.key, value: h("new") }]));
    expect(next.root).toEqual(referenceRoot(model));
  });

  it("old roots stay readable after later updates", async () => {
    const { store, tree, apply } = storedTree();
    const r1 = await apply(EMPTY_ROOT, [1, 2, 3].map((i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) })));
    const r2 = await apply(r1, [
      { key: h("k1"), valueHash: h("changed") },
      { key: h("k2"), valueHash: null },
      { key: h("k4"), valueHash: h("v4") },
    ]);
    expect(await tree.get(r1, h("k1"))).toEqual(h("v1"));
    expect(await tree.get(r1, h("k2"))).toEqual(h("v2"));
    expect(await tree.get(r1, h("k4"))).toBeNull();
    expect(await tree.get(r2, h("k1"))).toEqual(h("changed"));
    expect(await tree.get(r2, h("k2"))).toBeNull();
    // Also from the store alone, with no cache to lean on.
    const fresh = new SparseMerkleTree(store, { cacheNodes: 0 });
    expect(await fresh.get(r1, h("k3"))).toEqual(h("v3"));
  });

  it("a tree with a tiny cache updates correctly by reading back from the store", async () => {
    const { apply } = storedTree(4);
    const model = new Map<string, { key: Uint8Array; value: Uint8Array }>();
    let root = EMPTY_ROOT;
    for (let block = 0; block < 5; block++) {
      const changes = Array.from({ length: 40 }, (_, i) => ({ key: h(`k${(block * 17 + i) % 70}`), valueHash: h(`v${block}-${i}`) }));
      root = await apply(root, changes);
      for (const c of changes) model.set(toHex(c.key), { key: c.key, value: c.valueHash });
    }
    expect(root).toEqual(referenceRoot(model));
  });

  it("reading a root whose nodes were never persisted fails with MISSING_NODE", async () => {
    const store = new MapStore();
    const writer = new SparseMerkleTree(store);
    const { root } = await writer.update(EMPTY_ROOT, [{ key: h("a"), valueHash: h(1) }, { key: h("b"), valueHash: h(2) }]);
    const reader = new SparseMerkleTree(store); // nothing was put into the store
    await expect(reader.get(root, h("a"))).rejects.toSatisfy((e: unknown) => e instanceof SmtError && e.code === "MISSING_NODE");
  });

  it("a stored node whose bytes do not hash to its key fails with CORRUPT_NODE", async () => {
    const { store, apply } = storedTree();
    const root = await apply(EMPTY_ROOT, [{ key: h("a"), valueHash: h(1) }, { key: h("b"), valueHash: h(2) }]);
    const bytes = store.map.get(toHex(root))!.slice();
    bytes[40]! ^= 1;
    store.map.set(toHex(root), bytes);
    const reader = new SparseMerkleTree(store);
    await expect(reader.get(root, h("a"))).rejects.toSatisfy((e: unknown) => e instanceof SmtError && e.code === "CORRUPT_NODE");
  });

  it("keys and value hashes that are not 32 bytes are refused with BAD_INPUT", async () => {
    const { tree } = storedTree();
    await expect(tree.update(EMPTY_ROOT, [{ key: new Uint8Array(31), valueHash: h(1) }])).rejects.toSatisfy(
      (e: unknown) => e instanceof SmtError && e.code === "BAD_INPUT",
    );
    await expect(tree.update(EMPTY_ROOT, [{ key: h(1), valueHash: new Uint8Array(33) }])).rejects.toSatisfy(
      (e: unknown) => e instanceof SmtError && e.code === "BAD_INPUT",
    );
    await expect(tree.get(EMPTY_ROOT, new Uint8Array(3))).rejects.toSatisfy((e: unknown) => e instanceof SmtError && e.code === "BAD_INPUT");
  });
});
