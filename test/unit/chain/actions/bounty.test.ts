// Pay on reply: the first qualifying message after creation and before the deadline is paid;
// an unanswered bounty returns at the deadline; every refusal.
import { describe, expect, it } from "vitest";
import { bountyLocked, bountyWatches, createBounty, observeBounty, wakeBounty, type BountyInput, type BountyRecord } from "../../../../src/chain/actions/bounty.js";
import { ALICE, BOB, CAROL, CHANNEL, ctxAt, ok, refusal } from "./fixtures.js";

/** 10 to whoever answers in the channel within an hour (block time, ms). */
const OPEN_BOUNTY: BountyInput = { owner: ALICE, amount: 10n, target: { kind: "channel", channel: CHANNEL }, answerer: null, deadline: { clock: "time", at: 3_600_000 } };
const post = (from: Uint8Array) => ({ kind: "post" as const, from, channel: CHANNEL });

function open(input = OPEN_BOUNTY): BountyRecord {
  return ok(createBounty(input, ctxAt(10, 0))).record;
}

describe("createBounty", () => {
  it("locks the amount, watches the target and wakes at the deadline", () => {
    const out = ok(createBounty(OPEN_BOUNTY, ctxAt(10, 0)));
    expect(out.debit).toBe(10n);
    expect(out.wake).toEqual({ height: null, timeMs: 3_600_000 });
    expect(bountyWatches(out.record)).toEqual([{ kind: "post", target: CHANNEL }]);
  });

  it("refuses a zero amount, the owner as answerer and a past deadline", () => {
    expect(refusal(createBounty({ ...OPEN_BOUNTY, amount: 0n }, ctxAt(10, 0)))).toBe("BAD_AMOUNT");
    expect(refusal(createBounty({ ...OPEN_BOUNTY, answerer: ALICE }, ctxAt(10, 0)))).toBe("BAD_PARAMS");
    expect(refusal(createBounty(OPEN_BOUNTY, ctxAt(10, 3_600_000)))).toBe("EXPIRED");
  });
});

describe("observeBounty", () => {
  it("pays whoever answers first, once", () => {
    const out = ok(observeBounty(open(), post(BOB), ctxAt(11, 1000))!);
    expect(out.payments).toEqual([{ to: BOB, amount: 10n }]);
    expect(out.record.paidTo).toEqual(BOB);
    expect(bountyLocked(out.record)).toBe(0n);
    expect(observeBounty(out.record, post(CAROL), ctxAt(12, 2000))).toBeNull();
  });

  it("pays only the named answerer when there is one", () => {
    const r = open({ ...OPEN_BOUNTY, answerer: BOB });
    expect(observeBounty(r, post(CAROL), ctxAt(11, 1000))).toBeNull();
    expect(ok(observeBounty(r, post(BOB), ctxAt(11, 1000))!).payments).toEqual([{ to: BOB, amount: 10n }]);
  });

  it("ignores the owner, the creating block, late answers and other targets", () => {
    const r = open();
    expect(observeBounty(r, post(ALICE), ctxAt(11, 1000))).toBeNull();
    expect(observeBounty(r, post(BOB), ctxAt(10, 1000))).toBeNull();
    expect(observeBounty(r, post(BOB), ctxAt(11, 3_600_000))).toBeNull();
    expect(observeBounty(r, { kind: "post", from: BOB, channel: BOB }, ctxAt(11, 1000))).toBeNull();
    expect(observeBounty(r, { kind: "direct", from: BOB, to: ALICE }, ctxAt(11, 1000))).toBeNull();
  });

  it("answers by direct message when the target is a recipient", () => {
    const r = open({ ...OPEN_BOUNTY, target: { kind: "direct", to: ALICE } });
    expect(observeBounty(r, { kind: "direct", from: BOB, to: CAROL }, ctxAt(11, 1000))).toBeNull();
    expect(ok(observeBounty(r, { kind: "direct", from: BOB, to: ALICE }, ctxAt(11, 1000))!).payments).toEqual([{ to: BOB, amount: 10n }]);
  });
});

describe("wakeBounty", () => {
  it("returns an unanswered bounty at the deadline, not before", () => {
    const early = ok(wakeBounty(open(), ctxAt(50, 3_599_999)));
    expect(early.payments).toEqual([]);
    expect(early.wake).toEqual({ height: null, timeMs: 3_600_000 });
    const out = ok(wakeBounty(open(), ctxAt(51, 3_600_000)));
    expect(out.payments).toEqual([{ to: ALICE, amount: 10n }]);
    expect(out.record.status).toBe("refunded");
  });

  it("does nothing once paid", () => {
    const paid = ok(observeBounty(open(), post(BOB), ctxAt(11, 1000))!).record;
    expect(ok(wakeBounty(paid, ctxAt(99, 4_000_000))).payments).toEqual([]);
  });
});
