// The due queue: order, cap and leftovers, clamping so nothing runs early, twice or out of
// order, spilling past full ticks, and the same behaviour with or without a real delete.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CURSOR_SLACK, DueQueue, MAX_IDS_PER_TICK, MAX_TICKS_WALKED } from "../../../../src/chain/actions/scheduler.js";
import { compareBytes, u32be } from "../../../../src/util/bytes.js";
import { MemoryState } from "./fixtures.js";

/** Id number n as 32 bytes, so that numeric order is byte order. */
function id(n: number): Uint8Array {
  const b = new Uint8Array(32);
  b.set(u32be(n), 28);
  return b;
}
const num = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset + 28, 4).getUint32(0);

describe("DueQueue", () => {
  it("drains in (tick, id) order under the cap and carries leftovers to the next drain first", () => {
    const q = new DueQueue(new MemoryState(), 0);
    for (const [n, due] of [[5, 12], [3, 10], [9, 10], [1, 11], [7, 10]] as const) q.schedule(id(n), due, 1);
    const first = q.drainDue(11, 2);
    expect(first.map((e) => [num(e.id), e.tick])).toEqual([[3, 10], [7, 10]]);
    q.schedule(id(2), 10, 11); // arrives after height 11 drained: runs at 12
    const second = q.drainDue(12, 3);
    expect(second.map((e) => [num(e.id), e.tick])).toEqual([[9, 10], [1, 11], [2, 12]]);
    expect(q.drainDue(12, 10).map((e) => num(e.id))).toEqual([5]);
    expect(q.pending()).toBe(0);
  });

  it("never hands out an entry before its tick", () => {
    const q = new DueQueue(new MemoryState(), 0);
    q.schedule(id(1), 20, 5);
    expect(q.drainDue(19, 10)).toEqual([]);
    expect(q.drainDue(20, 10).map((e) => num(e.id))).toEqual([1]);
  });

  it("clamps a due tick in the past to now, and one already drained to the next tick", () => {
    const q = new DueQueue(new MemoryState(), 0);
    expect(q.schedule(id(1), 3, 10)).toBe(10);
    q.drainDue(10, 10);
    expect(q.schedule(id(2), 10, 10)).toBe(11);
  });

  it("keeps one entry per id: scheduling again moves it, unschedule removes it", () => {
    const q = new DueQueue(new MemoryState(), 0);
    q.schedule(id(1), 30, 1);
    expect(q.schedule(id(1), 20, 1)).toBe(20);
    expect(q.scheduledAt(id(1))).toBe(20);
    expect(q.pending()).toBe(1);
    expect(q.drainDue(25, 10).map((e) => e.tick)).toEqual([20]);
    q.schedule(id(2), 40, 26);
    expect(q.unschedule(id(2))).toBe(true);
    expect(q.unschedule(id(2))).toBe(false);
    expect(q.drainDue(50, 10)).toEqual([]);
    expect(q.pending()).toBe(0);
  });

  it("spills past a full tick, and refuses a tx beyond the spill limit", () => {
    const q = new DueQueue(new MemoryState(), 0);
    for (let i = 0; i < MAX_IDS_PER_TICK; i++) q.schedule(id(i), 5, 1);
    expect(q.schedule(id(MAX_IDS_PER_TICK), 5, 1)).toBe(6);
    const refused = q.schedule(id(MAX_IDS_PER_TICK + 1), 5, 1, 0);
    expect(typeof refused === "number" ? refused : refused.code).toBe("SCHEDULE_FULL");
  });

  it("walks at most MAX_TICKS_WALKED empty ticks per drain, then continues", () => {
    const q = new DueQueue(new MemoryState(), 0);
    q.schedule(id(1), 1, 1);
    q.schedule(id(2), 1 + MAX_TICKS_WALKED + 10, 1);
    expect(q.drainDue(1, 10).length).toBe(1);
    const far = 1 + MAX_TICKS_WALKED + 10;
    expect(q.drainDue(far, 10)).toEqual([]); // the walk stopped short
    expect(q.drainDue(far, 10).map((e) => num(e.id))).toEqual([2]);
  });

  it("keeps clocks apart", () => {
    const kv = new MemoryState();
    new DueQueue(kv, 0).schedule(id(1), 5, 1);
    expect(new DueQueue(kv, 1).drainDue(100, 10)).toEqual([]);
  });

  it("writes no state in blocks with nothing due, saving its cursor only every CURSOR_SLACK ticks", () => {
    const kv = new MemoryState();
    const q = new DueQueue(kv, 0);
    q.schedule(id(1), 5, 1);
    q.schedule(id(2), 500, 1);
    q.drainDue(5, 10); // hands out id 1, cursor now 6
    let writes = 0;
    for (let h = 6; h < 6 + 3 * CURSOR_SLACK; h++) {
      const before = new Map(kv.map);
      expect(q.drainDue(h, 10)).toEqual([]);
      if (JSON.stringify([...kv.map]) !== JSON.stringify([...before])) writes++;
    }
    expect(writes).toBe(3);
    expect(q.drainDue(500, 10).map((e) => num(e.id))).toEqual([2]);
  });
});

