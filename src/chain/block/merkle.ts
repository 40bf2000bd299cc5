// txRoot: a binary Merkle tree over tx ids (RFC 6962 shape: leaf = H(0x00 || id),
// node = H(0x01 || left || right), an odd node is promoted unchanged; empty = H("")).
// Proofs let a light client check that a message is in a finalized block.

export type Hash = (data: Uint8Array) => Uint8Array;

function leafHash(h: Hash, id: Uint8Array): Uint8Array {
  const b = new Uint8Array(33);
  b[0] = 0x00;
  b.set(id, 1);
  return h(b);
}

function nodeHash(h: Hash, l: Uint8Array, r: Uint8Array): Uint8Array {
  const b = new Uint8Array(65);
  b[0] = 0x01;
  b.set(l, 1);
  b.set(r, 33);
  return h(b);
}

export function merkleRoot(h: Hash, ids: readonly Uint8Array[]): Uint8Array {
  if (ids.length === 0) return h(new Uint8Array(0));
  let level = ids.map((id) => leafHash(h, id));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(h, level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** Sibling hashes from the leaf up; a promoted odd node contributes no sibling at that level. */
export interface MerkleProof {
  index: number;
  total: number;
  siblings: Uint8Array[];
}

export function merkleProof(h: Hash, ids: readonly Uint8Array[], index: number): MerkleProof {
  const siblings: Uint8Array[] = [];
  let level = ids.map((id) => leafHash(h, id));
  let i = index;
  while (level.length > 1) {
    const sib = i ^ 1;
    if (sib < level.length) siblings.push(level[sib]!);
    const next: Uint8Array[] = [];
    for (let j = 0; j < level.length; j += 2) next.push(j + 1 < level.length ? nodeHash(h, level[j]!, level[j + 1]!) : level[j]!);
    level = next;
    i >>= 1;
  }
  return { index, total: ids.length, siblings };
}

export function verifyMerkleProof(h: Hash, root: Uint8Array, id: Uint8Array, proof: MerkleProof): boolean {
  if (proof.index < 0 || proof.index >= proof.total) return false;
  let acc = leafHash(h, id);
  let i = proof.index;
  let width = proof.total;
  let s = 0;
  while (width > 1) {
    const sib = i ^ 1;
    if (sib < width) {
      const sibling = proof.siblings[s++];
      if (!sibling) return false;
      acc = i & 1 ? nodeHash(h, sibling, acc) : nodeHash(h, acc, sibling);
    }
    i >>= 1;
    width = Math.ceil(width / 2);
  }
  if (s !== proof.siblings.length) return false;
  return acc.length === root.length && acc.every((b, k) => b === root[k]);
}
