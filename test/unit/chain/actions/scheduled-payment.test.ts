// Scheduled and recurring payments: reserved at creation, paid by wakes exactly once per run,
// refused credits recorded and returned, cancel returns what is left; every refusal.
import { describe, expect, it } from "vitest";
import {
  cancelScheduledPayment, createScheduledPayment, MAX_RUNS, MAX_RUNS_PER_WAKE, runScheduledPayment, scheduledLocked,
  type ScheduledPaymentInput, type ScheduledPaymentRecord,
} from "../../../../src/chain/actions/scheduled-payment.js";
import { ALICE, BOB, ctxAt, ok, refusal } from "./fixtures.js";

/** Alice pays Bob 10 at heights 20, 25, 30. */
const SERIES: ScheduledPaymentInput = { payer: ALICE, to: BOB, amount: 10n, clock: "height", start: 20, interval: 5, runs: 3 };

function open(input = SERIES): ScheduledPaymentRecord {
  return ok(createScheduledPayment(input, ctxAt(10))).record;
}

describe("createScheduledPayment", () => {
  it("reserves amount * runs and wakes at the first run", () => {
    const out = ok(createScheduledPayment(SERIES, ctxAt(10)));
    expect(out.debit).toBe(30n);
    expect(scheduledLocked(out.record)).toBe(30n);
    expect(out.wake).toEqual({ height: 20, timeMs: null });
  });

  it("takes a one-off payment at a time", () => {
    const out = ok(createScheduledPayment({ ...SERIES, clock: "time", start: 60_000, interval: 0, runs: 1 }, ctxAt(10)));
    expect(out.wake).toEqual({ height: null, timeMs: 60_000 });
  });

  it.each<[string, Partial<ScheduledPaymentInput>, string]>([
    ["a zero amount", { amount: 0n }, "BAD_AMOUNT"],
    ["no runs", { runs: 0 }, "BAD_PARAMS"],
    ["too many runs", { runs: MAX_RUNS + 1 }, "BAD_PARAMS"],
    ["a single run with an interval", { runs: 1, interval: 5 }, "BAD_PARAMS"],
    ["a series with interval 0", { interval: 0 }, "BAD_PARAMS"],
    ["a timed series under a second apart", { clock: "time", interval: 999 }, "BAD_PARAMS"],
    ["a negative start", { start: -1 }, "BAD_PARAMS"],
    ["a last run past safe integers", { start: Number.MAX_SAFE_INTEGER - 1 }, "BAD_PARAMS"],
    ["a reservation over 2^64-1", { amount: 1n << 63n }, "BAD_AMOUNT"],
  ])("refuses %s", (_name, change, code) => {
    expect(refusal(createScheduledPayment({ ...SERIES, ...change }, ctxAt(10)))).toBe(code);
  });
});

describe("runScheduledPayment", () => {
  it("pays each run once at its due height and finishes after the last", () => {
    let r = open();
    const early = ok(runScheduledPayment(r, ctxAt(19)));
    expect(early.payments).toEqual([]);
    expect(early.wake.height).toBe(20);
    const first = ok(runScheduledPayment(r, ctxAt(20)));
    expect(first.payments).toEqual([{ to: BOB, amount: 10n }]);
    expect(first.wake.height).toBe(25);
    r = first.record;
    expect(ok(runScheduledPayment(r, ctxAt(20))).payments).toEqual([]); // the same height again pays nothing
    r = ok(runScheduledPayment(r, ctxAt(25))).record;
    const last = ok(runScheduledPayment(r, ctxAt(30)));
    expect(last.record.status).toBe("finished");
    expect(last.wake).toEqual({ height: null, timeMs: null });
    expect(scheduledLocked(last.record)).toBe(0n);
    expect(ok(runScheduledPayment(last.record, ctxAt(99))).payments).toEqual([]);
  });

  it("catches up on runs a backlog delayed, at most MAX_RUNS_PER_WAKE per wake", () => {
    const r = open({ ...SERIES, start: 1, interval: 1, runs: 40 });
    const out = ok(runScheduledPayment(r, ctxAt(100)));
    expect(out.payments.length).toBe(MAX_RUNS_PER_WAKE);
    expect(out.record.done).toBe(MAX_RUNS_PER_WAKE);
    expect(out.wake.height).toBe(1 + MAX_RUNS_PER_WAKE); // already due: the scheduler runs it next block
  });

  it("records a refused credit as failed, returns its share and moves on", () => {
    const out = ok(runScheduledPayment(open(), { ...ctxAt(20), canCredit: () => false }));
    // Back to the payer, marked as the payee's payout returned (what subscribers are told).
    expect(out.payments).toEqual([{ to: ALICE, amount: 10n, returnedFor: BOB }]);
    expect(out.record.failed).toBe(1);
    expect(out.record.done).toBe(1);
    expect(out.wake.height).toBe(25);
  });
});

describe("cancelScheduledPayment", () => {
  it("returns what is left to the payer", () => {
    const afterOne = ok(runScheduledPayment(open(), ctxAt(20))).record;
    const out = ok(cancelScheduledPayment(afterOne, ALICE));
    expect(out.payments).toEqual([{ to: ALICE, amount: 20n }]);
    expect(out.record.status).toBe("cancelled");
    expect(scheduledLocked(out.record)).toBe(0n);
    expect(ok(runScheduledPayment(out.record, ctxAt(25))).payments).toEqual([]);
  });

  it("refuses anyone but the payer, and a closed series", () => {
    expect(refusal(cancelScheduledPayment(open(), BOB))).toBe("NOT_AUTHORIZED");
    const cancelled = ok(cancelScheduledPayment(open(), ALICE)).record;
    expect(refusal(cancelScheduledPayment(cancelled, ALICE))).toBe("ACTION_CLOSED");
  });
});
