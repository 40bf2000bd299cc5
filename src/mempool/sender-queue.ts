// One sender's pooled txs, ordered by nonce. Per-sender work is O(k) with k <= maxPerSender,
// so a sorted array beats a tree here: almost every insert is an append.
import type { MempoolEntry } from "./entry.js";
import type { Ranked } from "./ordering.js";

/** A tx as the pool indexes it. */
export interface QueuedTx extends Ranked {
  readonly entry: MempoolEntry;
  readonly nonce: number;
  readonly fee: bigint;
  readonly expiry: number;
  readonly queue: SenderQueue;
}

export class SenderQueue {
  /** Ascending nonce, no duplicates. */
  readonly items: QueuedTx[] = [];
  /** Committed nonce and balance as last read from the AccountView. */
  accountNonce = 0;
  balance = 0n;
  /** Position in the pool's eviction heap (-1 when not in it). */
  tailSlot = -1;
  /** Scratch state of one reap() call: next index to take, fees taken so far, balance read. */
  cursor = 0;
  spent = 0n;
  reapBalance = -1n;

  constructor(
    /** Hex of the address: the pool's map key. */
    readonly key: string,
    readonly address: Uint8Array,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** The highest-nonce tx: the only one that can be evicted without stranding later nonces. */
  tail(): QueuedTx | undefined {
    return this.items[this.items.length - 1];
  }

  /** Index of the first tx with nonce >= `nonce` (items.length if none). */
  lowerBound(nonce: number): number {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    // Appends dominate: check the end before searching.
    if (hi === 0 || items[hi - 1]!.nonce < nonce) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid]!.nonce < nonce) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  indexOf(nonce: number): number {
    const i = this.lowerBound(nonce);
    return i < this.items.length && this.items[i]!.nonce === nonce ? i : -1;
  }

  /** Inserts a tx whose nonce is not queued yet. */
  insert(tx: QueuedTx): void {
    const i = this.lowerBound(tx.nonce);
    if (i === this.items.length) this.items.push(tx);
    else this.items.splice(i, 0, tx);
  }

  /** Puts `tx` in place of the queued tx with the same nonce. */
  replace(index: number, tx: QueuedTx): void {
    this.items[index] = tx;
  }

  remove(tx: QueuedTx): boolean {
    const i = this.indexOf(tx.nonce);
    if (i < 0 || this.items[i] !== tx) return false;
    if (i === this.items.length - 1) this.items.pop();
    else this.items.splice(i, 1);
    return true;
  }

  /** Removes every tx matching `drop` in one pass; returns them in nonce order. */
  removeWhere(drop: (tx: QueuedTx) => boolean): QueuedTx[] {
    const removed: QueuedTx[] = [];
    let w = 0;
    for (const tx of this.items) {
      if (drop(tx)) removed.push(tx);
      else this.items[w++] = tx;
    }
    this.items.length = w;
    return removed;
  }

  /** The next nonce after the contiguous run of queued txs starting at `from`. */
  nextNonceFrom(from: number): number {
    let next = from;
    for (let i = this.lowerBound(from); i < this.items.length && this.items[i]!.nonce === next; i++) next++;
    return next;
  }
}
