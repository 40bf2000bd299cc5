// Inclusion and exclusion proofs for the compact sparse Merkle tree (rules in hash.ts).
// Pure and free of node-only imports: light clients verify with their own SHA-256.
//
// A proof describes the path from the root towards `key` down to where it ends, at `depth`:
//   - inclusion: the path ends at key's own leaf;
//   - exclusion, empty slot: the path ends at an empty subtree (otherLeaf = null);
//   - exclusion, other leaf: the path ends at the one leaf of that subtree, whose key differs
//     (otherLeaf = that leaf). In a compact tree that leaf stands for its whole subtree, so a
//     different key there proves `key` absent.
// Siblings along the path are mostly empty near the leaf end; empty ones are omitted and a
// bitmap says which levels have one. Wire form (canonical msgpack, src/chain/codec.ts):
//   [depth, bitmap, siblings, otherLeaf]   otherLeaf = nil | [key, valueHash]
// bitmap is ceil(depth / 8) bytes; bit d (most-significant first, as for keys) is set when the
// sibling of the path at depth d + 1 is non-empty; unused trailing bits are zero. siblings holds
// the non-empty ones from the deepest level up, so siblings.length = popcount(bitmap).
import { bytesEqual } from "../../../util/bytes.js";
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../../codec.js";
import {
  branchHash,
  EMPTY_ROOT,
  HASH_BYTES,
  isEmptyHash,
  KEY_BITS,
  keyBit,
  leafHash,
  sharesPrefix,
  type HashFn,
} from "./hash.js";

export interface SmtLeafRef {
  key: Uint8Array;
  valueHash: Uint8Array;
}

export interface SmtProof {
  /** Depth where the path ends: 0 means the root itself is the leaf or empty tree. At most 256. */
  depth: number;
  /** ceil(depth / 8) bytes; bit d set = a non-empty sibling at depth d + 1 is in `siblings`. */
  bitmap: Uint8Array;
  /** Non-empty sibling hashes, deepest first (leaf level up). */
  siblings: Uint8Array[];
  /** Exclusion proofs only: the different leaf where the path ends. null for inclusion or an empty slot. */
  otherLeaf: SmtLeafRef | null;
}

function bitmapBit(bitmap: Uint8Array, d: number): number {
  return keyBit(bitmap, d);
}

/** Structural rules every proof must meet; false for anything a peer could make up. */
function wellFormed(p: SmtProof): boolean {
  if (!Number.isSafeInteger(p.depth) || p.depth < 0 || p.depth > KEY_BITS) return false;
  if (!(p.bitmap instanceof Uint8Array) || p.bitmap.length !== Math.ceil(p.depth / 8)) return false;
  let ones = 0;
  for (let d = 0; d < p.bitmap.length * 8; d++) {
    if (bitmapBit(p.bitmap, d) === 0) continue;
    if (d >= p.depth) return false; // padding bits must be zero: one proof, one encoding
    ones++;
  }
  if (!Array.isArray(p.siblings) || p.siblings.length !== ones) return false;
  for (const s of p.siblings) {
    // An empty sibling is expressed by a zero bit, never by 32 zero bytes.
    if (!(s instanceof Uint8Array) || s.length !== HASH_BYTES || isEmptyHash(s)) return false;
  }
  if (p.otherLeaf !== null) {
    if (p.otherLeaf.key.length !== HASH_BYTES || p.otherLeaf.valueHash.length !== HASH_BYTES) return false;
  }
  return true;
}

/**
 * Checks that `key` maps to `valueHash` under `root` (inclusion), or that `key` is absent when
 * `valueHash` is null (exclusion). Never throws; a malformed proof is simply false.
 */
export function verifyProof(root: Uint8Array, key: Uint8Array, valueHash: Uint8Array | null, proof: SmtProof, sha256: HashFn): boolean {
  if (root.length !== HASH_BYTES || key.length !== HASH_BYTES) return false;
  if (!wellFormed(proof)) return false;
  let acc: Uint8Array;
  if (valueHash !== null) {
    if (valueHash.length !== HASH_BYTES || proof.otherLeaf !== null) return false;
    acc = leafHash(sha256, key, valueHash);
  } else if (proof.otherLeaf !== null) {
    const other = proof.otherLeaf;
    // The other leaf must sit on key's path and be a different key.
    if (bytesEqual(other.key, key) || !sharesPrefix(other.key, key, proof.depth)) return false;
    acc = leafHash(sha256, other.key, other.valueHash);
  } else {
    acc = EMPTY_ROOT;
  }
  let next = 0;
  for (let d = proof.depth - 1; d >= 0; d--) {
    const sibling = bitmapBit(proof.bitmap, d) === 1 ? proof.siblings[next++]! : EMPTY_ROOT;
    acc = keyBit(key, d) === 0 ? branchHash(sha256, acc, sibling) : branchHash(sha256, sibling, acc);
  }
  return bytesEqual(acc, root);
}

export function encodeProof(p: SmtProof): Uint8Array {
  const other = p.otherLeaf === null ? null : [p.otherLeaf.key, p.otherLeaf.valueHash];
  return encode([p.depth, p.bitmap, p.siblings, other]);
}

/** Decodes a proof from the wire; undefined when the bytes are not one canonical, well-formed proof. */
export function decodeProof(bytes: Uint8Array): SmtProof | undefined {
  const raw = readArray(decodeUnknown(bytes), 4);
  if (raw === undefined) return undefined;
  const depth = readUint(raw[0]);
  const bitmap = readBytes(raw[1]);
  const sibsRaw = readArray(raw[2]);
  if (depth === undefined || bitmap === undefined || sibsRaw === undefined) return undefined;
  const siblings: Uint8Array[] = [];
  for (const s of sibsRaw) {
    const b = readBytes(s, HASH_BYTES);
    if (b === undefined) return undefined;
    siblings.push(b);
  }
  let otherLeaf: SmtLeafRef | null = null;
  if (raw[3] !== null) {
    const pair = readArray(raw[3], 2);
    if (pair === undefined) return undefined;
    const key = readBytes(pair[0], HASH_BYTES);
    const valueHash = readBytes(pair[1], HASH_BYTES);
    if (key === undefined || valueHash === undefined) return undefined;
    otherLeaf = { key, valueHash };
  }
  const proof: SmtProof = { depth, bitmap, siblings, otherLeaf };
  if (!wellFormed(proof)) return undefined;
  // One proof, one encoding: reject anything that does not re-encode to the same bytes.
  if (!bytesEqual(encodeProof(proof), bytes)) return undefined;
  return proof;
}
