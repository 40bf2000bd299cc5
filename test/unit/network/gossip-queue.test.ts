import { describe, expect, it } from "vitest";
import { GossipQueue } from "../../../src/network/gossip-queue.js";

function flood(queue: GossipQueue<number>, count: number): number[] {
  const dropped: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = queue.push(i);
    if (d !== null) dropped.push(d);
  }
  return dropped;
}

describe("GossipQueue", () => {
  it("a flooded drop-newest queue keeps the first arrivals and hands back each newcomer", () => {
    const q = new GossipQueue<number>(3, "newest");
    expect(flood(q, 10)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(q.clear()).toEqual([0, 1, 2]);
  });

  it("a flooded drop-oldest queue keeps the latest arrivals and hands back the evicted ones in order", () => {
    const q = new GossipQueue<number>(3, "oldest");
    expect(flood(q, 10)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(q.clear()).toEqual([7, 8, 9]);
  });

  it("drains oldest first and reuses its slots across wrap-around", () => {
    const q = new GossipQueue<number>(4, "oldest");
    const out: number[] = [];
    for (let i = 0; i < 100; i++) {
      expect(q.push(i)).toBeNull();
      if (i % 2 === 1) out.push(q.shift()!, q.shift()!);
    }
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it("never holds more than its limit", () => {
    for (const drop of ["oldest", "newest"] as const) {
      const q = new GossipQueue<number>(5, drop);
      flood(q, 1000);
      expect(q.length).toBe(5);
    }
  });

  it("refuses a non-positive limit with a typed error", () => {
    expect(() => new GossipQueue<number>(0, "oldest")).toThrow(expect.objectContaining({ code: "INVALID_CONFIG" }));
  });
});
