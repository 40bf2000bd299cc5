import { describe, expect, it } from "vitest";
import { Mempool } from "../../../src/mempool/pool.js";
import { MempoolLimitsError, minReplacementFee } from "../../../src/mempool/limits.js";
import type { MempoolMetrics } from "../../../src/mempool/metrics.js";
import { FakeAccounts, addr, makeEntry, nonces } from "./factory.js";

const A = addr(1);

function errorOf(r: ReturnType<Mempool["add"]>) {
  if (r.ok) throw new Error("expected a rejection");
  return r.error.type;
}

describe("mempool admission", () => {
  it("refuses a nonce the chain has already used", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 5));
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 4 })))).toEqual({ code: "NONCE_TOO_LOW", expected: 5, got: 4 });
    expect(pool.add(makeEntry({ from: A, nonce: 5 })).ok).toBe(true);
  });

  it("refuses a nonce more than maxNonceGap past the sender's next executable nonce", () => {
    const pool = new Mempool({ maxNonceGap: 3 }, new FakeAccounts().set(A, 10));
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 14 })))).toEqual({ code: "NONCE_GAP", expected: 10, got: 14 });
    expect(pool.add(makeEntry({ from: A, nonce: 13 })).ok).toBe(true);
  });

  it("measures the nonce gap from the end of the sender's contiguous queued run", () => {
    const pool = new Mempool({ maxNonceGap: 2 }, new FakeAccounts());
    for (let n = 0; n < 5; n++) expect(pool.add(makeEntry({ from: A, nonce: n })).ok).toBe(true);
    // next executable is 5, so 7 is within the gap and 8 is not
    expect(pool.add(makeEntry({ from: A, nonce: 7 })).ok).toBe(true);
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 8 })))).toEqual({ code: "NONCE_GAP", expected: 5, got: 8 });
  });

  it("refuses a tx whose fee alone exceeds the sender's balance", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 0, 999n));
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 0, fee: 1_000n })))).toEqual({ code: "INSUFFICIENT_FUNDS", balance: 999n, needed: 1_000n });
    expect(pool.add(makeEntry({ from: A, nonce: 0, fee: 999n })).ok).toBe(true);
  });

  it("refuses a tx that cannot pay its fee and amount after the sender's queued txs before it", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 0, 100_000n));
    expect(pool.add(makeEntry({ from: A, nonce: 0, fee: 10_000n, pay: 50_000n })).ok).toBe(true);
    // 60_000 is spoken for: 40_000 remain for nonce 1.
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 1, fee: 10_000n, pay: 30_001n })))).toEqual({ code: "INSUFFICIENT_FUNDS", balance: 100_000n, needed: 100_001n });
    expect(pool.add(makeEntry({ from: A, nonce: 1, fee: 10_000n, pay: 30_000n })).ok).toBe(true);
    // Nothing is left for a third, not even a fee.
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 2, fee: 1n })))).toMatchObject({ code: "INSUFFICIENT_FUNDS", needed: 100_001n });
    // A replacement of nonce 0 counts only what is queued before it, not the tx it replaces.
    expect(pool.add(makeEntry({ from: A, nonce: 0, fee: 11_000n, pay: 49_000n })).ok).toBe(true);
  });

  it("counts an amount the sender cannot pay at admission, not only the fee", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 0, 1_000_000n));
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 0, fee: 10_000n, pay: 990_001n })))).toEqual({ code: "INSUFFICIENT_FUNDS", balance: 1_000_000n, needed: 1_000_001n });
    expect(pool.size).toBe(0);
  });

  it("refuses a tx that expires before the next block", () => {
    const pool = new Mempool({}, new FakeAccounts());
    pool.setHeight(100);
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 0, expiry: 99 })))).toEqual({ code: "EXPIRED", expiry: 99, height: 100 });
    expect(pool.add(makeEntry({ from: A, nonce: 0, expiry: 100 })).ok).toBe(true);
  });

  it("refuses a tx it already holds", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const e = makeEntry({ from: A, nonce: 0 });
    expect(pool.add(e).ok).toBe(true);
    expect(errorOf(pool.add(e))).toEqual({ code: "ALREADY_KNOWN" });
    expect(pool.size).toBe(1);
  });

  it("replaces a queued tx when the new fee is at least 10% higher, and reports the replaced id", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const first = makeEntry({ from: A, nonce: 0, fee: 10_000n });
    pool.add(first);
    const better = makeEntry({ from: A, nonce: 0, fee: 11_000n, salt: 1 });
    const r = pool.add(better);
    expect(r.ok && r.value.replaced).toEqual(first.id);
    expect(pool.has(first.idHex)).toBe(false);
    expect(pool.get(better.idHex)).toBe(better);
    expect(pool.size).toBe(1);
    expect(pool.bytes).toBe(better.size);
  });

  it("refuses a replacement with too small a bump and names the minimum fee", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const first = makeEntry({ from: A, nonce: 0, fee: 10_001n });
    pool.add(first);
    const r = pool.add(makeEntry({ from: A, nonce: 0, fee: 11_001n, salt: 1 }));
    expect(errorOf(r)).toEqual({ code: "FEE_BUMP_TOO_LOW", min: 11_002n, got: 11_001n });
    expect(pool.has(first.idHex)).toBe(true);
  });

  it("rounds the minimum replacement fee up", () => {
    expect(minReplacementFee(10n, 10)).toBe(11n);
    expect(minReplacementFee(11n, 10)).toBe(13n); // 12.1 -> 13
    expect(minReplacementFee(1_000n, 0)).toBe(1_000n);
    expect(minReplacementFee(1_000n, 12.5)).toBe(1_125n);
  });

  it("caps the txs one sender may hold, but still lets it replace one", () => {
    const pool = new Mempool({ maxPerSender: 3 }, new FakeAccounts());
    for (let n = 0; n < 3; n++) expect(pool.add(makeEntry({ from: A, nonce: n })).ok).toBe(true);
    expect(errorOf(pool.add(makeEntry({ from: A, nonce: 3 })))).toEqual({ code: "SENDER_LIMIT", max: 3 });
    expect(pool.add(makeEntry({ from: A, nonce: 1, fee: 20_000n, salt: 1 })).ok).toBe(true);
    expect(pool.add(makeEntry({ from: addr(2), nonce: 0 })).ok).toBe(true);
    expect(nonces(pool.senderTxs(A))).toEqual([0, 1, 2]);
  });

  it("refuses a tx larger than the whole byte cap", () => {
    const e = makeEntry({ from: A, nonce: 0 });
    const pool = new Mempool({ maxBytes: e.size - 1 }, new FakeAccounts());
    expect(errorOf(pool.add(e)).code).toBe("POOL_FULL");
  });

  it("rejects limits that would make the pool misbehave", () => {
    expect(() => new Mempool({ maxTxs: 0 }, new FakeAccounts())).toThrow(MempoolLimitsError);
    expect(() => new Mempool({ maxNonceGap: -1 }, new FakeAccounts())).toThrow(MempoolLimitsError);
    expect(() => new Mempool({ minFeeBumpPercent: Number.NaN }, new FakeAccounts())).toThrow(MempoolLimitsError);
    expect(new Mempool({ maxTxs: 5 }, new FakeAccounts()).limits).toMatchObject({ maxTxs: 5, maxPerSender: 1_000, minFeeBumpPercent: 10 });
  });

  it("reports admissions, replacements, rejections by code and the pool's size to metrics", () => {
    const calls: string[] = [];
    const metrics: MempoolMetrics = {
      poolSize: (t, b) => calls.push(`size ${t} ${b > 0}`),
      admitted: () => calls.push("admitted"),
      replaced: () => calls.push("replaced"),
      rejected: (code) => calls.push(`rejected ${code}`),
      evicted: (n) => calls.push(`evicted ${n}`),
      included: (n) => calls.push(`included ${n}`),
      dropped: (r, n) => calls.push(`dropped ${r} ${n}`),
    };
    const pool = new Mempool({}, new FakeAccounts(), metrics);
    const e = makeEntry({ from: A, nonce: 0 });
    pool.add(e);
    pool.add(e);
    pool.add(makeEntry({ from: A, nonce: 0, fee: 20_000n, salt: 1 }));
    pool.remove(pool.senderTxs(A)[0]!.idHex);
    expect(calls).toEqual(["admitted", "size 1 true", "rejected ALREADY_KNOWN", "admitted", "replaced", "size 1 true", "dropped REMOVED 1", "size 0 false"]);
  });
});
