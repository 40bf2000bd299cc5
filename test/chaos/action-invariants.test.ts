// The action invariants must be able to fail: each is run on records that match the load's plan
// (holds) and on one hand-made violation of exactly one rule (fails, naming what broke).
import { describe, expect, it } from "vitest";
import { actionsAgree, actionsSettled, type ExpectedAction } from "../../chaos/action-invariants.js";
import type { ActionView, BalanceSnapshot } from "../../chaos/invariants.js";

const expectedOf = (over: Partial<ExpectedAction>): ExpectedAction => ({
  id: "0xa", plan: "recurring", kind: "scheduledPayment", locked: 300n, runs: 3, shares: 0, settlesByMs: 1_000,
  claimsOk: 0, claimsFailed: 0, createFailed: null, includedAtMs: null, ...over,
});
const view = (over: Record<string, unknown>): ActionView => ({ kind: "scheduledPayment", status: "open", locked: "0", ...over });
const onNodes = (records: Record<string, ActionView | null>, height = 9, nodes = ["n0", "n1"]): Map<string, BalanceSnapshot> =>
  new Map(nodes.map((n) => [n, { height, balances: [], actions: new Map(Object.entries(records)) }]));

describe("action invariants: settled as planned", () => {
  it("a recurring payment holds while running and once finished, and fails if it ran more than its count", () => {
    const e = expectedOf({});
    expect(actionsSettled([e], onNodes({ "0xa": view({ runs: 3, done: 1, failed: 0, locked: "200" }) }), 500).ok).toBe(true);
    expect(actionsSettled([e], onNodes({ "0xa": view({ runs: 3, done: 3, failed: 0, status: "finished" }) }), 5_000).ok).toBe(true);
    const over = actionsSettled([e], onNodes({ "0xa": view({ runs: 3, done: 4, failed: 0, status: "finished" }) }), 5_000);
    expect(over.ok).toBe(false);
    expect(over.detail).toContain("exceeds 3 runs");
    // Locked must be what the runs left still need.
    expect(actionsSettled([e], onNodes({ "0xa": view({ runs: 3, done: 1, failed: 0, locked: "300" }) }), 500).detail).toContain("2 runs left");
    // Past its last run it must be closed.
    expect(actionsSettled([e], onNodes({ "0xa": view({ runs: 3, done: 2, failed: 0, locked: "100" }) }), 5_000).detail).toContain("still open after its last deadline");
  });

  it("escrows: a claim that took effect releases, an unclaimed one refunds, a closed one locks nothing", () => {
    const claim = expectedOf({ plan: "escrowClaim", kind: "escrow", locked: 50n, claimsOk: 1 });
    const refund = expectedOf({ id: "0xb", plan: "escrowRefund", kind: "escrow", locked: 70n });
    const good = onNodes({ "0xa": view({ kind: "escrow", status: "released" }), "0xb": view({ kind: "escrow", status: "refunded" }) });
    expect(actionsSettled([claim, refund], good, 5_000).ok).toBe(true);
    const refundedDespiteClaim = actionsSettled([claim], onNodes({ "0xa": view({ kind: "escrow", status: "refunded" }) }), 5_000);
    expect(refundedDespiteClaim.detail).toContain("refunded after its claim took effect");
    expect(actionsSettled([refund], onNodes({ "0xb": view({ kind: "escrow", status: "released" }) }), 5_000).detail).toContain("nobody revealed its preimage");
    expect(actionsSettled([refund], onNodes({ "0xb": view({ kind: "escrow", status: "refunded", locked: "70" }) }), 5_000).detail).toContain("still locks 70");
    // A claim that failed (it came after the timeout) leaves the refund, which is fine.
    expect(actionsSettled([{ ...claim, claimsOk: 0, claimsFailed: 1 }], onNodes({ "0xa": view({ kind: "escrow", status: "refunded" }) }), 5_000).ok).toBe(true);
  });

  it("red packets: claims match the claim txs, nobody twice, never more than the total", () => {
    const e = expectedOf({ plan: "redPacket", kind: "redPacket", locked: 10n, shares: 2, claimsOk: 1 });
    const one = [{ claimer: "p1", amount: "4" }];
    expect(actionsSettled([e], onNodes({ "0xa": view({ kind: "redPacket", claims: one, locked: "6" }) }), 500).ok).toBe(true);
    expect(actionsSettled([e], onNodes({ "0xa": view({ kind: "redPacket", status: "expired", claims: one }) }), 5_000).ok).toBe(true);
    const twice = [{ claimer: "p1", amount: "4" }, { claimer: "p1", amount: "6" }];
    const dup = actionsSettled([{ ...e, claimsOk: 2 }], onNodes({ "0xa": view({ kind: "redPacket", status: "finished", claims: twice }) }), 5_000);
    expect(dup.detail).toContain("claimed twice");
    const overpaid = actionsSettled([e], onNodes({ "0xa": view({ kind: "redPacket", claims: [{ claimer: "p1", amount: "9" }], locked: "6" }) }), 500);
    expect(overpaid.detail).toContain("vs total 10");
  });

  it("a missing record, a wrong kind or a failed creation fails", () => {
    const e = expectedOf({});
    expect(actionsSettled([e], onNodes({ "0xa": null }), 500).detail).toContain("has no record");
    expect(actionsSettled([e], onNodes({ "0xa": view({ kind: "escrow" }) }), 500).detail).toContain("created as scheduledPayment");
    expect(actionsSettled([{ ...e, createFailed: "ACTION_BAD_PARAMS" }], onNodes({}), 500).detail).toContain("creation failed");
    // Refused as expired is fine only when the including block really was past the deadline.
    const late = { ...e, plan: "redPacket" as const, kind: "redPacket" as const, createFailed: "ACTION_EXPIRED", settlesByMs: 1_000 };
    expect(actionsSettled([{ ...late, includedAtMs: 1_200 }], onNodes({}), 5_000).ok).toBe(true);
    expect(actionsSettled([{ ...late, includedAtMs: 900 }], onNodes({}), 5_000).detail).toContain("deadline 1000");
  });
});

describe("action invariants: all nodes agree", () => {
  it("same records hold; a differing record at one height fails; open records at different heights are not compared", () => {
    const r = view({ runs: 3, done: 1, locked: "200", height: 9 });
    expect(actionsAgree(onNodes({ "0xa": r })).ok).toBe(true);
    const split = new Map([...onNodes({ "0xa": r }, 9, ["n0"]), ...onNodes({ "0xa": { ...r, done: 2 } }, 9, ["n1"])]);
    const differ = actionsAgree(split);
    expect(differ.ok).toBe(false);
    expect(differ.detail).toContain("n1@9");
    const apart = new Map([...onNodes({ "0xa": r }, 9, ["n0"]), ...onNodes({ "0xa": { ...r, done: 2, height: 10 } }, 10, ["n1"])]);
    expect(actionsAgree(apart).ok).toBe(true);
    // Closed records never change, so they must agree whatever the heights.
    const closed = view({ kind: "escrow", status: "released" });
    const apartClosed = new Map([...onNodes({ "0xa": closed }, 9, ["n0"]), ...onNodes({ "0xa": { ...closed, status: "refunded" } }, 10, ["n1"])]);
    expect(actionsAgree(apartClosed).ok).toBe(false);
  });
});
