// The state tree: a compact sparse Merkle tree over 256-bit keys (hashing rules and the
// compaction rule are in hash.ts, proof format in proof.ts).
//
// Keys are SHA-256(namespace || key) chosen by the caller, so paths are uniformly spread and
// depth is about log2(leaves). Nodes live in a key-value store under their hash. The tree never
// writes: `update` returns the new nodes, which the caller puts into the same atomic batch as the
// block, so a crash can never leave a root whose nodes are half written.
//
// Nodes are content-addressed and never deleted here. `update` also names the stored nodes the
// new root no longer holds (`superseded`), so the caller can delete them later (prune.ts).
import { bytesEqual, toHex } from "../../../util/bytes.js";
import { sha256Many } from "../../../crypto/native.js";
import { sortChanges, type SmtChange, type SortedChanges } from "./batch.js";
import { NodeCache } from "./cache.js";
import { SmtError } from "./errors.js";
import { EMPTY_ROOT, HASH_BYTES, isEmptyHash, keyBit } from "./hash.js";
import { branchLeft, branchRight, isLeaf, leafKey, leafValue, nodeShapeError, type SmtNode, type SmtNodeStore } from "./node.js";
import type { SmtProof } from "./proof.js";
import { Rebuilder, splitPoint, type Visit } from "./rebuild.js";
import { hashTag } from "./prune.js";

export { EMPTY_ROOT } from "./hash.js";
export type { SmtNodeStore } from "./node.js";
export type { SmtChange } from "./batch.js";
export { SmtError, type SmtErrorType, type SmtErrorCode } from "./errors.js";
export { verifyProof, encodeProof, decodeProof, type SmtProof, type SmtLeafRef } from "./proof.js";

// 1M nodes at ~105 bytes each (flat tables, cache.ts) is at most ~105 MB, allocated only as
// it fills. A tree holds ~2 nodes per leaf, and the cache also carries superseded nodes of recent
// blocks, so this keeps a ~400k-leaf tree entirely in memory. Measured: with 300k, a tree of
// 120k leaves already sent ~30k of a block's ~95k node reads to the store.
export const DEFAULT_CACHE_NODES = 1_000_000;

export interface SmtNodeWrite {
  hash: Uint8Array;
  bytes: Uint8Array;
  /** SmtOptions.keyPrefix || hash: the key to store the node under. */
  key: Uint8Array;
}

export interface SmtUpdateResult {
  root: Uint8Array;
  /** New nodes to put into the node store (key = hash), in the same batch as the block. */
  nodes: SmtNodeWrite[];
  /**
   * Hashes (copies) of stored nodes of the old root that the new root does not hold: what a
   * pruning caller may delete once no root it keeps needs them (prune.ts).
   */
  superseded: Uint8Array[];
}

export interface SmtOptions {
  cacheNodes?: number;
  /** The byte the caller's store keys nodes under (before the hash): SmtNodeWrite.key. Default 0. */
  keyPrefix?: number;
  /**
   * Default true: each update names the stored nodes its new root no longer holds
   * (SmtUpdateResult.superseded). An archive that never prunes passes false and skips that
   * bookkeeping (a set entry per written node and a walk of the loaded paths, every block).
   */
  trackSuperseded?: boolean;
}

export class SparseMerkleTree {
  private readonly cache: NodeCache;
  private readonly keyPrefix: number;
  private readonly trackSuperseded: boolean;

  constructor(
    private readonly store: SmtNodeStore,
    opts: SmtOptions = {},
  ) {
    this.cache = new NodeCache(opts.cacheNodes ?? DEFAULT_CACHE_NODES);
    this.keyPrefix = opts.keyPrefix ?? 0;
    this.trackSuperseded = opts.trackSuperseded ?? true;
  }

