// Conditional payment / escrow: an amount locked with a release condition (pays `releaseTo`)
// and a refund condition (pays `refundTo`). A hash-time lock is the case
// release = and(hashPreimage(h), before(T)), refund = after(T).
// Anyone may submit the claim that proves a side; whatever can be true without a preimage
// (clocks, approvals, anchors, observed replies and payments) fires by itself: at a wake, an
// approval or an observation. Release is tried before refund when both hold.
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { readBigUint, readUint } from "../codec.js";
import { checkPositiveAmount } from "./amounts.js";
import { MAX_APPROVERS, MAX_CONDITION_NODES, type Condition } from "./condition.js";
import { decodeConditionValue, encodeConditionValue } from "./condition-codec.js";
import { evaluate, conditionView } from "./condition-eval.js";
import { approversOf, nextClockFlip, validateCondition, watchedLeaves } from "./condition-rules.js";
import { insertId } from "./id-list.js";
import { actionError, type ActionError } from "./errors.js";
import { distinctTargets, leafMatches, watchOfLeaf, type ActionEvent, type WatchTarget } from "./events.js";
import { readAddress, readAddressSet, readEnum, readAssetField, readUintSet } from "./record-codec.js";
import { done, earliestWake, NO_WAKE, refused, type ActionCtx, type Address, type Outcome, type Wake } from "./types.js";

// releaseReturned / refundReturned: that side held when the block hook checked it, but its payee
// was frozen in the asset, so the amount went back to the owner (docs/DECISIONS.md 46); the
// payee is the side's releaseTo / refundTo. A tx never settles so: its payout fails instead.
export const EscrowStatus = { open: 0, released: 1, refunded: 2, releaseReturned: 3, refundReturned: 4 } as const;
export type EscrowStatusName = keyof typeof EscrowStatus;
export const EscrowSide = { release: 0, refund: 1 } as const;
export type EscrowSideName = keyof typeof EscrowSide;

// A claim carries a few HTLC-sized secrets, no more: they are hashed in the block.
export const MAX_PREIMAGES = 4;
export const MAX_PREIMAGE_BYTES = 64;
/** Approvals a record can hold: every approver of both trees (approvals are checked against them). */
const MAX_RECORDED_APPROVALS = 2 * MAX_CONDITION_NODES * MAX_APPROVERS;

export interface EscrowRecord {
  kind: "escrow";
  owner: Address;
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  /** Locked while open; paid out whole to one side. */
  amount: bigint;
  releaseTo: Address;
  refundTo: Address;
  release: Condition;
  refund: Condition;
  createdHeight: number;
  /** Approvals recorded so far, ascending. */
  approvals: Address[];
  /** Observed watched leaves, ascending: side * MAX_CONDITION_NODES + pre-order index. */
  observed: number[];
  status: EscrowStatusName;
  /** Height of the release or refund; 0 while open. */
  settledHeight: number;
}

export interface EscrowInput {
  /** The asset to lock and pay; absent or null: the native token. */
  asset?: AssetRef;
  owner: Address;
  amount: bigint;
  releaseTo: Address;
  refundTo: Address;
  release: Condition;
  refund: Condition;
}

export function encodeEscrowFields(r: EscrowRecord): unknown[] {
  return [r.owner, r.asset, r.amount, r.releaseTo, r.refundTo, encodeConditionValue(r.release), encodeConditionValue(r.refund),
    r.createdHeight, r.approvals, r.observed, EscrowStatus[r.status], r.settledHeight];
}

