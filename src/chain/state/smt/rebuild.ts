// The synchronous half of a batch update: given the old nodes along every affected path
// (loaded beforehand by the tree, see Visit) and the sorted changes, rebuild those paths
// bottom-up once, hashing each new node exactly once and emitting it for the caller to persist.
import { bytesEqual, compareBytes } from "../../../util/bytes.js";
import type { SortedChanges } from "./batch.js";
import { BRANCH_PREFIX, EMPTY_ROOT, HASH_BYTES, isEmptyHash, keyBit, LEAF_PREFIX, NODE_BYTES, type HashFn } from "./hash.js";
import { branchLeft, branchRight, isLeaf, leafKey, leafValue, type SmtNode } from "./node.js";

/**
 * An old, non-empty node the update needs, with the slice [lo, hi) of sorted changes below it.
 * lo === hi marks a node loaded only to learn whether it is a leaf (its sibling may lose all
 * its leaves, and a lone leaf must then move up). `left`/`right` are the visited children.
 */
export interface Visit {
  hash: Uint8Array;
  node: SmtNode;
  depth: number;
  lo: number;
  hi: number;
  /** For a branch with changes: first change index whose key goes right (-1 until computed). */
  mid: number;
  left: Visit | null;
  right: Visit | null;
}

const EMPTY = 0;
const LEAF = 1;
const BRANCH = 2;
/** Non-empty, unchanged and not loaded: only ever joined to a side that is not empty. */
const UNKNOWN = 3;
type Kind = typeof EMPTY | typeof LEAF | typeof BRANCH | typeof UNKNOWN;

interface Sub {
  hash: Uint8Array;
  kind: Kind;
}

const EMPTY_SUB: Sub = { hash: EMPTY_ROOT, kind: EMPTY };

interface Entry {
  key: Uint8Array;
  value: Uint8Array;
  /** Set when this is an existing leaf kept as it was: its node is already stored. */
  hash: Uint8Array | null;
}

/** First index in [lo, hi) whose key has bit `depth` set (keys there share their first `depth` bits, so they are 0s then 1s). */
export function splitPoint(keys: readonly Uint8Array[], lo: number, hi: number, depth: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (keyBit(keys[m]!, depth) === 0) a = m + 1;
    else b = m;
  }
  return a;
}

// New nodes and their hashes are carved out of shared ~96 KiB slabs (1,000 nodes each) rather
// than one ArrayBuffer each: a block creates ~100k nodes that live until the block is written,
// and that many separate buffers cost more GC time than the hashing. A slot is
// keyPrefix || hash || node, so the node's store key (the caller's prefix byte, then the hash)
// is a view of the same slot rather than one more buffer per node.
const SLOT_BYTES = 1 + HASH_BYTES + NODE_BYTES;
const SLAB_BYTES = 1000 * SLOT_BYTES;

export class Rebuilder {
  private slab = new Uint8Array(0);
  private slabUsed = 0;

  constructor(
    private readonly changes: SortedChanges,
    private readonly hash: HashFn,
    private readonly emit: (hash: Uint8Array, bytes: Uint8Array, storeKey: Uint8Array) => void,
    private readonly keyPrefix = 0,
    /** Told every stored node the new tree keeps as it was (pruning must not count it superseded). */
    private readonly keep: (hash: Uint8Array) => void = () => undefined,
  ) {}

  /** New hash of the subtree at `depth` whose old hash is `hash`, after the changes in [lo, hi). */
  subtree(hash: Uint8Array, visit: Visit | null, depth: number, lo: number, hi: number): Sub {
    if (lo === hi) {
      if (isEmptyHash(hash)) return EMPTY_SUB;
      this.keep(hash);
      if (visit === null) return { hash, kind: UNKNOWN };
      return { hash, kind: isLeaf(visit.node) ? LEAF : BRANCH };
    }
    if (isEmptyHash(hash)) return this.fresh(depth, lo, hi, null, null);
    if (visit === null) throw new Error("smt: invariant broken, a changed non-empty subtree was not loaded");
    const node = visit.node;
    if (isLeaf(node)) return this.fresh(depth, lo, hi, node, hash);
    const mid = visit.mid >= 0 ? visit.mid : splitPoint(this.changes.keys, lo, hi, depth);
    const oldL = branchLeft(node);
    const oldR = branchRight(node);
    const l = this.subtree(oldL, visit.left, depth + 1, lo, mid);
    const r = this.subtree(oldR, visit.right, depth + 1, mid, hi);
    // Deleting absent keys or rewriting equal values changes nothing: keep the stored node.
    if (bytesEqual(l.hash, oldL) && bytesEqual(r.hash, oldR)) {
      this.keep(hash);
      return { hash, kind: BRANCH };
    }
    return this.join(l, r);
  }

