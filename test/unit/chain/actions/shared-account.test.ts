// Shared M-of-N accounts: deposits, proposals that execute at the threshold, membership
// changes by the same rule, expiry; every refusal.
import { describe, expect, it } from "vitest";
import {
  approveShared, createSharedAccount, depositShared, executeShared, MAX_OPEN_PROPOSALS, proposeShared, sharedLocked,
  type SharedAccountRecord,
} from "../../../../src/chain/actions/shared-account.js";
import { compareBytes } from "../../../../src/util/bytes.js";
import { ALICE, BOB, CAROL, DAVE, ctxAt, ok, refusal } from "./fixtures.js";

const MEMBERS = [ALICE, BOB, CAROL].sort(compareBytes);
const SOON = { clock: "height" as const, at: 100 };
const pay = (amount: bigint) => ({ type: "pay" as const, to: DAVE, amount });

function open(deposit = 50n): SharedAccountRecord {
  return ok(createSharedAccount({ members: MEMBERS, threshold: 2, deposit }, ctxAt(10))).record;
}

describe("createSharedAccount and depositShared", () => {
  it("locks the deposit and adds later deposits from anyone", () => {
    const out = ok(createSharedAccount({ members: MEMBERS, threshold: 2, deposit: 50n }, ctxAt(10)));
    expect(out.debit).toBe(50n);
    const more = ok(depositShared(out.record, 25n));
    expect(more.debit).toBe(25n);
    expect(sharedLocked(more.record)).toBe(75n);
  });

  it("refuses bad member lists and thresholds, and bad deposits", () => {
    const create = (members: Uint8Array[], threshold: number, deposit = 0n) => createSharedAccount({ members, threshold, deposit }, ctxAt(1));
    expect(refusal(create([], 1))).toBe("BAD_PARAMS");
    expect(refusal(create([...MEMBERS].reverse(), 1))).toBe("BAD_PARAMS");
    expect(refusal(create([ALICE, ALICE], 1))).toBe("BAD_PARAMS");
    expect(refusal(create(MEMBERS, 0))).toBe("BAD_PARAMS");
    expect(refusal(create(MEMBERS, 4))).toBe("BAD_PARAMS");
    expect(refusal(create(MEMBERS, 2, -1n))).toBe("BAD_AMOUNT");
    expect(refusal(depositShared(open(), 0n))).toBe("BAD_AMOUNT");
    expect(refusal(depositShared(open((1n << 64n) - 1n), 1n))).toBe("BAD_AMOUNT");
  });
});

