// Escrow / conditional payment: creation rules, claims by anyone with proof, approvals,
// observations, and time-only conditions that fire at a wake; every refusal.
import { describe, expect, it } from "vitest";
import {
  approveEscrow, claimEscrow, createEscrow, escrowLocked, escrowWatches, observeEscrow, wakeEscrow, type EscrowInput, type EscrowRecord,
} from "../../../../src/chain/actions/escrow.js";
import { bytesEqual, utf8 } from "../../../../src/util/bytes.js";
import { decodeActionRecord, encodeActionRecord } from "../../../../src/chain/actions/records.js";
import { actionRecordJson } from "../../../../src/chain/actions/record-json.js";
import { formatAddress } from "../../../../src/chain/address.js";
import { ALICE, BOB, C, CAROL, CHANNEL, DAVE, ctxAt, ok, refusal } from "./fixtures.js";

const SECRET = utf8("the secret");
/** Alice pays Bob 100 if Bob reveals the secret before height 50; refund to Alice from 50 on. */
const HTLC: EscrowInput = {
  owner: ALICE, amount: 100n, releaseTo: BOB, refundTo: ALICE,
  release: C.and(C.preimage(SECRET), C.beforeHeight(50)), refund: C.afterHeight(50),
};

const ID = new Uint8Array(32).fill(9);
const UNIT = { assetId: DAVE, symbol: "PTS", decimals: 0, issuer: CAROL };

function open(input: EscrowInput = HTLC, height = 10): EscrowRecord {
  const out = ok(createEscrow(input, ctxAt(height)));
  expect(out.record.status).toBe("open");
  return out.record;
}

describe("createEscrow", () => {
  it("locks the amount from the owner and wakes at the next clock flip", () => {
    const out = ok(createEscrow(HTLC, ctxAt(10)));
    expect(out.debit).toBe(100n);
    expect(out.payments).toEqual([]);
    expect(escrowLocked(out.record)).toBe(100n);
    expect(out.wake).toEqual({ height: 50, timeMs: null });
    expect(out.record.createdHeight).toBe(10);
  });

  it("refuses a zero amount or an invalid condition", () => {
    expect(refusal(createEscrow({ ...HTLC, amount: 0n }, ctxAt(1)))).toBe("BAD_AMOUNT");
    expect(refusal(createEscrow({ ...HTLC, amount: 1n << 64n }, ctxAt(1)))).toBe("BAD_AMOUNT");
    expect(refusal(createEscrow({ ...HTLC, refund: C.and(C.afterHeight(1)) }, ctxAt(1)))).toBe("BAD_CONDITION");
    expect(refusal(createEscrow({ ...HTLC, release: C.not(C.not(C.not(C.not(C.afterHeight(1))))) }, ctxAt(1)))).toBe("CONDITION_TOO_DEEP");
  });

  it("settles at once when a side already holds", () => {
    const out = ok(createEscrow({ ...HTLC, refund: C.afterHeight(5) }, ctxAt(10)));
    expect(out.record.status).toBe("refunded");
    expect(out.debit).toBe(100n);
    expect(out.payments).toEqual([{ to: ALICE, amount: 100n }]);
  });
});

describe("claimEscrow", () => {
  it("pays the release side to anyone's claim that reveals the preimage in time", () => {
    const out = ok(claimEscrow(open(), { side: "release", preimages: [SECRET] }, ctxAt(49)));
    expect(out.payments).toEqual([{ to: BOB, amount: 100n }]);
    expect(out.record.status).toBe("released");
    expect(out.record.settledHeight).toBe(49);
    expect(escrowLocked(out.record)).toBe(0n);
  });

  it("refuses a wrong preimage, a late one, and a refund claimed early", () => {
    expect(refusal(claimEscrow(open(), { side: "release", preimages: [utf8("nope")] }, ctxAt(20)))).toBe("CONDITION_NOT_MET");
    expect(refusal(claimEscrow(open(), { side: "release", preimages: [SECRET] }, ctxAt(50)))).toBe("CONDITION_NOT_MET");
    expect(refusal(claimEscrow(open(), { side: "refund", preimages: [] }, ctxAt(49)))).toBe("CONDITION_NOT_MET");
  });

  it("refuses a claim on a settled escrow: it pays once", () => {
    const released = ok(claimEscrow(open(), { side: "release", preimages: [SECRET] }, ctxAt(20))).record;
    expect(refusal(claimEscrow(released, { side: "release", preimages: [SECRET] }, ctxAt(21)))).toBe("ACTION_CLOSED");
  });

  it("refuses too many or too long preimages", () => {
    expect(refusal(claimEscrow(open(), { side: "release", preimages: Array.from({ length: 5 }, () => SECRET) }, ctxAt(20)))).toBe("BAD_CLAIM");
    expect(refusal(claimEscrow(open(), { side: "release", preimages: [new Uint8Array(65)] }, ctxAt(20)))).toBe("BAD_CLAIM");
  });
});