type Op = { kind: "schedule"; id: number; delay: number } | { kind: "unschedule"; id: number } | { kind: "drain"; cap: number; advance: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("schedule" as const), id: fc.integer({ min: 0, max: 40 }), delay: fc.integer({ min: -3, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unschedule" as const), id: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("drain" as const), cap: fc.integer({ min: 0, max: 6 }), advance: fc.integer({ min: 0, max: 3 }) }) },
);

describe("DueQueue over random histories", () => {
  it.each([true, false])("runs every scheduled id exactly once, in order, never early (real delete: %s)", (withDelete) => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const q = new DueQueue(new MemoryState(withDelete), 0);
      let height = 1;
      // Model: id -> tick it was queued at (the latest scheduling replaces the earlier one).
      const queued = new Map<number, number>();
      const ran: Array<{ id: number; tick: number; at: number }> = [];
      const drain = (cap: number) => {
        for (const e of q.drainDue(height, cap)) {
          const n = num(e.id);
          expect(queued.get(n)).toBe(e.tick); // handed out only while queued, at the tick it was queued at
          expect(e.tick).toBeLessThanOrEqual(height);
          queued.delete(n);
          ran.push({ id: n, tick: e.tick, at: height });
        }
      };
      for (const op of ops) {
        if (op.kind === "schedule") {
          const tick = q.schedule(id(op.id), height + op.delay, height);
          expect(typeof tick).toBe("number");
          expect(tick as number).toBeGreaterThanOrEqual(Math.max(height + op.delay, height));
          queued.set(op.id, tick as number);
        } else if (op.kind === "unschedule") {
          expect(q.unschedule(id(op.id))).toBe(queued.delete(op.id));
        } else {
          drain(op.cap);
          height += op.advance;
        }
      }
      // Enough drains far in the future empty the queue.
      height += 20;
      for (let i = 0; i < 50 && q.pending() > 0; i++) drain(7);
      expect(queued.size).toBe(0);
      expect(q.pending()).toBe(0);
      // Global order: (tick, id) ascending across all drains.
      for (let i = 1; i < ran.length; i++) {
        const a = ran[i - 1]!;
        const b = ran[i]!;
        expect(a.tick < b.tick || (a.tick === b.tick && compareBytes(id(a.id), id(b.id)) < 0)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it("leaves no queue state behind once empty (real delete)", () => {
    const kv = new MemoryState(true);
    const q = new DueQueue(kv, 0);
    for (let i = 0; i < 5; i++) q.schedule(id(i), 3 + i, 1);
    q.drainDue(100, 100);
    // Only the meta entry remains.
    expect([...kv.map.keys()].map((k) => k.split(":")[1]!.slice(0, 2))).toEqual(["00"]);
  });
});
