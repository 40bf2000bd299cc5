// The load's action plans: what each locks and when it must be settled follow from its body, the
// same seed gives the same plans, and red-packet claimers are other members of the channel.
import { describe, expect, it } from "vitest";
import { planAction, type ActionPlan } from "../../chaos/load-actions.js";
import { Rng } from "../../chaos/rng.js";

const self = new Uint8Array(32).fill(1);
const peer = { index: 1, address: new Uint8Array(32).fill(2) };
const channel = { id: new Uint8Array(32).fill(9), members: [0, 1, 2, 3] };
const plan = (p: ActionPlan, seed = 3) => planAction(new Rng(seed), { plan: p, lane: 0, self, peer, channel, nowMs: 1_000_000 });

describe("chaos action plans", () => {
  it("a recurring payment locks amount * runs on the time clock and settles at its last run", () => {
    const { body, planned } = plan("recurring");
    if (body.kind !== "scheduledPayment" || body.body.op !== "create") throw new Error("expected a schedule");
    expect(body.body.clock).toBe("time");
    expect(planned.locked).toBe(body.body.amount * BigInt(body.body.runs));
    expect(planned.settlesByMs).toBe(body.body.start + (body.body.runs - 1) * body.body.interval);
    expect(body.body.interval).toBeGreaterThanOrEqual(1000);
  });

  it("an escrow to claim carries the preimage of its hashlock; one to refund has none and refunds to its creator", () => {
    const claim = plan("escrowClaim");
    expect(claim.planned.preimage).not.toBeNull();
    expect(claim.planned.claimers).toEqual([1]);
    const refund = plan("escrowRefund");
    expect(refund.planned.preimage).toBeNull();
    expect(refund.planned.claimers).toEqual([]);
    if (refund.body.kind !== "escrow" || refund.body.body.op !== "create") throw new Error("expected an escrow");
    expect(refund.body.body.refundTo).toEqual(self);
    expect(refund.body.body.refund).toEqual({ op: "after", clock: "time", at: refund.planned.settlesByMs });
  });

  it("a red packet is claimed only by other members, at most its shares", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { planned } = plan("redPacket", seed);
      expect(planned.claimers.every((c) => c !== 0 && channel.members.includes(c))).toBe(true);
      expect(planned.claimers.length).toBeLessThanOrEqual(planned.shares);
      expect(planned.locked % BigInt(planned.shares)).toBe(0n);
    }
  });

  it("the same seed gives the same plan", () => {
    expect(plan("escrowClaim", 5)).toEqual(plan("escrowClaim", 5));
  });
});