  /** Parent of two subtrees, applying compaction: a lone leaf beside an empty side moves up. */
  private join(l: Sub, r: Sub): Sub {
    if (l.kind === EMPTY && (r.kind === EMPTY || r.kind === LEAF)) return r;
    if (r.kind === EMPTY && l.kind === LEAF) return l;
    if ((l.kind === EMPTY && r.kind === UNKNOWN) || (r.kind === EMPTY && l.kind === UNKNOWN)) {
      throw new Error("smt: invariant broken, the sibling of an emptied subtree was not loaded");
    }
    return { hash: this.node(BRANCH_PREFIX, l.hash, r.hash), kind: BRANCH };
  }

  /** Subtree that was empty or a single leaf: build it from scratch out of that leaf plus the changes. */
  private fresh(depth: number, lo: number, hi: number, leaf: SmtNode | null, leafHash: Uint8Array | null): Sub {
    const { keys, values } = this.changes;
    const entries: Entry[] = [];
    let leafDone = leaf === null;
    for (let i = lo; i < hi; i++) {
      const key = keys[i]!;
      const value = values[i]!;
      if (!leafDone) {
        const c = compareBytes(leafKey(leaf!), key);
        if (c < 0) {
          entries.push({ key: leafKey(leaf!), value: leafValue(leaf!), hash: leafHash });
          leafDone = true;
        } else if (c === 0) {
          leafDone = true;
          // Same key: the change replaces the leaf; an equal value keeps the stored node.
          if (value !== null) entries.push({ key, value, hash: bytesEqual(value, leafValue(leaf!)) ? leafHash : null });
          continue;
        }
      }
      if (value !== null) entries.push({ key, value, hash: null });
    }
    if (!leafDone) entries.push({ key: leafKey(leaf!), value: leafValue(leaf!), hash: leafHash });
    return this.build(entries, 0, entries.length, depth);
  }

  private build(entries: Entry[], a: number, b: number, depth: number): Sub {
    if (a === b) return EMPTY_SUB;
    if (b - a === 1) {
      const e = entries[a]!;
      if (e.hash !== null) {
        this.keep(e.hash);
        return { hash: e.hash, kind: LEAF };
      }
      return { hash: this.node(LEAF_PREFIX, e.key, e.value), kind: LEAF };
    }
    let mid = a;
    while (mid < b && keyBit(entries[mid]!.key, depth) === 0) mid++;
    return this.join(this.build(entries, a, mid, depth + 1), this.build(entries, mid, b, depth + 1));
  }

  /** Encodes a new node (layout in node.ts), hashes it and hands it to `emit`; returns its hash. */
  private node(prefix: number, a: Uint8Array, b: Uint8Array): Uint8Array {
    if (this.slabUsed + SLOT_BYTES > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const at = this.slabUsed;
    this.slabUsed += SLOT_BYTES;
    const nodeAt = at + 1 + HASH_BYTES;
    const bytes = this.slab.subarray(nodeAt, nodeAt + NODE_BYTES);
    bytes[0] = prefix;
    bytes.set(a, 1);
    bytes.set(b, 1 + HASH_BYTES);
    this.slab[at] = this.keyPrefix;
    const h = this.slab.subarray(at + 1, nodeAt);
    h.set(this.hash(bytes));
    this.emit(h, bytes, this.slab.subarray(at, nodeAt));
    return h;
  }
}
