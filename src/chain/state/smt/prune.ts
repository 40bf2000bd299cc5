// Which superseded tree nodes a committed block may delete (docs/DECISIONS.md, "Pruning
// superseded state-tree nodes"). Pure bookkeeping, no I/O: the chain adds the deletions to the
// block's own batch, so they land atomically with the block or not at all.
//
// A node is superseded at height h when root h-1 holds it and root h does not (tree.ts computes
// that set exactly per update). Nodes are content-addressed, so a superseded node can come back
// in a later block (a key set back to an earlier value, and with it every branch above it, can
// hash to nodes seen before); such a node is written again, and that write cancels its pending
// deletion. A node superseded at h is deleted at height h + keepHeights unless it was written
// again after h: so every root of the last keepHeights heights stays whole.
//
// Tracking lives in memory only. After a restart nothing superseded before it is ever deleted
// (at most keepHeights blocks' worth of superseded nodes stay on disk per restart): a little
// disk, for a rule with no on-disk state that a crash or a damaged file could get wrong.
// Memory: ~80 bytes per node awaiting deletion (a map entry and its packed hash), i.e. about
// keepHeights x the nodes a block supersedes (~5 per native transfer).
import { HASH_BYTES } from "./hash.js";

/**
 * The first 48 bits of a hash as a number: the key of the bookkeeping maps (no string or
 * buffer per node). Two hashes with the same tag only ever make pruning keep a node it could
 * have deleted, never delete one still needed (see StaleNodeLog.plan).
 */
export function hashTag(h: Uint8Array): number {
  return (((h[0]! << 16) | (h[1]! << 8) | h[2]!) * 0x100_0000) + ((h[3]! << 16) | (h[4]! << 8) | h[5]!);
}

export interface PrunePlan {
  height: number;
  /** Hashes of nodes to delete in this block's batch. */
  deletions: Uint8Array[];
  written: readonly { hash: Uint8Array }[];
  superseded: readonly Uint8Array[];
  /** The height whose superseded list this block consumes, or null. */
  prunedHeight: number | null;
}

export class StaleNodeLog {
  /** tag -> the height at which a node with that tag was last superseded (and not written again since). */
  private readonly pending = new Map<number, number>();
  /**
   * height -> hashes of the nodes superseded by that block, packed (32 bytes each), until it is
   * pruned: one buffer per block rather than an object per node (tens of thousands a block).
   */
  private readonly byHeight = new Map<number, Uint8Array>();

  /** keepHeights >= 1: how many recent roots stay whole. */
  constructor(readonly keepHeights: number) {
    if (!Number.isSafeInteger(keepHeights) || keepHeights < 1) throw new RangeError(`keepHeights must be a positive integer, got ${keepHeights}`);
  }

  /** Nodes deleted by applied plans since this log was made (metrics). */
  deletedTotal = 0;

  /** Nodes tracked for deletion (for metrics and tests). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * What committing block `height` (writing `written`, superseding `superseded`) deletes.
   * Changes nothing: call apply() once the block's batch is on disk.
   */
  plan(height: number, written: readonly { hash: Uint8Array }[], superseded: readonly Uint8Array[]): PrunePlan {
    const q = height - this.keepHeights;
    const list = this.byHeight.get(q);
    if (list === undefined) return { height, deletions: [], written, superseded, prunedHeight: null };
    // A node written again by this very block is live at `height` whatever it was before.
    const rewritten = new Set<number>();
    for (const w of written) {
      const t = hashTag(w.hash);
      if (this.pending.has(t)) rewritten.add(t);
    }
    const deletions: Uint8Array[] = [];
    // Delete only when the tag's last supersession is still q: a write since q removed the
    // entry, and a later supersession moved it to a later height (whose turn will come).
    for (let off = 0; off < list.length; off += HASH_BYTES) {
      const h = list.subarray(off, off + HASH_BYTES);
      const t = hashTag(h);
      if (this.pending.get(t) === q && !rewritten.has(t)) deletions.push(h);
    }
    return { height, deletions, written, superseded, prunedHeight: q };
  }

  /** Records a committed block's effect (its plan from plan(), after the batch was written). */
  apply(p: PrunePlan): void {
    for (const w of p.written) this.pending.delete(hashTag(w.hash));
    for (const h of p.deletions) this.pending.delete(hashTag(h));
    this.deletedTotal += p.deletions.length;
    if (p.prunedHeight !== null) this.byHeight.delete(p.prunedHeight);
    if (p.superseded.length > 0) {
      const packed = new Uint8Array(p.superseded.length * HASH_BYTES);
      p.superseded.forEach((h, i) => {
        this.pending.set(hashTag(h), p.height);
        packed.set(h, i * HASH_BYTES);
      });
      this.byHeight.set(p.height, packed);
    }
  }
}
