// The automatic actions of the chaos load (docs/ACTIONS.md): recurring payments between harness
// accounts, hash-time-locked escrows (some claimed with the preimage, some left to refund at
// their timeout) and red packets in a harness channel (claimed by some of its members). Every
// deadline is on the block-time clock: a time wake makes its own block (Chain.actionsDue), so an
// action settles on an idle chain after the load stops, where a height wake would wait for txs.
// This file plans the bodies and what each action must end as; load.ts signs and sends them.
import { createHash } from "node:crypto";
import type { Condition } from "../src/chain/actions/condition.js";
import type { EscrowBody, RedPacketBody, ScheduledPaymentBody } from "../src/chain/tx/types.js";
import { ChaosError } from "./errors.js";
import type { Rng } from "./rng.js";

export type ActionPlan = "recurring" | "escrowClaim" | "escrowRefund" | "redPacket";

/** Relative weights of the plans within the action share of the load. */
export const ACTION_PLAN_WEIGHTS: Readonly<Record<ActionPlan, number>> = { recurring: 3, escrowClaim: 2, escrowRefund: 2, redPacket: 2 };

// Short horizons keep `npm test` fast: the runner waits for the last one before its checks.
// A run is due every 1-2 s (the time clock's minimum interval is 1 s), 2-4 runs from 1-3 s out.
const SCHEDULE = { startSec: [1, 3], intervalSec: [1, 2], runs: [2, 4] } as const;
// A claimed escrow's timeout is far enough for its claim to land through a fault or a short halt.
const CLAIM_TIMEOUT_SEC = 20;
const REFUND_TIMEOUT_SEC = [3, 8] as const;
const PACKET_EXPIRY_SEC = [6, 10] as const;

/** What the load expects of one action it created (the action id is the creating tx's id). */
export interface PlannedAction {
  plan: ActionPlan;
  kind: "scheduledPayment" | "escrow" | "redPacket";
  /** The creator's account index. */
  lane: number;
  /** Locked at creation: amount * runs, the escrow amount or the packet total. */
  locked: bigint;
  runs: number;
  shares: number;
  /** Wall-clock ms after which the action must be closed (its last run, timeout or expiry). */
  settlesByMs: number;
  /** Follow-up claims to send once the creation is final, by account index. */
  claimers: number[];
  /** escrowClaim: the preimage the claim reveals. */
  preimage: Uint8Array | null;
}

export type PlannedBody =
  | { kind: "scheduledPayment"; body: ScheduledPaymentBody }
  | { kind: "escrow"; body: EscrowBody }
  | { kind: "redPacket"; body: RedPacketBody };

const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => rng.int(lo, hi);

export interface PlanInput {
  plan: ActionPlan;
  lane: number;
  /** The creator's address (an escrow refunds to it). */
  self: Uint8Array;
  /** Another account (recipient of a payment or escrow). */
  peer: { index: number; address: Uint8Array };
  /** redPacket: a channel the lane is a member of. */
  channel: { id: Uint8Array; members: readonly number[] } | null;
  nowMs: number;
}

/** The creating body and the expected outcome of one planned action. */
export function planAction(rng: Rng, p: PlanInput): { body: PlannedBody; planned: PlannedAction } {
  const base = { plan: p.plan, lane: p.lane, runs: 0, shares: 0, claimers: [] as number[], preimage: null as Uint8Array | null };
  const amount = BigInt(rng.int(1, 1000));
  if (p.plan === "recurring") {
    const runs = between(rng, SCHEDULE.runs);
    const start = p.nowMs + between(rng, SCHEDULE.startSec) * 1000;
    const interval = between(rng, SCHEDULE.intervalSec) * 1000;
    const body: ScheduledPaymentBody = { op: "create", to: p.peer.address, amount, clock: "time", start, interval, runs };
    return { body: { kind: "scheduledPayment", body }, planned: { ...base, kind: "scheduledPayment", locked: amount * BigInt(runs), runs, settlesByMs: start + (runs - 1) * interval } };
  }
  if (p.plan === "escrowClaim" || p.plan === "escrowRefund") {
    const claim = p.plan === "escrowClaim";
    const preimage = Uint8Array.from({ length: 32 }, () => rng.int(0, 255));
    const at = p.nowMs + (claim ? CLAIM_TIMEOUT_SEC : between(rng, REFUND_TIMEOUT_SEC)) * 1000;
    const release: Condition = { op: "and", children: [{ op: "hashPreimage", sha256: sha256(preimage) }, { op: "before", clock: "time", at }] };
    const body: EscrowBody = { op: "create", releaseTo: p.peer.address, refundTo: p.self, amount, release, refund: { op: "after", clock: "time", at } };
    return {
      body: { kind: "escrow", body },
      planned: { ...base, kind: "escrow", locked: amount, settlesByMs: at, claimers: claim ? [p.peer.index] : [], preimage: claim ? preimage : null },
    };
  }
  if (!p.channel) throw new ChaosError({ code: "UNSUPPORTED", what: "a red packet with no channel the sender is in" });
  const others = p.channel.members.filter((m) => m !== p.lane);
  const shares = rng.int(1, Math.max(1, others.length));
  // Some packets are claimed out, some expire with shares left (returned to the sender).
  const claimers = others.slice(0, rng.int(Math.max(0, shares - 1), Math.min(shares, others.length)));
  const total = BigInt(shares) * BigInt(rng.int(1, 500));
  const at = p.nowMs + between(rng, PACKET_EXPIRY_SEC) * 1000;
  const body: RedPacketBody = { op: "send", total, shares, split: rng.chance(0.5) ? "random" : "equal", audience: { kind: "channel", channel: p.channel.id }, expiry: { clock: "time", at } };
  return { body: { kind: "redPacket", body }, planned: { ...base, kind: "redPacket", locked: total, shares, settlesByMs: at, claimers } };
}

/** The claim an escrow's recipient or a red packet's member sends once the creation is final. */
export function claimBody(a: { kind: PlannedAction["kind"]; id: Uint8Array; preimage: Uint8Array | null }): PlannedBody {
  if (a.kind === "escrow") return { kind: "escrow", body: { op: "claim", id: a.id, side: "release", preimages: a.preimage ? [a.preimage] : [] } };
  if (a.kind === "redPacket") return { kind: "redPacket", body: { op: "claim", id: a.id } };
  throw new ChaosError({ code: "UNSUPPORTED", what: `a claim on a ${a.kind}` });
}

function sha256(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(b).digest());
}
