// Bounded cache of tree nodes, keyed by node hash, built to stay out of the garbage
// collector's way: a block touches ~100k nodes and the cache holds hundreds of thousands, and
// a Map of per-node Uint8Arrays and string keys spent a quarter of update time in GC.
//
// Layout: two generations, each a flat open-addressing table (keys, node bytes and slot index
// in three typed arrays, no per-node objects). Node hashes are SHA-256 outputs, so their first
// bytes are already a uniform hash for slotting. New and re-used nodes go into `hot`; when it
// holds half the capacity it becomes `cold` and the old `cold` is dropped whole: an
// approximate LRU in which a node used within the last capacity/2 insertions always survives,
// with no per-hit bookkeeping. A generation is only ever appended to and never reused, so the
// views `get` returns stay valid for as long as a caller holds them.
import { HASH_BYTES, NODE_BYTES } from "./smt-hash.js";
import type { SmtNode } from "./smt-node.js";

class Generation {
  count = 0;
  private readonly keys: Uint8Array;
  private readonly nodes: Uint8Array;
  /** Slot -> entry index + 1 (0 = free). At most half full, so probe runs stay short. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    this.keys = new Uint8Array(capacity * HASH_BYTES);
    this.nodes = new Uint8Array(capacity * NODE_BYTES);
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Entry index of `hash`, or -(slot + 1) for the free slot where it would go. */
  private find(hash: Uint8Array): number {
    let slot = ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) & this.mask;
    for (;;) {
      const e = this.slots[slot]!;
      if (e === 0) return -(slot + 1);
      if (this.keyIs(e - 1, hash)) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  private keyIs(entry: number, hash: Uint8Array): boolean {
    const off = entry * HASH_BYTES;
    // Same-slot neighbours share their first bytes; compare from the far end.
    for (let i = HASH_BYTES - 1; i >= 0; i--) if (this.keys[off + i] !== hash[i]) return false;
    return true;
  }

  get(hash: Uint8Array): SmtNode | undefined {
    const e = this.find(hash);
    return e >= 0 ? this.view(e) : undefined;
  }

  /** Adds the node unless present; the caller checks `count < capacity` first. */
  add(hash: Uint8Array, node: SmtNode): SmtNode {
    const e = this.find(hash);
    if (e >= 0) return this.view(e);
    const entry = this.count++;
    this.keys.set(hash, entry * HASH_BYTES);
    this.nodes.set(node, entry * NODE_BYTES);
    this.slots[-e - 1] = entry + 1;
    return this.view(entry);
  }

  private view(entry: number): SmtNode {
    return this.nodes.subarray(entry * NODE_BYTES, (entry + 1) * NODE_BYTES);
  }
}

export class NodeCache {
  private hot: Generation | null = null;
  private cold: Generation | null = null;
  private readonly half: number;

  /** Holds at most `capacity` nodes (~100 bytes each); below 2 it caches nothing. */
  constructor(capacity: number) {
    this.half = Math.floor(capacity / 2);
  }

  get(hash: Uint8Array): SmtNode | undefined {
    const n = this.hot?.get(hash);
    if (n !== undefined) return n;
    const c = this.cold?.get(hash);
    // Promote: a node still in use must outlive the next generation drop.
    return c === undefined ? undefined : this.set(hash, c);
  }

  /** Caches a copy of `node` and returns the cached view (or `node` itself when caching is off). */
  set(hash: Uint8Array, node: SmtNode): SmtNode {
    if (this.half === 0) return node;
    if (this.hot === null || this.hot.count >= this.half) {
      this.cold = this.hot;
      this.hot = new Generation(this.half);
    }
    return this.hot.add(hash, node);
  }

  get size(): number {
    return (this.hot?.count ?? 0) + (this.cold?.count ?? 0);
  }
}
