// Random sequences of adds, removals and blocks against a small pool: after every step the
// caps hold, the indexes agree, and reap yields only txs that could execute in order.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Mempool } from "../../../src/mempool/pool.js";
import { FakeAccounts, addr, makeEntry } from "./factory.js";

const SENDERS = [0, 1, 2, 3, 4, 5].map(addr);
const UNIT = makeEntry({ from: SENDERS[0]!, nonce: 0 }).size;
const LIMITS = { maxTxs: 12, maxBytes: UNIT * 10, maxPerSender: 5, maxNonceGap: 3, minFeeBumpPercent: 10 };

type Op =
  | { kind: "add"; sender: number; nonce: number; fee: number; tag: number; expiry: number; salt: number }
  | { kind: "remove"; pick: number }
  | { kind: "block"; take: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("add" as const), sender: fc.nat(5), nonce: fc.nat(4), fee: fc.integer({ min: 1, max: 30 }), tag: fc.nat(40), expiry: fc.integer({ min: 1, max: 12 }), salt: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("block" as const), take: fc.nat(6) }) },
);

function checkInvariants(pool: Mempool, accounts: FakeAccounts): void {
  expect(pool.size).toBeLessThanOrEqual(LIMITS.maxTxs);
  expect(pool.bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
  let count = 0;
  let bytes = 0;
  for (const s of SENDERS) {
    const txs = pool.senderTxs(s);
    expect(txs.length).toBeLessThanOrEqual(LIMITS.maxPerSender);
    for (let i = 0; i < txs.length; i++) {
      expect(pool.get(txs[i]!.idHex)).toBe(txs[i]);
      if (i > 0) expect(txs[i]!.stx.tx.nonce).toBeGreaterThan(txs[i - 1]!.stx.tx.nonce);
      bytes += txs[i]!.size;
    }
    count += txs.length;
  }
  expect(count).toBe(pool.size);
  expect(bytes).toBe(pool.bytes);
  // reap: per sender a contiguous run from the account nonce, affordable, unexpired
  const next = new Map<string, { nonce: number; left: bigint }>();
  for (const e of pool.reap(1_000, 1 << 30)) {
    const key = e.stx.tx.from.join(",");
    const state = next.get(key) ?? (() => {
      const a = accounts.nonceAndBalance(e.stx.tx.from);
      return { nonce: a.nonce, left: a.balance };
    })();
    expect(e.stx.tx.nonce).toBe(state.nonce);
    expect(e.stx.tx.expiry).toBeGreaterThanOrEqual(pool.height);
    state.nonce++;
    state.left -= e.stx.tx.fee;
    expect(state.left >= 0n).toBe(true);
    next.set(key, state);
  }
}

describe("mempool invariants", () => {
  it("hold across random adds, removals and blocks", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
        const accounts = new FakeAccounts();
        for (const s of SENDERS) accounts.set(s, 0, 100_000n);
        const pool = new Mempool(LIMITS, accounts);
        let height = 1;
        pool.setHeight(height);
        for (const op of ops) {
          if (op.kind === "add") {
            const from = SENDERS[op.sender]!;
            const r = pool.add(makeEntry({ from, nonce: accounts.nonceAndBalance(from).nonce + op.nonce, fee: BigInt(op.fee) * 1_000n, tagLength: op.tag, expiry: height + op.expiry, salt: op.salt }));
            if (r.ok) for (const id of r.value.evicted) expect(pool.has(Buffer.from(id).toString("hex"))).toBe(false);
          } else if (op.kind === "remove") {
            const all = SENDERS.flatMap((s) => pool.senderTxs(s));
            if (all.length > 0) pool.remove(all[op.pick % all.length]!.idHex);
          } else {
            // the chain executes what reap offers, like a proposer would
            const block = pool.reap(op.take, 1 << 30);
            for (const e of block) {
              const a = accounts.nonceAndBalance(e.stx.tx.from);
              accounts.set(e.stx.tx.from, a.nonce + 1, a.balance - e.stx.tx.fee);
            }
            height++;
            const dropped = pool.onBlockCommitted(block.map((e) => e.idHex), height, block.map((e) => e.stx.tx.from));
            for (const d of dropped) expect(pool.has(d.id)).toBe(false);
            for (const s of SENDERS) {
              const nonce = accounts.nonceAndBalance(s).nonce;
              for (const e of pool.senderTxs(s)) {
                expect(e.stx.tx.expiry).toBeGreaterThanOrEqual(height);
                if (block.some((b) => b.stx.tx.from === s)) expect(e.stx.tx.nonce).toBeGreaterThanOrEqual(nonce);
              }
            }
          }
          checkInvariants(pool, accounts);
        }
      }),
      { numRuns: 150 },
    );
  });
});
