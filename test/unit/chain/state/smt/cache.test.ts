import { describe, expect, it } from "vitest";
import { NodeCache } from "../../../../../src/chain/state/smt/cache.js";
import { h } from "./fixtures.js";

function node(i: number): Uint8Array {
  const n = new Uint8Array(65);
  n[0] = 1;
  n.set(h(`node${i}`), 1);
  return n;
}

describe("NodeCache", () => {
  it("returns a copy of what was stored, found by hash", () => {
    const cache = new NodeCache(100);
    const n = node(1);
    cache.set(h(1), n);
    const got = cache.get(h(1));
    expect(got).toEqual(n);
    n[5]! ^= 1; // the caller's array is not the cached one
    expect(cache.get(h(1))).not.toEqual(n);
    expect(cache.get(h(2))).toBeUndefined();
  });

  it("grows past its first table size and still finds every node", () => {
    const cache = new NodeCache(40_000);
    for (let i = 0; i < 15_000; i++) cache.set(h(i), node(i));
    for (let i = 0; i < 15_000; i += 97) expect(cache.get(h(i))).toEqual(node(i));
    expect(cache.size).toBe(15_000);
  });

  it("never holds more than its capacity, dropping the oldest generation", () => {
    const cache = new NodeCache(10);
    for (let i = 0; i < 100; i++) cache.set(h(i), node(i));
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.get(h(0))).toBeUndefined();
    expect(cache.get(h(99))).toEqual(node(99));
  });

  it("keeps a node that is read again while newer nodes arrive", () => {
    const cache = new NodeCache(10);
    cache.set(h("kept"), node(-1));
    for (let i = 0; i < 100; i++) {
      cache.set(h(i), node(i));
      expect(cache.get(h("kept"))).toEqual(node(-1));
    }
  });

  it("views handed out stay intact after the cache grows or rotates", () => {
    const cache = new NodeCache(30_000); // generations of 15,000: grows from 4,096, then rotates
    const early = cache.set(h("early"), node(-1));
    for (let i = 0; i < 40_000; i++) cache.set(h(i), node(i));
    expect(cache.get(h("early"))).toBeUndefined();
    expect(early).toEqual(node(-1));
  });

  it("with a capacity below 2 caches nothing", () => {
    const cache = new NodeCache(1);
    cache.set(h(1), node(1));
    expect(cache.get(h(1))).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
