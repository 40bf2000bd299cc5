// Reward pools: a fixed reward per post, capped per member per period, until empty or expired.
import { describe, expect, it } from "vitest";
import {
  createRewardPool, EMPTY_COUNTER, MAX_CAP_PER_PERIOD, observeRewardPool, rewardPoolLocked, wakeRewardPool,
  type PoolCounter, type RewardPoolInput, type RewardPoolRecord,
} from "../../../../src/chain/actions/reward-pool.js";
import { bytesEqual } from "../../../../src/util/bytes.js";
import { ALICE, BOB, CAROL, CHANNEL, ctxAt, ok, refusal } from "./fixtures.js";

/** Alice funds 25: 10 per post in the channel, at most 2 posts per member per 100 blocks. */
const POOL: RewardPoolInput = { organiser: ALICE, channel: CHANNEL, reward: 10n, capPerPeriod: 2, periodBlocks: 100, fund: 25n, expiry: { clock: "height", at: 1000 } };
const post = (from: Uint8Array) => ({ kind: "post" as const, from, channel: CHANNEL });

function open(input = POOL): RewardPoolRecord {
  return ok(createRewardPool(input, ctxAt(10))).record;
}

function observe(r: RewardPoolRecord, counter: PoolCounter, height: number) {
  const out = observeRewardPool(r, post(BOB), counter, ctxAt(height));
  return out && { ...ok(out.outcome), counter: out.counter };
}

describe("createRewardPool", () => {
  it("locks the fund and wakes at expiry", () => {
    const out = ok(createRewardPool(POOL, ctxAt(10)));
    expect(out.debit).toBe(25n);
    expect(out.wake).toEqual({ height: 1000, timeMs: null });
  });

  it.each<[string, Partial<RewardPoolInput>, string]>([
    ["a zero reward", { reward: 0n }, "BAD_AMOUNT"],
    ["a fund below one reward", { fund: 9n }, "BAD_AMOUNT"],
    ["a zero cap", { capPerPeriod: 0 }, "BAD_PARAMS"],
    ["a cap over the maximum", { capPerPeriod: MAX_CAP_PER_PERIOD + 1 }, "BAD_PARAMS"],
    ["a zero period", { periodBlocks: 0 }, "BAD_PARAMS"],
    ["an expiry already past", { expiry: { clock: "height", at: 10 } }, "EXPIRED"],
  ])("refuses %s", (_name, change, code) => {
    expect(refusal(createRewardPool({ ...POOL, ...change }, ctxAt(10)))).toBe(code);
  });
});

describe("observeRewardPool", () => {
  it("pays per post up to the cap in a period, then again in the next period, until empty", () => {
    let r = open();
    const first = observe(r, EMPTY_COUNTER, 11)!;
    expect(first.payments).toEqual([{ to: BOB, amount: 10n }]);
    expect(first.counter).toEqual({ period: 0, posts: 1 });
    const second = observe(first.record, first.counter, 12)!;
    expect(observe(second.record, second.counter, 13)).toBeNull(); // cap of 2 reached in period 0
    r = second.record;
    const nextPeriod = observe(r, second.counter, 110)!; // (110 - 10) / 100 = period 1
    expect(nextPeriod.counter).toEqual({ period: 1, posts: 1 });
    expect(nextPeriod.payments).toEqual([{ to: BOB, amount: 5n }]); // what was left
    expect(nextPeriod.record.status).toBe("emptied");
    expect(rewardPoolLocked(nextPeriod.record)).toBe(0n);
    expect(observe(nextPeriod.record, nextPeriod.counter, 111)).toBeNull();
  });

  it("pays nothing for the organiser's posts, the creating block, other channels or after expiry", () => {
    const r = open();
    expect(observeRewardPool(r, post(ALICE), EMPTY_COUNTER, ctxAt(11))).toBeNull();
    expect(observeRewardPool(r, post(BOB), EMPTY_COUNTER, ctxAt(10))).toBeNull();
    expect(observeRewardPool(r, { kind: "post", from: BOB, channel: BOB }, EMPTY_COUNTER, ctxAt(11))).toBeNull();
    expect(observeRewardPool(r, post(BOB), EMPTY_COUNTER, ctxAt(1000))).toBeNull();
  });
});

describe("an author frozen in the pool's asset", () => {
  it("earns nothing and leaves the pool and the counter as they were; the next author is paid", () => {
    const r = open({ ...POOL, asset: CHANNEL });
    const bobFrozen = { ...ctxAt(11), canCredit: (to: Uint8Array) => !bytesEqual(to, BOB) };
    expect(observeRewardPool(r, post(BOB), EMPTY_COUNTER, bobFrozen)).toBeNull();
    const carol = observeRewardPool(r, post(CAROL), EMPTY_COUNTER, bobFrozen)!;
    expect(ok(carol.outcome).payments).toEqual([{ to: CAROL, amount: 10n }]);
    expect(ok(carol.outcome).record).toMatchObject({ balance: 15n, paidPosts: 1 });
  });
});

describe("wakeRewardPool", () => {
  it("returns the rest to the organiser at expiry", () => {
    const paidOnce = observe(open(), EMPTY_COUNTER, 11)!.record;
    expect(ok(wakeRewardPool(paidOnce, ctxAt(999))).payments).toEqual([]);
    const out = ok(wakeRewardPool(paidOnce, ctxAt(1000)));
    expect(out.payments).toEqual([{ to: ALICE, amount: 15n }]);
    expect(out.record.status).toBe("expired");
    expect(ok(wakeRewardPool(out.record, ctxAt(1001))).payments).toEqual([]);
  });
});