describe("wakeEscrow", () => {
  it("refunds by itself when the time-only side becomes true", () => {
    const early = ok(wakeEscrow(open(), ctxAt(49)));
    expect(early.payments).toEqual([]);
    expect(early.wake).toEqual({ height: 50, timeMs: null });
    const due = ok(wakeEscrow(open(), ctxAt(50)));
    expect(due.payments).toEqual([{ to: ALICE, amount: 100n }]);
    expect(due.record.status).toBe("refunded");
    expect(due.wake).toEqual({ height: null, timeMs: null });
  });

  it("does nothing on a settled escrow (a stale wake)", () => {
    const refunded = ok(wakeEscrow(open(), ctxAt(50))).record;
    const again = ok(wakeEscrow(refunded, ctxAt(60)));
    expect(again.payments).toEqual([]);
    expect(again.record).toBe(refunded);
  });

  it("follows block time as well as height", () => {
    const timed = open({ ...HTLC, release: C.afterTime(30_000), refund: C.afterHeight(1000) }, 10);
    expect(ok(wakeEscrow(timed, ctxAt(11, 29_999))).wake).toEqual({ height: 1000, timeMs: 30_000 });
    expect(ok(wakeEscrow(timed, ctxAt(12, 30_000))).payments).toEqual([{ to: BOB, amount: 100n }]);
  });
});

describe("a payee frozen in the asset when the block hook settles", () => {
  const ASSET = DAVE;
  const frozen = (who: Uint8Array) => (to: Uint8Array) => !bytesEqual(to, who);
  const hookCtx = (height: number, canTake: (to: Uint8Array) => boolean) => ({ ...ctxAt(height), canCredit: (to: Uint8Array) => canTake(to) });

  it("returns a release to the owner and records it as a return for the release side's payee", () => {
    const timed = open({ ...HTLC, asset: ASSET, release: C.afterHeight(20), refund: C.afterHeight(100) });
    const out = ok(wakeEscrow(timed, hookCtx(20, frozen(BOB))));
    expect(out.payments).toEqual([{ to: ALICE, amount: 100n, returnedFor: BOB }]);
    expect(out.record).toMatchObject({ status: "releaseReturned", settledHeight: 20 });
    expect(escrowLocked(out.record)).toBe(0n);
    expect(decodeActionRecord(encodeActionRecord(out.record))).toEqual(out.record);
    expect(actionRecordJson(ID, out.record, UNIT)).toMatchObject({
      status: "returned", settledSide: "release", paidTo: formatAddress(ALICE), returnedFor: formatAddress(BOB), returnReason: "PAYEE_FROZEN", locked: "0",
    });
  });

  it("returns a refund meant for a third party, and never returns the owner's own refund", () => {
    const toCarol = open({ ...HTLC, asset: ASSET, refundTo: CAROL });
    const out = ok(wakeEscrow(toCarol, hookCtx(50, frozen(CAROL))));
    expect(out.payments).toEqual([{ to: ALICE, amount: 100n, returnedFor: CAROL }]);
    expect(actionRecordJson(ID, out.record, UNIT)).toMatchObject({ status: "returned", settledSide: "refund", paidTo: formatAddress(ALICE), returnedFor: formatAddress(CAROL) });
    const toOwner = ok(wakeEscrow(open({ ...HTLC, asset: ASSET }), hookCtx(50, () => false)));
    expect(toOwner.payments).toEqual([{ to: ALICE, amount: 100n }]);
    expect(actionRecordJson(ID, toOwner.record, UNIT)).toMatchObject({ status: "refunded", settledSide: "refund", paidTo: formatAddress(ALICE), returnedFor: null, returnReason: null });
  });

  it("a claim's ctx (a tx) has no canCredit: it pays the payee, whose frozen holding then fails the tx", () => {
    const out = ok(claimEscrow(open({ ...HTLC, asset: ASSET }), { side: "release", preimages: [SECRET] }, ctxAt(20)));
    expect(out.payments).toEqual([{ to: BOB, amount: 100n }]);
    expect(actionRecordJson(ID, out.record, UNIT)).toMatchObject({ status: "released", settledSide: "release", paidTo: formatAddress(BOB), returnedFor: null });
  });
});

