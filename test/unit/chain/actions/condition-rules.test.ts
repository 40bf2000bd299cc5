// Which trees are accepted, what they cost, and the facts actions read off them.
import { describe, expect, it } from "vitest";
import { CONDITION_UNIT_FEE, MAX_CONDITION_COST_UNITS, type Condition } from "../../../../src/chain/actions/condition.js";
import {
  approversOf, conditionCost, conditionStats, nextClockFlip, validateCondition, watchedLeaves,
} from "../../../../src/chain/actions/condition-rules.js";
import { utf8 } from "../../../../src/util/bytes.js";
import { ALICE, BOB, C, CAROL, CHANNEL } from "./fixtures.js";

function code(c: Condition): string | null {
  return validateCondition(c)?.code ?? null;
}

function reason(c: Condition): string {
  const e = validateCondition(c);
  return e && e.type.code === "BAD_CONDITION" ? e.type.reason : "";
}

describe("validateCondition", () => {
  it("accepts a hash-time lock and a 2-of-3 with a deadline", () => {
    expect(code(C.and(C.preimage(utf8("s")), C.beforeHeight(100)))).toBeNull();
    expect(code(C.or(C.approvals(2, ALICE, BOB, CAROL), C.afterTime(5)))).toBeNull();
  });

  it("refuses a 17th node", () => {
    const leaves = Array.from({ length: 16 }, (_, i) => C.afterHeight(i));
    expect(code(C.and(...leaves))).toBe("CONDITION_TOO_LARGE");
    expect(code(C.and(...leaves.slice(1)))).toBeNull();
  });

  it("refuses a fifth level", () => {
    expect(code(C.not(C.not(C.not(C.not(C.afterHeight(1))))))).toBe("CONDITION_TOO_DEEP");
    expect(code(C.not(C.not(C.not(C.afterHeight(1)))))).toBeNull();
  });

  it("refuses and/or with fewer than two children", () => {
    expect(reason(C.and(C.afterHeight(1)))).toBe("and needs at least 2 children");
    expect(reason(C.or())).toBe("or needs at least 2 children");
  });

  it("refuses clock values that are not non-negative safe integers", () => {
    expect(reason(C.afterHeight(-1))).toBe("after.at must be a non-negative safe integer");
    expect(reason(C.beforeTime(1.5))).toBe("before.at must be a non-negative safe integer");
  });

  it("refuses approvals with m out of 1..n, no addresses, or an unsorted or repeated list", () => {
    expect(reason(C.approvals(0, ALICE))).toBe("approvals needs 1 <= m <= number of addresses");
    expect(reason(C.approvals(3, ALICE, BOB))).toBe("approvals needs 1 <= m <= number of addresses");
    expect(reason({ op: "approvals", m: 1, of: [] })).toBe("approvals lists 1..16 addresses");
    const sorted = C.approvals(1, ALICE, BOB) as Extract<Condition, { op: "approvals" }>;
    expect(reason({ ...sorted, of: [...sorted.of].reverse() })).toBe("approvers must be ascending and unique");
    expect(reason({ ...sorted, of: [ALICE, ALICE] })).toBe("approvers must be ascending and unique");
  });

  it("refuses a payment of at least zero", () => {
    expect(reason(C.payment(ALICE, BOB, 0n))).toBe("paymentReceived.minAmount must be 1..2^64-1");
  });

  it("finds a bad node below the root", () => {
    expect(reason(C.or(C.afterHeight(1), C.not(C.approvals(0, ALICE))))).toBe("approvals needs 1 <= m <= number of addresses");
  });
});

describe("conditionCost", () => {
  it("charges the documented weight per node", () => {
    // and(1) + hashPreimage(2) + before(1) = 4 units.
    expect(conditionCost(C.and(C.preimage(utf8("s")), C.beforeHeight(9)))).toBe(4n * CONDITION_UNIT_FEE);
    // or(1) + reply(4) + paymentReceived(4) + anchor(2) = 11 units.
    expect(conditionCost(C.or(C.replyChannel(null, CHANNEL), C.payment(ALICE, BOB, 1n), C.anchor(ALICE)))).toBe(11n * CONDITION_UNIT_FEE);
  });

  it("never exceeds the bound for the largest valid tree", () => {
    const heaviest = C.and(...Array.from({ length: 15 }, () => C.payment(ALICE, BOB, 1n)));
    expect(validateCondition(heaviest)).toBeNull();
    expect(conditionStats(heaviest).units).toBeLessThanOrEqual(MAX_CONDITION_COST_UNITS);
  });
});

describe("tree facts", () => {
  const tree = C.or(C.and(C.replyDirect(BOB, ALICE), C.beforeHeight(50)), C.payment(CAROL, ALICE, 7n), C.afterTime(9000));

  it("numbers watched leaves in pre-order", () => {
    // 0 or, 1 and, 2 reply, 3 before, 4 payment, 5 after
    expect(watchedLeaves(tree).map((l) => [l.index, l.leaf.op])).toEqual([[2, "reply"], [4, "paymentReceived"]]);
  });

  it("reports the next clock flip after now on each clock", () => {
    expect(nextClockFlip(tree, { height: 10, timeMs: 100 })).toEqual({ height: 50, timeMs: 9000 });
    expect(nextClockFlip(tree, { height: 50, timeMs: 9000 })).toEqual({ height: null, timeMs: null });
  });

  it("lists every approver", () => {
    expect(approversOf(C.or(C.approvals(1, ALICE), C.approvals(1, BOB, CAROL))).length).toBe(3);
  });
});