  /** The value hash stored under `key` in the tree with this root, or null when absent. */
  async get(root: Uint8Array, key: Uint8Array): Promise<Uint8Array | null> {
    checkHash(root, "root");
    checkHash(key, "key");
    let hash = root;
    for (let depth = 0; ; depth++) {
      if (isEmptyHash(hash)) return null;
      const node = this.cached(hash) ?? (await this.fetch(hash));
      if (isLeaf(node)) return bytesEqual(leafKey(node), key) ? leafValue(node).slice() : null;
      hash = keyBit(key, depth) === 0 ? branchLeft(node) : branchRight(node);
    }
  }

  /** Inclusion proof when `key` is present, exclusion proof otherwise (see proof.ts). */
  async prove(root: Uint8Array, key: Uint8Array): Promise<SmtProof> {
    checkHash(root, "root");
    checkHash(key, "key");
    const path: Uint8Array[] = []; // path[d] = sibling at depth d + 1
    let hash = root;
    let otherLeaf: SmtProof["otherLeaf"] = null;
    for (let depth = 0; !isEmptyHash(hash); depth++) {
      const node = this.cached(hash) ?? (await this.fetch(hash));
      if (isLeaf(node)) {
        if (!bytesEqual(leafKey(node), key)) otherLeaf = { key: leafKey(node).slice(), valueHash: leafValue(node).slice() };
        break;
      }
      const right = keyBit(key, depth) === 1;
      path.push((right ? branchLeft(node) : branchRight(node)).slice());
      hash = right ? branchRight(node) : branchLeft(node);
    }
    const depth = path.length;
    const bitmap = new Uint8Array(Math.ceil(depth / 8));
    const siblings: Uint8Array[] = [];
    for (let d = depth - 1; d >= 0; d--) {
      const s = path[d]!;
      if (isEmptyHash(s)) continue;
      bitmap[d >> 3]! |= 0x80 >> (d & 7);
      siblings.push(s);
    }
    return { depth, bitmap, siblings, otherLeaf };
  }

  /**
   * Applies a block's changes (key -> new value hash, null = delete) to the tree at `root`.
   * Repeated keys: the last change wins. Touches each affected path once, whatever the order.
   */
  async update(root: Uint8Array, changes: readonly SmtChange[]): Promise<SmtUpdateResult> {
    checkHash(root, "root");
    const sorted = sortChanges(changes);
    const n = sorted.keys.length;
    if (n === 0) return { root, nodes: [], superseded: [] };
    const visit = isEmptyHash(root) ? null : await this.loadPaths(root, sorted);
    const nodes: SmtNodeWrite[] = [];
    // Tags (prune.ts) of every node the new tree holds among those the rebuild touched: the
    // new ones and the stored ones it kept as they were. A loaded old node outside this set is
    // superseded (a tag shared by chance only keeps a node that could have gone: safe).
    const inNewTree = this.trackSuperseded ? new Set<number>() : null;
    const rebuilder = new Rebuilder(sorted, hashNode, (hash, bytes, key) => {
      nodes.push({ hash, bytes, key });
      inNewTree?.add(hashTag(hash));
      // Cached so that the next block can build on this root before the caller's batch lands.
      this.cache.set(hash, bytes);
    }, this.keyPrefix, inNewTree === null ? undefined : (kept) => inNewTree.add(hashTag(kept)));
    const result = rebuilder.subtree(root, visit, 0, 0, n);
    return { root: result.hash, nodes, superseded: visit === null || inNewTree === null ? [] : supersededNodes(visit, inNewTree) };
  }

