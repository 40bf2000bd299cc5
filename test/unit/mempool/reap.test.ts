import { describe, expect, it } from "vitest";
import { Mempool } from "../../../src/mempool/pool.js";
import type { MempoolEntry } from "../../../src/mempool/entry.js";
import { FakeAccounts, addr, makeEntry, nonces } from "./factory.js";

const A = addr(1);
const B = addr(2);
const C = addr(3);

function add(pool: Mempool, e: MempoolEntry): MempoolEntry {
  const r = pool.add(e);
  if (!r.ok) throw r.error;
  return e;
}

describe("mempool reap", () => {
  it("yields a sender's txs in nonce order whatever order they arrived in", () => {
    const pool = new Mempool({}, new FakeAccounts());
    // later nonces pay more: a naive fee sort would put them first
    for (const n of [3, 1, 4, 0, 2]) add(pool, makeEntry({ from: A, nonce: n, fee: 10_000n + BigInt(n) * 1_000n }));
    expect(nonces(pool.reap(100, 1 << 20))).toEqual([0, 1, 2, 3, 4]);
    expect(nonces(pool.senderTxs(A))).toEqual([0, 1, 2, 3, 4]);
  });

  it("puts higher fee per byte first across senders, then earlier arrival", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const a = add(pool, makeEntry({ from: A, nonce: 0, feePerByte: 10n }));
    const b = add(pool, makeEntry({ from: B, nonce: 0, feePerByte: 30n }));
    const c = add(pool, makeEntry({ from: C, nonce: 0, feePerByte: 20n }));
    const a2 = add(pool, makeEntry({ from: addr(4), nonce: 0, feePerByte: 10n }));
    expect(pool.reap(100, 1 << 20)).toEqual([b, c, a, a2]);
  });

  it("ranks by fee per byte, not total fee", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const big = add(pool, makeEntry({ from: A, nonce: 0, fee: 20_000n, tagLength: 200 })); // ~75 per byte
    const small = add(pool, makeEntry({ from: B, nonce: 0, fee: 15_000n })); // ~110 per byte
    expect(pool.reap(100, 1 << 20)).toEqual([small, big]);
  });

  it("merges senders by priority while keeping each sender's nonce order", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const a0 = add(pool, makeEntry({ from: A, nonce: 0, feePerByte: 10n }));
    const a1 = add(pool, makeEntry({ from: A, nonce: 1, feePerByte: 50n }));
    const b0 = add(pool, makeEntry({ from: B, nonce: 0, feePerByte: 30n }));
    const b1 = add(pool, makeEntry({ from: B, nonce: 1, feePerByte: 5n }));
    // A's head is cheap, so B0 goes first; A1 is reachable only after A0.
    expect(pool.reap(100, 1 << 20)).toEqual([b0, a0, a1, b1]);
  });

  it("stops a sender's run at a nonce gap", () => {
    const pool = new Mempool({}, new FakeAccounts());
    for (const n of [0, 1, 3]) add(pool, makeEntry({ from: A, nonce: n }));
    expect(nonces(pool.reap(100, 1 << 20))).toEqual([0, 1]);
    expect(pool.size).toBe(3);
  });

  it("yields nothing for a sender whose committed nonce is not queued", () => {
    const accounts = new FakeAccounts().set(A, 2);
    const pool = new Mempool({}, accounts);
    add(pool, makeEntry({ from: A, nonce: 3 }));
    add(pool, makeEntry({ from: B, nonce: 0 }));
    expect(pool.reap(100, 1 << 20).map((e) => e.stx.tx.from)).toEqual([B]);
  });

  it("respects the tx and byte budgets, skipping a sender whose next tx does not fit", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const big = add(pool, makeEntry({ from: A, nonce: 0, feePerByte: 100n, tagLength: 1_000 }));
    add(pool, makeEntry({ from: A, nonce: 1, feePerByte: 100n }));
    const small = [0, 1, 2].map((n) => add(pool, makeEntry({ from: B, nonce: n, feePerByte: 10n })));
    expect(pool.reap(2, 1 << 20)).toEqual([big, pool.senderTxs(A)[1]]);
    // the big head does not fit: A is skipped entirely (its nonce 1 depends on it), B still fills the block
    expect(pool.reap(100, big.size - 1)).toEqual(small);
    expect(pool.reap(0, 1 << 20)).toEqual([]);
  });

  it("ends a sender's run where its fees outrun its balance", () => {
    const accounts = new FakeAccounts().set(A, 0, 40_000n);
    const pool = new Mempool({}, accounts);
    for (let n = 0; n < 4; n++) add(pool, makeEntry({ from: A, nonce: n, fee: 10_000n }));
    // The balance fell after admission (the pool is told of blocks, not of every balance change).
    accounts.set(A, 0, 25_000n);
    expect(nonces(pool.reap(100, 1 << 20))).toEqual([0, 1]);
  });

  it("leaves out txs that expire before the next block even before the block clean-up", () => {
    const pool = new Mempool({}, new FakeAccounts());
    add(pool, makeEntry({ from: A, nonce: 0, expiry: 50 }));
    add(pool, makeEntry({ from: A, nonce: 1, expiry: 10 }));
    add(pool, makeEntry({ from: A, nonce: 2, expiry: 50 }));
    pool.setHeight(11);
    expect(nonces(pool.reap(100, 1 << 20))).toEqual([0]);
  });

  it("does not change the pool: reaping twice gives the same block", () => {
    const pool = new Mempool({}, new FakeAccounts());
    for (let s = 0; s < 20; s++) for (let n = 0; n < 5; n++) add(pool, makeEntry({ from: addr(s), nonce: n, fee: BigInt(10_000 + ((s * 7919 + n * 104_729) % 5_000)) }));
    const first = pool.reap(60, 1 << 20);
    expect(first).toHaveLength(60);
    expect(pool.reap(60, 1 << 20)).toEqual(first);
    expect(pool.size).toBe(100);
  });

  it("reorders at once when a sender's head is replaced with a higher fee", () => {
    const pool = new Mempool({}, new FakeAccounts());
    const a0 = add(pool, makeEntry({ from: A, nonce: 0, feePerByte: 10n }));
    const b0 = add(pool, makeEntry({ from: B, nonce: 0, feePerByte: 20n }));
    expect(pool.reap(100, 1 << 20)).toEqual([b0, a0]);
    const a0bis = add(pool, makeEntry({ from: A, nonce: 0, feePerByte: 30n, salt: 1 }));
    expect(pool.reap(100, 1 << 20)).toEqual([a0bis, b0]);
  });

  it("skips a sender whose account moved on without the pool being told, until it hears", () => {
    const accounts = new FakeAccounts();
    const pool = new Mempool({}, accounts);
    add(pool, makeEntry({ from: A, nonce: 0 }));
    const a1 = add(pool, makeEntry({ from: A, nonce: 1 }));
    const b0 = add(pool, makeEntry({ from: B, nonce: 0 }));
    accounts.set(A, 1); // A0 executed in a block the pool was not told about
    expect(pool.reap(100, 1 << 20)).toEqual([b0]);
    // any admission for A refreshes its nonce: A1 becomes its executable head
    const a2 = add(pool, makeEntry({ from: A, nonce: 2 }));
    expect(pool.reap(100, 1 << 20)).toEqual([a1, b0, a2]); // equal fees: earliest arrival first
  });
});