describe("payment proposals", () => {
  it("execute when the threshold approved (the proposer counts)", () => {
    const proposed = ok(proposeShared(open(), { proposer: ALICE, action: pay(30n), expiry: SOON }, ctxAt(11)));
    expect(proposed.payments).toEqual([]);
    expect(proposed.record.proposals[0]!.approvals).toEqual([ALICE]);
    const approved = ok(approveShared(proposed.record, { member: BOB, proposalId: 0 }, ctxAt(12)));
    expect(approved.payments).toEqual([{ to: DAVE, amount: 30n }]);
    expect(approved.record.proposals).toEqual([]);
    expect(sharedLocked(approved.record)).toBe(20n);
  });

  it("wait, approved, when the balance is short, and execute after a deposit", () => {
    const proposed = ok(proposeShared(open(10n), { proposer: ALICE, action: pay(30n), expiry: SOON }, ctxAt(11))).record;
    const approved = ok(approveShared(proposed, { member: BOB, proposalId: 0 }, ctxAt(12)));
    expect(approved.payments).toEqual([]);
    expect(refusal(executeShared(approved.record, { member: CAROL, proposalId: 0 }, ctxAt(13)))).toBe("INSUFFICIENT_LOCKED");
    const funded = ok(depositShared(approved.record, 20n)).record;
    expect(ok(executeShared(funded, { member: CAROL, proposalId: 0 }, ctxAt(13))).payments).toEqual([{ to: DAVE, amount: 30n }]);
  });

  it("refuse outsiders, repeated approvals, unknown, expired and under-approved proposals", () => {
    const r = ok(proposeShared(open(), { proposer: ALICE, action: pay(30n), expiry: SOON }, ctxAt(11))).record;
    expect(refusal(proposeShared(r, { proposer: DAVE, action: pay(1n), expiry: SOON }, ctxAt(11)))).toBe("NOT_AUTHORIZED");
    expect(refusal(approveShared(r, { member: DAVE, proposalId: 0 }, ctxAt(12)))).toBe("NOT_AUTHORIZED");
    expect(refusal(approveShared(r, { member: ALICE, proposalId: 0 }, ctxAt(12)))).toBe("ALREADY_APPROVED");
    expect(refusal(approveShared(r, { member: BOB, proposalId: 7 }, ctxAt(12)))).toBe("PROPOSAL_NOT_FOUND");
    expect(refusal(approveShared(r, { member: BOB, proposalId: 0 }, ctxAt(100)))).toBe("EXPIRED");
    expect(refusal(executeShared(r, { member: BOB, proposalId: 0 }, ctxAt(12)))).toBe("CONDITION_NOT_MET");
    expect(refusal(executeShared(r, { member: DAVE, proposalId: 0 }, ctxAt(12)))).toBe("NOT_AUTHORIZED");
    expect(refusal(proposeShared(r, { proposer: BOB, action: pay(0n), expiry: SOON }, ctxAt(11)))).toBe("BAD_AMOUNT");
    expect(refusal(proposeShared(r, { proposer: BOB, action: pay(1n), expiry: { clock: "height", at: 11 } }, ctxAt(11)))).toBe("EXPIRED");
  });

  it("are bounded in number; expired ones make room", () => {
    let r = open();
    for (let i = 0; i < MAX_OPEN_PROPOSALS; i++) r = ok(proposeShared(r, { proposer: ALICE, action: pay(1n), expiry: SOON }, ctxAt(11))).record;
    expect(refusal(proposeShared(r, { proposer: ALICE, action: pay(1n), expiry: SOON }, ctxAt(11)))).toBe("PROPOSALS_FULL");
    const later = ok(proposeShared(r, { proposer: ALICE, action: pay(1n), expiry: { clock: "height", at: 500 } }, ctxAt(100)));
    expect(later.record.proposals.map((p) => p.id)).toEqual([MAX_OPEN_PROPOSALS]);
  });
});

describe("membership changes", () => {
  it("follow the same threshold and drop other open proposals", () => {
    let r = ok(proposeShared(open(), { proposer: ALICE, action: pay(5n), expiry: SOON }, ctxAt(11))).record;
    const newMembers = [ALICE, DAVE].sort(compareBytes);
    r = ok(proposeShared(r, { proposer: BOB, action: { type: "change", members: newMembers, threshold: 1 }, expiry: SOON }, ctxAt(11))).record;
    const changed = ok(approveShared(r, { member: CAROL, proposalId: 1 }, ctxAt(12)));
    expect(changed.record.members).toEqual(newMembers);
    expect(changed.record.threshold).toBe(1);
    expect(changed.record.proposals).toEqual([]);
    // Bob is out; Dave alone now pays (threshold 1 executes on proposal).
    expect(refusal(proposeShared(changed.record, { proposer: BOB, action: pay(1n), expiry: SOON }, ctxAt(13)))).toBe("NOT_AUTHORIZED");
    expect(ok(proposeShared(changed.record, { proposer: DAVE, action: pay(7n), expiry: SOON }, ctxAt(13))).payments).toEqual([{ to: DAVE, amount: 7n }]);
  });

  it("refuse a change to an invalid set or threshold", () => {
    expect(refusal(proposeShared(open(), { proposer: ALICE, action: { type: "change", members: MEMBERS, threshold: 4 }, expiry: SOON }, ctxAt(11)))).toBe("BAD_PARAMS");
    expect(refusal(proposeShared(open(), { proposer: ALICE, action: { type: "change", members: [], threshold: 1 }, expiry: SOON }, ctxAt(11)))).toBe("BAD_PARAMS");
  });
});
