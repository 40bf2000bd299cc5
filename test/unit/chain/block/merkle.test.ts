import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { merkleProof, merkleRoot, verifyMerkleProof, type MerkleProof } from "../../../../src/chain/block/merkle.js";
import { concatBytes, toHex, u32be, utf8 } from "../../../../src/util/bytes.js";

const H = (d: Uint8Array): Uint8Array => sha256(d);

function ids(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => sha256(concatBytes(utf8("tx"), u32be(i))));
}

// Independent statement of the tree rules (RFC 6962 shape, odd node promoted).
function referenceRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return H(new Uint8Array(0));
  let level = leaves.map((id) => H(concatBytes(Uint8Array.of(0), id)));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? H(concatBytes(Uint8Array.of(1), level[i]!, level[i + 1]!)) : level[i]!);
    level = next;
  }
  return level[0]!;
}

describe("tx merkle root", () => {
  it("is SHA-256 of the empty string for no txs", () => {
    expect(toHex(merkleRoot(H, []))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("is the domain-separated leaf hash for one tx (never the bare id)", () => {
    const [id] = ids(1);
    expect(toHex(merkleRoot(H, [id!]))).toBe(toHex(H(concatBytes(Uint8Array.of(0), id!))));
    expect(toHex(merkleRoot(H, [id!]))).not.toBe(toHex(id!));
  });

  it("matches the reference construction for 0 to 17 txs", () => {
    for (let n = 0; n <= 17; n++) expect(toHex(merkleRoot(H, ids(n))), `n=${n}`).toBe(toHex(referenceRoot(ids(n))));
  });

  it("depends on tx order", () => {
    const list = ids(4);
    expect(toHex(merkleRoot(H, [list[1]!, list[0]!, list[2]!, list[3]!]))).not.toBe(toHex(merkleRoot(H, list)));
  });
});

describe("tx merkle proofs", () => {
  for (let n = 1; n <= 17; n++) {
    it(`prove every one of ${n} txs, and fail for a wrong id, index or sibling`, () => {
      const list = ids(n);
      const root = merkleRoot(H, list);
      const outsider = sha256(utf8("not in the block"));
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(H, list, i);
        expect(proof.total).toBe(n);
        expect(verifyMerkleProof(H, root, list[i]!, proof), `index ${i}`).toBe(true);
        // wrong id: an outsider, and a real tx of the block at the wrong place
        expect(verifyMerkleProof(H, root, outsider, proof)).toBe(false);
        if (n > 1) expect(verifyMerkleProof(H, root, list[(i + 1) % n]!, proof)).toBe(false);
        // wrong index: every other index, and out of range
        for (let j = 0; j < n; j++) if (j !== i) expect(verifyMerkleProof(H, root, list[i]!, { ...proof, index: j }), `index ${i} as ${j}`).toBe(false);
        expect(verifyMerkleProof(H, root, list[i]!, { ...proof, index: n })).toBe(false);
        expect(verifyMerkleProof(H, root, list[i]!, { ...proof, index: -1 })).toBe(false);
        // tampered sibling: one bit of each sibling in turn
        for (let s = 0; s < proof.siblings.length; s++) {
          const siblings = proof.siblings.map((x) => x.slice());
          siblings[s]![0]! ^= 1;
          expect(verifyMerkleProof(H, root, list[i]!, { ...proof, siblings })).toBe(false);
        }
        // a sibling missing or one too many
        if (proof.siblings.length > 0) expect(verifyMerkleProof(H, root, list[i]!, { ...proof, siblings: proof.siblings.slice(1) })).toBe(false);
        expect(verifyMerkleProof(H, root, list[i]!, { ...proof, siblings: [...proof.siblings, outsider] })).toBe(false);
        // against another block's root
        expect(verifyMerkleProof(H, merkleRoot(H, ids(n + 1)), list[i]!, proof)).toBe(false);
      }
    });
  }

  it("fails when the claimed total changes the tree shape", () => {
    const list = ids(5);
    const root = merkleRoot(H, list);
    const proof: MerkleProof = merkleProof(H, list, 4);
    expect(verifyMerkleProof(H, root, list[4]!, proof)).toBe(true);
    for (const total of [6, 7, 8, 9]) expect(verifyMerkleProof(H, root, list[4]!, { ...proof, total })).toBe(false);
  });

  it("cannot pass off an inner node as a leaf (second preimage)", () => {
    const list = ids(4);
    const root = merkleRoot(H, list);
    // The left inner node of a 4-leaf tree, claimed as the leaf of a 2-leaf tree.
    const leaf = (id: Uint8Array) => H(concatBytes(Uint8Array.of(0), id));
    const left = H(concatBytes(Uint8Array.of(1), leaf(list[0]!), leaf(list[1]!)));
    const right = H(concatBytes(Uint8Array.of(1), leaf(list[2]!), leaf(list[3]!)));
    expect(verifyMerkleProof(H, root, left, { index: 0, total: 2, siblings: [right] })).toBe(false);
  });
});