export function decodeEscrowFields(f: unknown[]): EscrowRecord | string {
  if (f.length !== 12) return "escrow has 12 fields";
  const owner = readAddress(f[0]);
  const asset = readAssetField(f[1]);
  const amount = readBigUint(f[2]);
  const releaseTo = readAddress(f[3]);
  const refundTo = readAddress(f[4]);
  const release = decodeConditionValue(f[5]);
  const refund = decodeConditionValue(f[6]);
  const createdHeight = readUint(f[7]);
  const approvals = readAddressSet(f[8], MAX_RECORDED_APPROVALS);
  const observed = readUintSet(f[9], 2 * MAX_CONDITION_NODES);
  const status = readEnum(f[10], EscrowStatus);
  const settledHeight = readUint(f[11]);
  if (!owner || !releaseTo || !refundTo) return "owner, releaseTo and refundTo must be 32 bytes";
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (amount === undefined) return "amount must be a u64";
  if (typeof release === "string") return `release: ${release}`;
  if (typeof refund === "string") return `refund: ${refund}`;
  if (createdHeight === undefined || settledHeight === undefined) return "heights must be non-negative integers";
  if (!approvals) return "approvals must be ascending 32-byte addresses";
  if (!observed) return "observed must be ascending leaf numbers";
  if (!status) return "unknown escrow status";
  return { kind: "escrow", owner, asset, amount, releaseTo, refundTo, release, refund, createdHeight, approvals, observed, status, settledHeight };
}

export function escrowLocked(r: EscrowRecord): bigint {
  return r.status === "open" ? r.amount : 0n;
}

export function escrowWatches(r: EscrowRecord): WatchTarget[] {
  return distinctTargets([...watchedLeaves(r.release), ...watchedLeaves(r.refund)].map(({ leaf }) => watchOfLeaf(leaf)));
}

export function createEscrow(input: EscrowInput, ctx: ActionCtx): Outcome<EscrowRecord> {
  const badAmount = checkPositiveAmount(input.amount, "amount");
  if (badAmount) return refused(badAmount);
  for (const side of [input.release, input.refund]) {
    const bad = validateCondition(side);
    if (bad) return refused(bad);
  }
  const record: EscrowRecord = {
    kind: "escrow", owner: input.owner, asset: input.asset ?? null, amount: input.amount, releaseTo: input.releaseTo, refundTo: input.refundTo,
    release: input.release, refund: input.refund, createdHeight: ctx.height, approvals: [], observed: [], status: "open", settledHeight: 0,
  };
  // A condition already true fires at once: the chain, not a later claim, settles it.
  return settleOrWait(record, ctx, input.amount);
}

export interface EscrowClaim {
  side: EscrowSideName;
  preimages: Uint8Array[];
}

/** Checks on a claim that need no state. */
export function checkEscrowClaim(claim: EscrowClaim): ActionError | null {
  // [REJECT] a claim reveals a few short secrets; anything more is work pushed on the block.
  if (claim.preimages.length > MAX_PREIMAGES) return actionError({ code: "BAD_CLAIM", reason: `more than ${MAX_PREIMAGES} preimages` });
  if (claim.preimages.some((p) => p.length > MAX_PREIMAGE_BYTES))
    return actionError({ code: "BAD_CLAIM", reason: `a preimage is longer than ${MAX_PREIMAGE_BYTES} bytes` });
  return null;
}

/** Anyone may claim: the proof (preimages, recorded facts) is what counts, not the sender. */
export function claimEscrow(r: EscrowRecord, claim: EscrowClaim, ctx: ActionCtx): Outcome<EscrowRecord> {
  const bad = checkEscrowClaim(claim);
  if (bad) return refused(bad);
  // [REJECT] an escrow pays once.
  if (r.status !== "open") return refused(actionError({ code: "ACTION_CLOSED", status: r.status }));
  const cond = claim.side === "release" ? r.release : r.refund;
  // [REJECT] the claimed side's condition must hold in this block with these preimages.
  if (!evaluate(cond, sideView(r, claim.side, ctx, claim.preimages)))
    return refused(actionError({ code: "CONDITION_NOT_MET", side: claim.side }));
  return settle(r, claim.side, ctx);
}

