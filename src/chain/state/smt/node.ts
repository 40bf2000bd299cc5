// Stored form of tree nodes. A node is handled as its 65 encoded bytes (prefix || a || b)
// everywhere (store, cache, rebuild); fields are read as subarray views on demand.
//   leaf:   0x00 || key(32) || valueHash(32)
//   branch: 0x01 || left(32) || right(32)
// Nodes are content-addressed (stored under their SHA-256), so a node written for one root is
// shared by every later root that still contains it.
import { BRANCH_PREFIX, HASH_BYTES, LEAF_PREFIX, NODE_BYTES } from "./hash.js";

/** Encoded node bytes; use the accessors below rather than indexing. */
export type SmtNode = Uint8Array;

/** Where the tree reads nodes from; the caller owns writes (see SparseMerkleTree.update). */
export interface SmtNodeStore {
  get(hash: Uint8Array): Promise<Uint8Array | undefined>;
  /** Optional batched read (classic-level has it); used for each level's cache misses in `update`. */
  getMany?(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
}

export function isLeaf(n: SmtNode): boolean {
  return n[0] === LEAF_PREFIX;
}

export function leafKey(n: SmtNode): Uint8Array {
  return n.subarray(1, 1 + HASH_BYTES);
}

export function leafValue(n: SmtNode): Uint8Array {
  return n.subarray(1 + HASH_BYTES, NODE_BYTES);
}

export function branchLeft(n: SmtNode): Uint8Array {
  return n.subarray(1, 1 + HASH_BYTES);
}

export function branchRight(n: SmtNode): Uint8Array {
  return n.subarray(1 + HASH_BYTES, NODE_BYTES);
}

/** Shape check of bytes read from the store; returns a reason when they cannot be a node. */
export function nodeShapeError(bytes: Uint8Array): string | null {
  if (bytes.length !== NODE_BYTES) return `length ${bytes.length}, expected ${NODE_BYTES}`;
  if (bytes[0] !== LEAF_PREFIX && bytes[0] !== BRANCH_PREFIX) return `unknown prefix ${bytes[0]}`;
  return null;
}
