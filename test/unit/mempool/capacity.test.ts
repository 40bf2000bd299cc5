import { describe, expect, it } from "vitest";
import { Mempool } from "../../../src/mempool/pool.js";
import type { MempoolEntry } from "../../../src/mempool/entry.js";
import { FakeAccounts, addr, makeEntry, nonces } from "./factory.js";

function add(pool: Mempool, e: MempoolEntry): MempoolEntry {
  const r = pool.add(e);
  if (!r.ok) throw r.error;
  return e;
}

function rejection(pool: Mempool, e: MempoolEntry): string {
  const r = pool.add(e);
  return r.ok ? "admitted" : r.error.code;
}

describe("mempool capacity", () => {
  it("when full by count, evicts the cheapest sender tail for a better-paying tx and reports it", () => {
    const pool = new Mempool({ maxTxs: 3 }, new FakeAccounts());
    const a = add(pool, makeEntry({ from: addr(1), nonce: 0, feePerByte: 20n }));
    const b = add(pool, makeEntry({ from: addr(2), nonce: 0, feePerByte: 10n }));
    const c = add(pool, makeEntry({ from: addr(3), nonce: 0, feePerByte: 30n }));
    const d = makeEntry({ from: addr(4), nonce: 0, feePerByte: 15n });
    const r = pool.add(d);
    expect(r.ok && r.value.evicted).toEqual([b.id]);
    expect([a, c, d].every((e) => pool.has(e.idHex))).toBe(true);
    expect(pool.has(b.idHex)).toBe(false);
    expect(pool.size).toBe(3);
  });

  it("when full, refuses with POOL_FULL a tx that pays no more per byte than the cheapest tail", () => {
    const pool = new Mempool({ maxTxs: 2 }, new FakeAccounts());
    const a = add(pool, makeEntry({ from: addr(1), nonce: 0, feePerByte: 20n }));
    const b = add(pool, makeEntry({ from: addr(2), nonce: 0, feePerByte: 10n }));
    const r = pool.add(makeEntry({ from: addr(3), nonce: 0, feePerByte: 10n }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("POOL_FULL");
      expect(r.error.type).toMatchObject({ reason: expect.stringContaining("per byte") });
    }
    expect(pool.has(a.idHex) && pool.has(b.idHex)).toBe(true);
  });

  it("evicts only the highest nonce of a sender, never a tx others in its queue depend on", () => {
    const pool = new Mempool({ maxTxs: 3 }, new FakeAccounts());
    // A's middle tx is the cheapest in the pool, but A2 depends on it
    add(pool, makeEntry({ from: addr(1), nonce: 0, feePerByte: 50n }));
    const a1 = add(pool, makeEntry({ from: addr(1), nonce: 1, feePerByte: 1n }));
    const a2 = add(pool, makeEntry({ from: addr(1), nonce: 2, feePerByte: 40n }));
    const r = pool.add(makeEntry({ from: addr(2), nonce: 0, feePerByte: 45n }));
    expect(r.ok && r.value.evicted).toEqual([a2.id]);
    expect(nonces(pool.senderTxs(addr(1)))).toEqual([0, 1]);
    // now A1 is the tail and the cheapest: the next better tx evicts it
    const r2 = pool.add(makeEntry({ from: addr(3), nonce: 0, feePerByte: 2n }));
    expect(r2.ok && r2.value.evicted).toEqual([a1.id]);
  });

  it("when full by bytes, evicts as many cheap tails as the new tx needs", () => {
    const small = (s: number, rate: bigint) => makeEntry({ from: addr(s), nonce: 0, feePerByte: rate });
    const unit = small(0, 1n).size;
    const pool = new Mempool({ maxBytes: unit * 4 }, new FakeAccounts());
    const keep = add(pool, small(1, 30n));
    const cheap = [add(pool, small(2, 5n)), add(pool, small(3, 6n)), add(pool, small(4, 7n))];
    const big = makeEntry({ from: addr(9), nonce: 0, feePerByte: 20n, tagLength: unit + 8 }); // about two units
    expect(big.size).toBeGreaterThan(unit * 2);
    expect(big.size).toBeLessThanOrEqual(unit * 3);
    const r = pool.add(big);
    expect(r.ok && r.value.evicted).toEqual([cheap[0]!.id, cheap[1]!.id, cheap[2]!.id]);
    expect(pool.has(keep.idHex) && pool.has(big.idHex)).toBe(true);
    expect(pool.bytes).toBeLessThanOrEqual(unit * 4);
  });

  it("evicts all or nothing: if the txs it would need to evict are not all cheaper, none go", () => {
    const unit = makeEntry({ from: addr(0), nonce: 0 }).size;
    const capped = new Mempool({ maxBytes: unit * 3 }, new FakeAccounts());
    const cheap = add(capped, makeEntry({ from: addr(1), nonce: 0, feePerByte: 5n }));
    const dear = add(capped, makeEntry({ from: addr(2), nonce: 0, feePerByte: 50n }));
    const third = add(capped, makeEntry({ from: addr(3), nonce: 0, feePerByte: 60n }));
    const big = makeEntry({ from: addr(9), nonce: 0, feePerByte: 20n, tagLength: unit + 8 });
    expect(rejection(capped, big)).toBe("POOL_FULL");
    expect([cheap, dear, third].every((e) => capped.has(e.idHex))).toBe(true);
    expect(capped.size).toBe(3);
    expect(capped.bytes).toBe(cheap.size + dear.size + third.size);
    // and the restored pool still evicts in the right order afterwards
    const r = capped.add(makeEntry({ from: addr(8), nonce: 0, feePerByte: 10n }));
    expect(r.ok && r.value.evicted).toEqual([cheap.id]);
  });

  it("a spammer flooding at the same fee per byte cannot evict other senders' txs", () => {
    const pool = new Mempool({ maxTxs: 50, maxPerSender: 1_000 }, new FakeAccounts());
    const honest = Array.from({ length: 25 }, (_, s) => add(pool, makeEntry({ from: addr(100 + s), nonce: 0, feePerByte: 10n })));
    const spammer = addr(1);
    const outcomes = Array.from({ length: 60 }, (_, n) => rejection(pool, makeEntry({ from: spammer, nonce: n, feePerByte: 10n })));
    expect(outcomes.filter((o) => o === "admitted")).toHaveLength(25);
    expect(outcomes.slice(25).every((o) => o === "POOL_FULL")).toBe(true);
    expect(honest.every((e) => pool.has(e.idHex))).toBe(true);
  });

  it("a spammer cannot hold more than maxPerSender even when it pays more", () => {
    const pool = new Mempool({ maxTxs: 20, maxPerSender: 5 }, new FakeAccounts());
    for (let s = 0; s < 20; s++) add(pool, makeEntry({ from: addr(100 + s), nonce: 0, feePerByte: 10n }));
    const spammer = addr(1);
    const outcomes = Array.from({ length: 10 }, (_, n) => rejection(pool, makeEntry({ from: spammer, nonce: n, feePerByte: 100n })));
    expect(outcomes).toEqual([...Array<string>(5).fill("admitted"), ...Array<string>(5).fill("SENDER_LIMIT")]);
    expect(pool.senderTxs(spammer)).toHaveLength(5);
    expect(pool.size).toBe(20);
  });

  it("never evicts the incoming tx's own sender's queue to make room for it", () => {
    const pool = new Mempool({ maxTxs: 2 }, new FakeAccounts());
    add(pool, makeEntry({ from: addr(1), nonce: 0, feePerByte: 1n }));
    const other = add(pool, makeEntry({ from: addr(2), nonce: 0, feePerByte: 5n }));
    // A's own tail is the cheapest, but A1 needs A0: the other sender's tail is evicted instead
    const r = pool.add(makeEntry({ from: addr(1), nonce: 1, feePerByte: 10n }));
    expect(r.ok && r.value.evicted).toEqual([other.id]);
    expect(nonces(pool.senderTxs(addr(1)))).toEqual([0, 1]);
  });

  it("a replacement that grows the tx past the byte cap evicts like a new tx", () => {
    const first = makeEntry({ from: addr(1), nonce: 0, feePerByte: 10n });
    const pool = new Mempool({ maxBytes: first.size * 2 }, new FakeAccounts());
    add(pool, first);
    const cheap = add(pool, makeEntry({ from: addr(2), nonce: 0, feePerByte: 5n }));
    const grown = makeEntry({ from: addr(1), nonce: 0, feePerByte: 20n, tagLength: 20, salt: 1 });
    const r = pool.add(grown);
    expect(r.ok && r.value).toEqual({ replaced: first.id, evicted: [cheap.id] });
    expect(pool.size).toBe(1);
    expect(pool.bytes).toBe(grown.size);
  });
});
