import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Heap, feeRate, outranks, type HeapSlot } from "../../../src/mempool/ordering.js";

interface Item {
  key: number;
  slot: number;
}

const SLOT: HeapSlot<Item> = { get: (i) => i.slot, set: (i, s) => void (i.slot = s) };
const less = (a: Item, b: Item): boolean => a.key < b.key;

describe("priority order", () => {
  it("ranks higher fee per byte first, then earlier arrival, then admission order", () => {
    expect(outranks({ rate: 2, arrival: 9, seq: 9 }, { rate: 1, arrival: 0, seq: 0 })).toBe(true);
    expect(outranks({ rate: 1, arrival: 1, seq: 9 }, { rate: 1, arrival: 2, seq: 0 })).toBe(true);
    expect(outranks({ rate: 1, arrival: 1, seq: 1 }, { rate: 1, arrival: 1, seq: 2 })).toBe(true);
    expect(outranks({ rate: 1, arrival: 1, seq: 2 }, { rate: 1, arrival: 1, seq: 2 })).toBe(false);
  });

  it("computes fee per byte so that equal ratios compare equal", () => {
    expect(feeRate(300n, 150)).toBe(feeRate(200n, 100));
    expect(feeRate(201n, 100)).toBeGreaterThan(feeRate(200n, 100));
  });
});

describe("Heap", () => {
  it("pops in sorted order after any mix of pushes, updates and removals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 1_000 }), fc.boolean()), { maxLength: 30 }),
        (keys, edits) => {
          const items = keys.map((key) => ({ key, slot: -1 }));
          const heap = new Heap<Item>(less, SLOT, items.slice(0, items.length >> 1));
          for (const it of items.slice(items.length >> 1)) heap.push(it);
          const live = new Set(items);
          for (const [pick, key, removeIt] of edits) {
            if (live.size === 0) break;
            const target = [...live][pick % live.size]!;
            if (removeIt) {
              heap.remove(target);
              live.delete(target);
              expect(target.slot).toBe(-1);
            } else {
              target.key = key;
              heap.update(target);
            }
          }
          const out: number[] = [];
          for (let i = heap.pop(); i !== undefined; i = heap.pop()) out.push(i.key);
          expect(out).toEqual([...live].map((i) => i.key).sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("re-sorts its top in place without position tracking", () => {
    const items = [5, 1, 3].map((key) => ({ key, slot: -1 }));
    const heap = new Heap<Item>(less, null, items);
    heap.peek()!.key = 4;
    heap.updateTop();
    expect([heap.pop()!.key, heap.pop()!.key, heap.pop()!.key]).toEqual([3, 4, 5]);
    expect(heap.pop()).toBeUndefined();
  });
});
