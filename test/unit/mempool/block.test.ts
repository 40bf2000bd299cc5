import { describe, expect, it } from "vitest";
import { Mempool } from "../../../src/mempool/pool.js";
import type { MempoolEntry } from "../../../src/mempool/entry.js";
import { txError } from "../../../src/chain/tx/errors.js";
import type { MempoolMetrics } from "../../../src/mempool/metrics.js";
import { FakeAccounts, addr, makeEntry, nonces } from "./factory.js";

const A = addr(1);
const B = addr(2);
const C = addr(3);
const D = addr(4);

function add(pool: Mempool, e: MempoolEntry): MempoolEntry {
  const r = pool.add(e);
  if (!r.ok) throw r.error;
  return e;
}

describe("mempool after a block", () => {
  it("drops included, stale, expired and unaffordable txs, reports why, and keeps the rest", () => {
    const accounts = new FakeAccounts().set(A, 0).set(B, 0).set(C, 0).set(D, 0);
    const pool = new Mempool({}, accounts);
    pool.setHeight(10);
    const a = [0, 1, 2].map((n) => add(pool, makeEntry({ from: A, nonce: n })));
    const b = [0, 1].map((n) => add(pool, makeEntry({ from: B, nonce: n }))); // B0 lands via another node's tx
    const c = [0, 1].map((n) => add(pool, makeEntry({ from: C, nonce: n, fee: n === 0 ? 5_000n : 50_000n })));
    const d = [add(pool, makeEntry({ from: D, nonce: 0, expiry: 10 })), add(pool, makeEntry({ from: D, nonce: 1, expiry: 11 }))];

    // The block included A0 and A1 from our pool, a competing B0 (not ours), and left C with 20_000.
    accounts.set(A, 2).set(B, 1).set(C, 0, 20_000n);
    const dropped = pool.onBlockCommitted([a[0]!.idHex, a[1]!.idHex], 11, [B, C]);

    expect(new Map(dropped.map((x) => [x.id, x.reason.type]))).toEqual(
      new Map<string, unknown>([
        [b[0]!.idHex, { code: "NONCE_TOO_LOW", expected: 1, got: 0 }],
        // C1 would need its own 50_000 on top of C0's 5_000 queued before it.
        [c[1]!.idHex, { code: "INSUFFICIENT_FUNDS", balance: 20_000n, needed: 55_000n }],
        [d[0]!.idHex, { code: "EXPIRED", expiry: 10, height: 11 }],
      ]),
    );
    expect(pool.has(a[0]!.idHex) || pool.has(a[1]!.idHex)).toBe(false);
    for (const kept of [a[2]!, b[1]!, c[0]!, d[1]!]) expect(pool.has(kept.idHex)).toBe(true);
    expect(pool.size).toBe(4);
    expect(pool.bytes).toBe([a[2]!, b[1]!, c[0]!, d[1]!].reduce((s, e) => s + e.size, 0));
    // the next block gets the survivors that can execute: D1 waits for a new D0
    expect(new Set(pool.reap(100, 1 << 20).map((e) => e.idHex))).toEqual(new Set([a[2]!.idHex, b[1]!.idHex, c[0]!.idHex]));
  });

  it("refreshes the sender of an included tx even when the caller does not list it as touched", () => {
    const accounts = new FakeAccounts();
    const pool = new Mempool({}, accounts);
    const a0 = add(pool, makeEntry({ from: A, nonce: 0 }));
    const a0bis = makeEntry({ from: A, nonce: 1 });
    add(pool, a0bis);
    accounts.set(A, 1, 5_000n);
    const dropped = pool.onBlockCommitted([a0.idHex], 1, []);
    // A1's fee (10_000) is now more than A's balance
    expect(dropped.map((x) => x.reason.code)).toEqual(["INSUFFICIENT_FUNDS"]);
    expect(pool.size).toBe(0);
  });

  it("expires everything due after a long jump in height", () => {
    const pool = new Mempool({}, new FakeAccounts());
    for (let s = 0; s < 10; s++) add(pool, makeEntry({ from: addr(s), nonce: 0, expiry: 100 + s * 1_000 }));
    const dropped = pool.onBlockCommitted([], 5_000, []);
    expect(dropped).toHaveLength(5);
    expect(dropped.every((x) => x.reason.code === "EXPIRED")).toBe(true);
    expect(pool.size).toBe(5);
    expect(pool.height).toBe(5_000);
  });

  it("reports included and dropped counts by reason to metrics", () => {
    const counts = new Map<string, number>();
    const bump = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
    const metrics: MempoolMetrics = {
      poolSize: (t) => counts.set("size", t),
      admitted: () => bump("admitted", 1),
      replaced: () => bump("replaced", 1),
      rejected: (c) => bump(`rejected ${c}`, 1),
      evicted: (n) => bump("evicted", n),
      included: (n) => bump("included", n),
      dropped: (r, n) => bump(`dropped ${r}`, n),
    };
    const accounts = new FakeAccounts();
    const pool = new Mempool({}, accounts, metrics);
    const a = [0, 1, 2].map((n) => add(pool, makeEntry({ from: A, nonce: n, expiry: n === 2 ? 5 : 100 })));
    add(pool, makeEntry({ from: B, nonce: 0, expiry: 5 }));
    accounts.set(A, 2);
    pool.onBlockCommitted([a[0]!.idHex], 6, [A]);
    expect(Object.fromEntries(counts)).toEqual({ admitted: 4, size: 0, included: 1, "dropped NONCE_TOO_LOW": 1, "dropped EXPIRED": 2 });
  });

  it("remove() drops one tx and leaves its later nonces queued but not reapable", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const a = [0, 1, 2].map((n) => add(pool, makeEntry({ from: A, nonce: n })));
    expect(pool.remove(a[1]!.idHex, txError({ code: "INSUFFICIENT_FUNDS", balance: 0n, needed: 1n }))).toBe(true);
    expect(pool.remove(a[1]!.idHex)).toBe(false);
    expect(nonces(pool.senderTxs(A))).toEqual([0, 2]);
    expect(nonces(pool.reap(100, 1 << 20))).toEqual([0]);
    expect(pool.bytes).toBe(a[0]!.size + a[2]!.size);
  });
});

describe("pendingNonce", () => {
  it("is the account nonce for a sender with nothing queued", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 7));
    expect(pool.pendingNonce(A)).toBe(7);
  });

  it("counts the contiguous queued run and stops at a gap", () => {
    const pool = new Mempool({}, new FakeAccounts().set(A, 3));
    for (const n of [3, 4, 5, 7]) add(pool, makeEntry({ from: A, nonce: n }));
    expect(pool.pendingNonce(A)).toBe(6);
    add(pool, makeEntry({ from: A, nonce: 6 }));
    expect(pool.pendingNonce(A)).toBe(8);
  });

  it("follows the chain when queued txs are included", () => {
    const accounts = new FakeAccounts();
    const pool = new Mempool({}, accounts);
    const a = [0, 1, 2].map((n) => add(pool, makeEntry({ from: A, nonce: n })));
    accounts.set(A, 2);
    pool.onBlockCommitted([a[0]!.idHex, a[1]!.idHex], 1, [A]);
    expect(pool.pendingNonce(A)).toBe(3);
    expect(nonces(pool.senderTxs(A))).toEqual([2]);
  });
});