describe("approveEscrow", () => {
  const MULTISIG: EscrowInput = { ...HTLC, release: C.approvals(2, BOB, CAROL, DAVE), refund: C.afterHeight(100) };

  it("releases when the threshold of approvals is recorded", () => {
    const one = ok(approveEscrow(open(MULTISIG), CAROL, ctxAt(11)));
    expect(one.payments).toEqual([]);
    expect(one.record.approvals).toEqual([CAROL]);
    const two = ok(approveEscrow(one.record, DAVE, ctxAt(12)));
    expect(two.payments).toEqual([{ to: BOB, amount: 100n }]);
    expect(two.record.status).toBe("released");
  });

  it("refuses an outsider, a repeated approval and a closed escrow", () => {
    expect(refusal(approveEscrow(open(MULTISIG), ALICE, ctxAt(11)))).toBe("NOT_AUTHORIZED");
    const one = ok(approveEscrow(open(MULTISIG), CAROL, ctxAt(11))).record;
    expect(refusal(approveEscrow(one, CAROL, ctxAt(12)))).toBe("ALREADY_APPROVED");
    const done = ok(approveEscrow(one, BOB, ctxAt(12))).record;
    expect(refusal(approveEscrow(done, DAVE, ctxAt(13)))).toBe("ACTION_CLOSED");
  });
});

describe("observeEscrow", () => {
  const ON_REPLY: EscrowInput = { ...HTLC, release: C.replyChannel(BOB, CHANNEL), refund: C.afterHeight(100) };
  const post = (from: Uint8Array) => ({ kind: "post" as const, from, channel: CHANNEL });

  it("watches the channel and releases when Bob's post is final after creation", () => {
    const r = open(ON_REPLY, 10);
    expect(escrowWatches(r)).toEqual([{ kind: "post", target: CHANNEL }]);
    const out = observeEscrow(r, post(BOB), ctxAt(11));
    expect(out && ok(out).payments).toEqual([{ to: BOB, amount: 100n }]);
  });

  it("ignores a post in the creating block, by someone else, or elsewhere", () => {
    const r = open(ON_REPLY, 10);
    expect(observeEscrow(r, post(BOB), ctxAt(10))).toBeNull();
    expect(observeEscrow(r, post(CAROL), ctxAt(11))).toBeNull();
    expect(observeEscrow(r, { kind: "post", from: BOB, channel: ALICE }, ctxAt(11))).toBeNull();
    expect(observeEscrow(r, { kind: "direct", from: BOB, to: CHANNEL }, ctxAt(11))).toBeNull();
  });

  it("records an observation that is not yet enough, and releases once the rest holds", () => {
    const both: EscrowInput = { ...ON_REPLY, release: C.and(C.replyChannel(BOB, CHANNEL), C.payment(CAROL, ALICE, 10n)) };
    const r = open(both, 10);
    const first = ok(observeEscrow(r, post(BOB), ctxAt(11))!);
    expect(first.payments).toEqual([]);
    expect(first.record.observed).toEqual([1]);
    expect(observeEscrow(first.record, post(BOB), ctxAt(12))).toBeNull(); // already observed
    expect(observeEscrow(first.record, { kind: "payment", from: CAROL, to: ALICE, amount: 9n }, ctxAt(12))).toBeNull();
    const second = ok(observeEscrow(first.record, { kind: "payment", from: CAROL, to: ALICE, amount: 10n }, ctxAt(12))!);
    expect(second.payments).toEqual([{ to: BOB, amount: 100n }]);
  });

  it("keeps the two sides' leaves apart", () => {
    const r = open({ ...HTLC, release: C.afterHeight(1000), refund: C.replyDirect(null, ALICE) }, 10);
    const out = ok(observeEscrow(r, { kind: "direct", from: CAROL, to: ALICE }, ctxAt(11))!);
    expect(out.record.observed).toEqual([16]); // refund side, leaf 0
    expect(out.payments).toEqual([{ to: ALICE, amount: 100n }]);
  });
});
