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
  /** Committed nonce as last read from the AccountView (admission, block clean-up). */
  accountNonce = 0;
  /**
   * Index keys, cached here so heap compares read one object instead of walking the array:
   * the highest-nonce tx (eviction order) and the tx at the account nonce (block order; null
   * when that nonce is not queued, so nothing of this sender can execute yet).
   */
  tailTx: QueuedTx | null = null;
  readyTx: QueuedTx | null = null;
  readyIndex = -1;
  /** Positions in the pool's eviction and ready heaps (-1 when not in them). */
  tailSlot = -1;
  readySlot = -1;
  /** Scratch state of one reap() call: costs (fee + spend) taken so far and the balance read for it. */
  spent = 0n;
  reapBalance = 0n;

  constructor(
    /** Hex of the address: the pool's map key. */
    readonly key: string,
    readonly address: Uint8Array,
  ) {}

  get length(): number {
    return this.items.length;
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

  /** Sum of the queued txs' costs, kept with every change so the common append reads it in O(1). */
  private totalCost = 0n;

  /** Inserts a tx whose nonce is not queued yet. */
  insert(tx: QueuedTx): void {
    this.totalCost += tx.entry.cost;
    const i = this.lowerBound(tx.nonce);
    if (i === this.items.length) this.items.push(tx);
    else this.items.splice(i, 0, tx);
  }

  /** Puts `tx` in place of the queued tx with the same nonce. */
  replace(index: number, tx: QueuedTx): void {
    this.totalCost += tx.entry.cost - this.items[index]!.entry.cost;
    this.items[index] = tx;
  }

  remove(tx: QueuedTx): boolean {
    const i = this.indexOf(tx.nonce);
    if (i < 0 || this.items[i] !== tx) return false;
    this.totalCost -= tx.entry.cost;
    if (i === this.items.length - 1) this.items.pop();
    else this.items.splice(i, 1);
    return true;
  }

  /** Removes every tx matching `drop` in one pass; returns them in nonce order. */
  removeWhere(drop: (tx: QueuedTx) => boolean): QueuedTx[] {
    const removed: QueuedTx[] = [];
    let w = 0;
    for (const tx of this.items) {
      if (drop(tx)) {
        removed.push(tx);
        this.totalCost -= tx.entry.cost;
      } else this.items[w++] = tx;
    }
    this.items.length = w;
    return removed;
  }

  /**
   * What the queued txs with nonces in [from, below) will take from the balance at most: the
   * funds a tx of nonce `below` can count on are the balance minus this.
   */
  costBefore(from: number, below: number): bigint {
    const items = this.items;
    // The common case, a new tx after every queued one and nothing stale below `from`: O(1).
    if (items.length === 0 || (items[0]!.nonce >= from && items[items.length - 1]!.nonce < below)) return this.totalCost;
    let sum = 0n;
    for (let i = this.lowerBound(from); i < this.items.length && this.items[i]!.nonce < below; i++) sum += this.items[i]!.entry.cost;
    return sum;
  }

  /** The next nonce after the contiguous run of queued txs starting at `from`. */
  nextNonceFrom(from: number): number {
    let next = from;
    for (let i = this.lowerBound(from); i < this.items.length && this.items[i]!.nonce === next; i++) next++;
    return next;
  }
}
