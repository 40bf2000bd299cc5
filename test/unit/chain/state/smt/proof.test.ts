import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { EMPTY_ROOT, SparseMerkleTree, decodeProof, encodeProof, verifyProof, type SmtProof } from "../../../../../src/chain/state/smt/tree.js";
import { encode } from "../../../../../src/chain/codec.js";
import { flipBit, h, MapStore } from "./fixtures.js";

/** A persisted tree holding key i -> value i for the given labels, plus two keys that share 255 bits. */
async function fixture() {
  const store = new MapStore();
  const tree = new SparseMerkleTree(store);
  const deep = h("deep");
  const deepTwin = flipBit(deep, 255);
  const changes = [
    ...Array.from({ length: 64 }, (_, i) => ({ key: h(`k${i}`), valueHash: h(`v${i}`) })),
    { key: deep, valueHash: h("d1") },
    { key: deepTwin, valueHash: h("d2") },
  ];
  const r = await tree.update(EMPTY_ROOT, changes);
  store.put(r.nodes);
  return { tree, root: r.root, deep, deepTwin };
}

function tamper(p: SmtProof): SmtProof {
  const siblings = p.siblings.map((s) => s.slice());
  siblings[0]![0]! ^= 1;
  return { ...p, siblings };
}

describe("SMT proofs", () => {
  it("an inclusion proof verifies for the stored value, and not for a wrong value, wrong root or absence", async () => {
    const { tree, root } = await fixture();
    const proof = await tree.prove(root, h("k5"));
    expect(proof.otherLeaf).toBeNull();
    expect(verifyProof(root, h("k5"), h("v5"), proof, sha256)).toBe(true);
    expect(verifyProof(root, h("k5"), h("v6"), proof, sha256)).toBe(false);
    expect(verifyProof(h("other root"), h("k5"), h("v5"), proof, sha256)).toBe(false);
    expect(verifyProof(root, h("k5"), null, proof, sha256)).toBe(false);
  });

  it("an inclusion proof with a tampered sibling fails", async () => {
    const { tree, root } = await fixture();
    const proof = await tree.prove(root, h("k9"));
    expect(proof.siblings.length).toBeGreaterThan(0);
    expect(verifyProof(root, h("k9"), h("v9"), tamper(proof), sha256)).toBe(false);
  });

  it("a proof for the deepest possible leaf carries 256 levels but few siblings thanks to the bitmap", async () => {
    const { tree, root, deep, deepTwin } = await fixture();
    const proof = await tree.prove(root, deepTwin);
    expect(proof.depth).toBe(256);
    expect(proof.siblings.length).toBeLessThan(20);
    expect(verifyProof(root, deepTwin, h("d2"), proof, sha256)).toBe(true);
    expect(verifyProof(root, deep, h("d2"), proof, sha256)).toBe(false);
  });

  it("an exclusion proof verifies for an absent key whose path ends at another leaf", async () => {
    const { tree, root, deep } = await fixture();
    const absent = flipBit(deep, 200); // shares 200 bits with `deep`: its path ends at the deep branch or a leaf
    const absent2 = flipBit(h("k3"), 250); // shares 250 bits with k3, whose leaf sits far higher: path ends at k3's leaf
    const proof = await tree.prove(root, absent2);
    expect(proof.otherLeaf).not.toBeNull();
    expect(proof.otherLeaf!.key).toEqual(h("k3"));
    expect(verifyProof(root, absent2, null, proof, sha256)).toBe(true);
    expect(verifyProof(root, absent2, h("v3"), proof, sha256)).toBe(false);
    const p2 = await tree.prove(root, absent);
    expect(verifyProof(root, absent, null, p2, sha256)).toBe(true);
  });

  it("an exclusion proof verifies for an absent key whose path ends in an empty slot", async () => {
    const { tree, root, deep } = await fixture();
    // Bit 254 flipped: the deep pair's branch chain runs to depth 255, so this path leaves it for an empty side.
    const absent = flipBit(deep, 254);
    const proof = await tree.prove(root, absent);
    expect(proof.otherLeaf).toBeNull();
    expect(proof.depth).toBe(255);
    expect(verifyProof(root, absent, null, proof, sha256)).toBe(true);
    expect(verifyProof(root, absent, null, tamper(proof), sha256)).toBe(false);
  });

  it("the empty tree proves every key absent with a zero-length proof", async () => {
    const tree = new SparseMerkleTree(new MapStore());
    const proof = await tree.prove(EMPTY_ROOT, h("x"));
    expect(proof).toEqual({ depth: 0, bitmap: new Uint8Array(0), siblings: [], otherLeaf: null });
    expect(verifyProof(EMPTY_ROOT, h("x"), null, proof, sha256)).toBe(true);
    expect(verifyProof(EMPTY_ROOT, h("x"), h("v"), proof, sha256)).toBe(false);
  });

  it("an exclusion proof cannot be made to pass for a present key", async () => {
    const { tree, root } = await fixture();
    const proof = await tree.prove(root, h("k5"));
    expect(verifyProof(root, h("k5"), null, proof, sha256)).toBe(false);
    // Nor by presenting the key's own leaf as the "other" leaf.
    expect(verifyProof(root, h("k5"), null, { ...proof, otherLeaf: { key: h("k5"), valueHash: h("v5") } }, sha256)).toBe(false);
    // Nor by borrowing another key's exclusion proof.
    const absentProof = await tree.prove(root, h("absent"));
    expect(verifyProof(root, h("k5"), null, absentProof, sha256)).toBe(false);
  });

  it("proofs round-trip through the canonical encoding", async () => {
    const { tree, root, deep } = await fixture();
    for (const key of [h("k1"), h("absent"), flipBit(deep, 254), flipBit(h("k3"), 250)]) {
      const proof = await tree.prove(root, key);
      const decoded = decodeProof(encodeProof(proof));
      expect(decoded).toEqual(proof);
    }
  });

  it("decodeProof rejects garbage, wrong shapes and non-canonical proofs", async () => {
    const { tree, root } = await fixture();
    const proof = await tree.prove(root, h("k1"));
    const good = encodeProof(proof);
    expect(decodeProof(new Uint8Array([0xc1]))).toBeUndefined();
    expect(decodeProof(new Uint8Array(0))).toBeUndefined();
    expect(decodeProof(good.subarray(0, good.length - 1))).toBeUndefined();
    expect(decodeProof(encode([proof.depth, proof.bitmap, proof.siblings]))).toBeUndefined();
    // depth beyond 256 levels
    expect(decodeProof(encode([257, new Uint8Array(33), [], null]))).toBeUndefined();
    // a sibling too many for the bitmap
    expect(decodeProof(encode([proof.depth, proof.bitmap, [...proof.siblings, h("x")], null]))).toBeUndefined();
    // an empty sibling spelled as zeros instead of a zero bit
    expect(decodeProof(encode([8, new Uint8Array([0x80]), [new Uint8Array(32)], null]))).toBeUndefined();
    // a padding bit past the depth
    expect(decodeProof(encode([7, new Uint8Array([0x01]), [h("x")], null]))).toBeUndefined();
    // a short other-leaf key
    expect(decodeProof(encode([0, new Uint8Array(0), [], [new Uint8Array(31), h("v")]]))).toBeUndefined();
    // trailing bytes after a valid proof
    expect(decodeProof(new Uint8Array([...good, 0]))).toBeUndefined();
  });
});
