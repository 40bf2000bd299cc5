// Bounded cache of decoded tree nodes, keyed by node hash.
//
// Approximate LRU with two generations: hits land in `hot`; when `hot` reaches half the
// capacity it becomes `cold` and the old `cold` is dropped whole. A true LRU re-orders a Map
// entry on every hit; at ~100k lookups per block that bookkeeping costs more than the hashing.
// A node used within the last half-capacity insertions always survives, and the total held is
// at most `capacity` entries.
import type { SmtNode } from "./smt-node.js";

/** Map key for a 32-byte hash: a one-byte-per-char string, cheaper to build and hash than hex. */
export function hashId(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("latin1");
}

export class NodeCache {
  private hot = new Map<string, SmtNode>();
  private cold = new Map<string, SmtNode>();
  private readonly half: number;

  constructor(capacity: number) {
    // A capacity below 2 would make every generation empty; treat it as "cache nothing".
    this.half = Math.floor(capacity / 2);
  }

  get(id: string): SmtNode | undefined {
    const n = this.hot.get(id);
    if (n !== undefined) return n;
    const c = this.cold.get(id);
    if (c !== undefined) this.set(id, c);
    return c;
  }

  set(id: string, node: SmtNode): void {
    if (this.half === 0) return;
    if (this.hot.size >= this.half) {
      this.cold = this.hot;
      this.hot = new Map();
    }
    this.hot.set(id, node);
  }

  get size(): number {
    return this.hot.size + this.cold.size;
  }
}