  /**
   * Loads, level by level, every old node the update will rebuild (one store round per level,
   * all misses of a level together), plus the unchanged sibling of any side that could lose
   * all its leaves to deletions (compaction needs to know whether that sibling is a lone leaf).
   */
  private async loadPaths(root: Uint8Array, c: SortedChanges): Promise<Visit> {
    const top = newVisit(root, 0, 0, c.keys.length);
    let level: Visit[] = [top];
    while (level.length > 0) {
      const missing: Visit[] = [];
      for (const v of level) {
        const hit = this.cached(v.hash);
        if (hit !== undefined) v.node = hit;
        else missing.push(v);
      }
      if (missing.length > 0) {
        const nodes = await this.fetchMany(missing.map((v) => v.hash));
        for (let i = 0; i < missing.length; i++) missing[i]!.node = nodes[i]!;
      }
      const next: Visit[] = [];
      for (const v of level) {
        const { node, lo, hi, depth } = v;
        if (lo === hi || isLeaf(node)) continue;
        const mid = splitPoint(c.keys, lo, hi, depth);
        v.mid = mid;
        const l = branchLeft(node);
        const r = branchRight(node);
        const lDeletes = c.deletesBefore[mid]! - c.deletesBefore[lo]! > 0;
        const rDeletes = c.deletesBefore[hi]! - c.deletesBefore[mid]! > 0;
        // A side is loaded when it has changes, or (with lo === hi) when the other side might empty out.
        if (!isEmptyHash(l) && (lo < mid || rDeletes)) next.push((v.left = newVisit(l, depth + 1, lo, mid)));
        if (!isEmptyHash(r) && (mid < hi || lDeletes)) next.push((v.right = newVisit(r, depth + 1, mid, hi)));
      }
      level = next;
    }
    return top;
  }

  private cached(hash: Uint8Array): SmtNode | undefined {
    return this.cache.get(hash);
  }

  private async fetch(hash: Uint8Array): Promise<SmtNode> {
    return this.admit(hash, await this.store.get(hash));
  }

  /** Store reads for many nodes: one getMany call when the store has it (LevelDB does). */
  private async fetchMany(hashes: Uint8Array[]): Promise<SmtNode[]> {
    const raws = this.store.getMany ? await this.store.getMany(hashes) : await Promise.all(hashes.map((h) => this.store.get(h)));
    return hashes.map((h, i) => this.admit(h, raws[i]));
  }

  /** Checks a node read from the store really hashes to its key, and caches it. */
  private admit(hash: Uint8Array, raw: Uint8Array | undefined): SmtNode {
    if (raw === undefined) throw new SmtError({ code: "MISSING_NODE", hash: toHex(hash) });
    // A private copy: store drivers may hand out views of pooled buffers (the cache copies
    // again into its own table; this one only lives for the current call when caching is off).
    const bytes = new Uint8Array(raw);
    const shape = nodeShapeError(bytes);
    if (shape !== null) throw new SmtError({ code: "CORRUPT_NODE", hash: toHex(hash), reason: shape });
    // One hash per store read (never per cache hit) buys detection of a damaged database.
    if (!bytesEqual(hashNode(bytes), hash)) throw new SmtError({ code: "CORRUPT_NODE", hash: toHex(hash), reason: "hash mismatch" });
    return this.cache.set(hash, bytes);
  }
}

// sha256Many returns a view of node:crypto's digest; sha256 would copy it once more, and at
// ~100k node hashes per block that copy is measurable.
function hashNode(bytes: Uint8Array): Uint8Array {
  return sha256Many(bytes);
}

/**
 * Old nodes the update loaded that the new tree does not hold. Every node of the new tree that
 * was loaded is either new or kept (a branch's hash fixes its place in the tree, and a leaf's
 * its key), so membership needs no walk of the new tree.
 */
function supersededNodes(top: Visit, inNewTree: ReadonlySet<number>): Uint8Array[] {
  const out: Uint8Array[] = [];
  const stack: Visit[] = [top];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (!inNewTree.has(hashTag(v.hash))) out.push(v.hash.slice());
    if (v.left) stack.push(v.left);
    if (v.right) stack.push(v.right);
  }
  return out;
}

function newVisit(hash: Uint8Array, depth: number, lo: number, hi: number): Visit {
  // node is filled in once loaded; EMPTY_ROOT is only a typed placeholder until then.
  return { hash, node: EMPTY_ROOT, depth, lo, hi, mid: -1, left: null, right: null };
}

function checkHash(h: Uint8Array, what: string): void {
  if (h.length !== HASH_BYTES) throw new SmtError({ code: "BAD_INPUT", reason: `${what} is ${h.length} bytes, expected 32` });
}
