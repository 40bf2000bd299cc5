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
import { HASH_BYTES, NODE_BYTES } from "./hash.js";
import type { SmtNode } from "./node.js";

// A generation starts small and doubles up to its share of the capacity, so a devnet or a
// test tree never allocates the full table.
const FIRST_ENTRIES = 4096;

class Generation {
  count = 0;
  room: number;
  private keys: Uint8Array;
  private nodes: Uint8Array;
  /** Slot -> entry index + 1 (0 = free). At most half full, so probe runs stay short. */
  private slots: Int32Array;
  private mask: number;

  constructor(
    readonly capacity: number,
    firstRoom: number,
  ) {
    this.room = Math.min(capacity, firstRoom);
    this.keys = new Uint8Array(this.room * HASH_BYTES);
    this.nodes = new Uint8Array(this.room * NODE_BYTES);
    this.slots = new Int32Array(slotCount(this.room));
    this.mask = this.slots.length - 1;
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
    let e = this.find(hash);
    if (e >= 0) return this.view(e);
    if (this.count === this.room) {
      this.grow();
      e = this.find(hash);
    }
    const entry = this.count++;
    this.keys.set(hash, entry * HASH_BYTES);
    this.nodes.set(node, entry * NODE_BYTES);
    this.slots[-e - 1] = entry + 1;
    return this.view(entry);
  }

  /**
   * Doubles the room into fresh arrays. The old arrays are left untouched, so views already
   * handed out keep their bytes (they pin the old arrays until dropped).
   */
  private grow(): void {
    this.room = Math.min(this.capacity, this.room * 2);
    const keys = new Uint8Array(this.room * HASH_BYTES);
    keys.set(this.keys.subarray(0, this.count * HASH_BYTES));
    const nodes = new Uint8Array(this.room * NODE_BYTES);
    nodes.set(this.nodes.subarray(0, this.count * NODE_BYTES));
    this.keys = keys;
    this.nodes = nodes;
    this.slots = new Int32Array(slotCount(this.room));
    this.mask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const k = entry * HASH_BYTES;
      let slot = ((keys[k]! << 24) | (keys[k + 1]! << 16) | (keys[k + 2]! << 8) | keys[k + 3]!) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry + 1;
    }
  }

  private view(entry: number): SmtNode {
    return this.nodes.subarray(entry * NODE_BYTES, (entry + 1) * NODE_BYTES);
  }
}

/** A power of two at least twice the entries: load factor <= 1/2. */
function slotCount(entries: number): number {
  let size = 2;
  while (size < entries * 2) size *= 2;
  return size;
}

export class NodeCache {
  private hot: Generation | null = null;
  private cold: Generation | null = null;
  private readonly half: number;

  /** Holds at most `capacity` nodes, ~105 bytes each (32 key + 65 node + slot index); below 2 it caches nothing. */
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
      // A new generation starts as large as the last one grew: it will fill the same way.
      const room = this.hot === null ? FIRST_ENTRIES : this.hot.room;
      this.cold = this.hot;
      this.hot = new Generation(this.half, room);
    }
    return this.hot.add(hash, node);
  }

  get size(): number {
    return (this.hot?.count ?? 0) + (this.cold?.count ?? 0);
  }
}
