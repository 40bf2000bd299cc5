// Hashing rules of the compact sparse Merkle tree (state root). Pure and free of node-only
// imports: the tree uses them with node:crypto, light clients with @noble/hashes.
//
// The tree has 256 levels below the root, one per key bit. Key bits are read most-significant
// first: bit d is bit (7 - d % 8) of byte d / 8; 0 goes left, 1 goes right.
//   empty subtree       = 32 zero bytes (no hashing, so empty paths cost nothing)
//   leaf(key, value)    = SHA-256(0x00 || key(32) || valueHash(32))
//   branch(left, right) = SHA-256(0x01 || left(32) || right(32))
// Compaction: a subtree that holds exactly one leaf IS that leaf's hash, at the highest level
// where it is alone (Jellyfish / "compact SMT"). So the hash of a set S of leaves at depth d is
//   0 if S is empty; leaf(k, v) if S = {(k, v)}; else branch(hash(S0, d+1), hash(S1, d+1))
// where S0/S1 split S on bit d. The root depends only on the set, never on update order.
// The 0x00/0x01 prefixes keep a leaf from posing as a branch (second-preimage separation).

export type HashFn = (data: Uint8Array) => Uint8Array;

export const HASH_BYTES = 32;
export const KEY_BITS = 256;

export const LEAF_PREFIX = 0x00;
export const BRANCH_PREFIX = 0x01;

/** Length of an encoded leaf or branch: prefix byte + two 32-byte fields. */
export const NODE_BYTES = 1 + 2 * HASH_BYTES;

export const EMPTY_ROOT: Uint8Array = new Uint8Array(HASH_BYTES);

export function isEmptyHash(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}

/** Bit d of a key, most-significant bit of byte 0 first. */
export function keyBit(key: Uint8Array, d: number): number {
  return (key[d >> 3]! >> (7 - (d & 7))) & 1;
}

/** True when the first `bits` bits of a and b agree. */
export function sharesPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole]! ^ b[whole]!) & mask) === 0;
}

export function encodeLeaf(key: Uint8Array, valueHash: Uint8Array): Uint8Array {
  const b = new Uint8Array(NODE_BYTES);
  b[0] = LEAF_PREFIX;
  b.set(key, 1);
  b.set(valueHash, 1 + HASH_BYTES);
  return b;
}

export function encodeBranch(left: Uint8Array, right: Uint8Array): Uint8Array {
  const b = new Uint8Array(NODE_BYTES);
  b[0] = BRANCH_PREFIX;
  b.set(left, 1);
  b.set(right, 1 + HASH_BYTES);
  return b;
}

export function leafHash(h: HashFn, key: Uint8Array, valueHash: Uint8Array): Uint8Array {
  return h(encodeLeaf(key, valueHash));
}

export function branchHash(h: HashFn, left: Uint8Array, right: Uint8Array): Uint8Array {
  return h(encodeBranch(left, right));
}