export function approveEscrow(r: EscrowRecord, approver: Address, ctx: ActionCtx): Outcome<EscrowRecord> {
  if (r.status !== "open") return refused(actionError({ code: "ACTION_CLOSED", status: r.status }));
  // [REJECT] only an address named in an approvals node may approve.
  const approvers = [...approversOf(r.release), ...approversOf(r.refund)];
  if (!approvers.some((a) => bytesEqual(a, approver))) return refused(actionError({ code: "NOT_AUTHORIZED", role: "approver" }));
  const approvals = [...r.approvals];
  // [REJECT] an approval counts once.
  if (!insertId(approvals, approver)) return refused(actionError({ code: "ALREADY_APPROVED" }));
  return settleOrWait({ ...r, approvals }, ctx);
}

/** The block hook's call at a scheduled wake: settle if a side holds without a preimage. */
export function wakeEscrow(r: EscrowRecord, ctx: ActionCtx): Outcome<EscrowRecord> {
  if (r.status !== "open") return done(r, [], NO_WAKE);
  return settleOrWait(r, ctx);
}

/**
 * The block hook's call for an event at a target this escrow watches. null when the event
 * changes nothing (closed, same block as the creation, no leaf matches or already observed).
 */
export function observeEscrow(r: EscrowRecord, ev: ActionEvent, ctx: ActionCtx): Outcome<EscrowRecord> | null {
  if (r.status !== "open") return null;
  // A reply or payment counts only when final after the action was created: a later block.
  if (ctx.height <= r.createdHeight) return null;
  const observed = [...r.observed];
  for (const [side, cond] of [[EscrowSide.release, r.release], [EscrowSide.refund, r.refund]] as const) {
    for (const { index, leaf } of watchedLeaves(cond)) {
      const key = side * MAX_CONDITION_NODES + index;
      if (!observed.includes(key) && leafMatches(leaf, ev)) observed.push(key);
    }
  }
  if (observed.length === r.observed.length) return null;
  observed.sort((a, b) => a - b);
  return settleOrWait({ ...r, observed }, ctx);
}

function sideView(r: EscrowRecord, side: EscrowSideName, ctx: ActionCtx, preimages: readonly Uint8Array[]) {
  const base = EscrowSide[side] * MAX_CONDITION_NODES;
  const observed = r.observed.filter((k) => k >= base && k < base + MAX_CONDITION_NODES).map((k) => k - base);
  return conditionView(ctx, { preimages, approvals: r.approvals, observed });
}

function settle(r: EscrowRecord, side: EscrowSideName, ctx: ActionCtx, debit = 0n): Outcome<EscrowRecord> {
  const to = side === "release" ? r.releaseTo : r.refundTo;
  // A payee frozen in the asset takes nothing from the block hook (only its ctx has canCredit;
  // a tx's payout fails instead): the owner gets it back and the record says for whom it was,
  // so no view shows a release that did not happen. The owner's own credit always lands.
  if (!bytesEqual(to, r.owner) && ctx.canCredit && !ctx.canCredit(to, r.amount, r.asset)) {
    const returned: EscrowRecord = { ...r, status: side === "release" ? "releaseReturned" : "refundReturned", settledHeight: ctx.height };
    return done(returned, [{ to: r.owner, amount: r.amount, returnedFor: to }], NO_WAKE, debit);
  }
  const record: EscrowRecord = { ...r, status: side === "release" ? "released" : "refunded", settledHeight: ctx.height };
  return done(record, [{ to, amount: r.amount }], NO_WAKE, debit);
}

/** Settles on whatever side holds with no preimage (release first), else waits for the next clock flip. */
function settleOrWait(r: EscrowRecord, ctx: ActionCtx, debit = 0n): Outcome<EscrowRecord> {
  if (evaluate(r.release, sideView(r, "release", ctx, []))) return settle(r, "release", ctx, debit);
  if (evaluate(r.refund, sideView(r, "refund", ctx, []))) return settle(r, "refund", ctx, debit);
  const wake: Wake = earliestWake(nextClockFlip(r.release, ctx), nextClockFlip(r.refund, ctx));
  return done(r, [], wake, debit);
}
