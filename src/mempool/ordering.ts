// The priority order of pooled txs, and the binary heap the pool keeps its indexes in.
// Block order (reap) is "best first"; eviction walks the same order from the other end.

/** What a pooled tx is ranked by. */
export interface Ranked {
  /** Fee per wire byte. */
  readonly rate: number;
  readonly arrival: number;
  /** Pool-wide admission counter: a total order even when rate and arrival tie. */
  readonly seq: number;
}

/**
 * Fee per byte as a double. Exact for fees below 2^53 and monotonic above it: a priority order
 * needs no more, and float compares keep the heaps free of bigint arithmetic.
 */
export function feeRate(fee: bigint, size: number): number {
  return Number(fee) / Math.max(size, 1);
}

/** True when `a` goes into a block before `b`: higher fee per byte, then earlier arrival. */
export function outranks(a: Ranked, b: Ranked): boolean {
  if (a.rate !== b.rate) return a.rate > b.rate;
  if (a.arrival !== b.arrival) return a.arrival < b.arrival;
  return a.seq < b.seq;
}

/** Optional position tracking, so an item can be re-sifted or removed in O(log n). */
export interface HeapSlot<T> {
  get(item: T): number;
  /** -1 when the item leaves the heap. */
  set(item: T, index: number): void;
}

/** A binary heap whose top is the item for which `before(top, other)` holds against all others. */
export class Heap<T> {
  private readonly items: T[];

  constructor(
    private readonly before: (a: T, b: T) => boolean,
    private readonly slot: HeapSlot<T> | null = null,
    initial: T[] = [],
  ) {
    // Taking the array as-is and heapifying is O(n): cheaper than n pushes.
    this.items = initial;
    for (let i = 0; i < initial.length; i++) this.slot?.set(initial[i]!, i);
    for (let i = (initial.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The item at heap position `i`; children of `i` sit at 2i+1 and 2i+2. */
  at(i: number): T | undefined {
    return this.items[i];
  }

  push(item: T): void {
    this.items.push(item);
    this.slot?.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  /** Re-sorts the item after its key changed (needs a slot). */
  update(item: T): void {
    const i = this.slot ? this.slot.get(item) : -1;
    if (i < 0) return;
    this.up(i);
    this.down(this.slot!.get(item));
  }

  /** Re-sorts the top after its key changed; works without a slot. */
  updateTop(): void {
    if (this.items.length > 0) this.down(0);
  }

  /** Removes the item if present (needs a slot). */
  remove(item: T): void {
    const i = this.slot ? this.slot.get(item) : -1;
    if (i >= 0) this.removeAt(i);
  }

  private removeAt(i: number): void {
    const items = this.items;
    const removed = items[i]!;
    const last = items.pop()!;
    this.slot?.set(removed, -1);
    if (i === items.length) return;
    items[i] = last;
    this.slot?.set(last, i);
    this.up(i);
    this.down(this.slot ? this.slot.get(last) : i);
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.before(item, p)) break;
      items[i] = p;
      this.slot?.set(p, i);
      i = parent;
    }
    items[i] = item;
    this.slot?.set(item, i);
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.before(items[right]!, items[child]!)) child = right;
      const c = items[child]!;
      if (!this.before(c, item)) break;
      items[i] = c;
      this.slot?.set(c, i);
      i = child;
    }
    items[i] = item;
    this.slot?.set(item, i);
  }
}
