// Pay on reply / bounties: "10 PAR to whoever (or to Bob) answers in channel C within an
// hour". The owner locks the amount; the block hook pays the first qualifying message final
// after creation and before the deadline; at the deadline an unanswered bounty returns to the
// owner. The chain sees that a message exists, not what it says (it is encrypted): for an
// open bounty the first message at the target by anyone but the owner wins. There is no
// cancel: an owner who could cancel could take the bounty back on seeing an answer coming.
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { readBigUint, readBytes, readUint } from "../codec.js";
import { checkPositiveAmount } from "./amounts.js";
import { ReplyTargetTag, type ReplyTarget } from "./condition.js";
import { actionError } from "./errors.js";
import { eventAtTarget, watchOfReplyTarget, type ActionEvent, type WatchTarget } from "./events.js";
import { encodeDeadline, readAddress, readDeadline, readEnum, readAssetField, readOptionalAddress } from "./record-codec.js";
import { done, hasPassed, NO_WAKE, refused, wakeAt, type ActionCtx, type Address, type Deadline, type Outcome } from "./types.js";

// returned: answered, but the answerer was frozen in the asset, so the amount went back to the
// owner (docs/DECISIONS.md 37); its views say "refunded" with the reason.
export const BountyStatus = { open: 0, paid: 1, refunded: 2, returned: 3 } as const;
export type BountyStatusName = keyof typeof BountyStatus;

export interface BountyRecord {
  kind: "bounty";
  owner: Address;
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  amount: bigint;
  /** Where the answer must appear. */
  target: ReplyTarget;
  /** Who must answer; null = anyone but the owner. */
  answerer: Address | null;
  deadline: Deadline;
  createdHeight: number;
  status: BountyStatusName;
  /** Who answered: paid (status paid), or not payable (status returned); else null. */
  paidTo: Address | null;
  /** Height of the payment or refund; 0 while open. */
  settledHeight: number;
}

export interface BountyInput {
  /** The asset to lock and pay; absent or null: the native token. */
  asset?: AssetRef;
  owner: Address;
  amount: bigint;
  target: ReplyTarget;
  answerer: Address | null;
  deadline: Deadline;
}

export function encodeBountyFields(r: BountyRecord): unknown[] {
  const target = r.target.kind === "direct" ? r.target.to : r.target.channel;
  return [r.owner, r.asset, r.amount, ReplyTargetTag[r.target.kind], target, r.answerer, ...encodeDeadline(r.deadline),
    r.createdHeight, BountyStatus[r.status], r.paidTo, r.settledHeight];
}

export function decodeBountyFields(f: unknown[]): BountyRecord | string {
  if (f.length !== 12) return "bounty has 12 fields";
  const owner = readAddress(f[0]);
  const asset = readAssetField(f[1]);
  const amount = readBigUint(f[2]);
  const targetKind = readEnum(f[3], ReplyTargetTag);
  const targetBytes = readBytes(f[4], 32);
  const answerer = readOptionalAddress(f[5]);
  const deadline = readDeadline(f[6], f[7]);
  const createdHeight = readUint(f[8]);
  const status = readEnum(f[9], BountyStatus);
  const paidTo = readOptionalAddress(f[10]);
  const settledHeight = readUint(f[11]);
  if (!owner) return "owner must be 32 bytes";
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (amount === undefined) return "amount must be a u64";
  if (!targetKind || !targetBytes) return "target must be kind 0 (direct) or 1 (channel) and 32 bytes";
  if (answerer === undefined || paidTo === undefined) return "answerer and paidTo must be 32 bytes or nil";
  if (!deadline) return "deadline must be [clock, at]";
  if (createdHeight === undefined || settledHeight === undefined) return "heights must be non-negative integers";
  if (!status) return "unknown bounty status";
  const target: ReplyTarget = targetKind === "direct" ? { kind: "direct", to: targetBytes } : { kind: "channel", channel: targetBytes };
  return { kind: "bounty", owner, asset, amount, target, answerer, deadline, createdHeight, status, paidTo, settledHeight };
}

export function bountyLocked(r: BountyRecord): bigint {
  return r.status === "open" ? r.amount : 0n;
}

export function bountyWatches(r: BountyRecord): WatchTarget[] {
  return [watchOfReplyTarget(r.target)];
}

export function createBounty(input: BountyInput, ctx: ActionCtx): Outcome<BountyRecord> {
  const badAmount = checkPositiveAmount(input.amount, "amount");
  if (badAmount) return refused(badAmount);
  // [REJECT] the owner answering itself would just be a slow refund.
  if (input.answerer && bytesEqual(input.answerer, input.owner)) return refused(actionError({ code: "BAD_PARAMS", reason: "the answerer cannot be the owner" }));
  // [REJECT] a deadline already past leaves no time to answer.
  if (hasPassed(input.deadline, ctx)) return refused(actionError({ code: "EXPIRED", at: input.deadline.at }));
  const record: BountyRecord = {
    kind: "bounty", owner: input.owner, asset: input.asset ?? null, amount: input.amount, target: input.target, answerer: input.answerer,
    deadline: input.deadline, createdHeight: ctx.height, status: "open", paidTo: null, settledHeight: 0,
  };
  return done(record, [], wakeAt(input.deadline), input.amount);
}

/** The block hook's call for a message at the watched target; null when it does not qualify. */
export function observeBounty(r: BountyRecord, ev: ActionEvent, ctx: ActionCtx): Outcome<BountyRecord> | null {
  if (r.status !== "open") return null;
  // Final after creation: a later block than the one that created the bounty.
  if (ctx.height <= r.createdHeight) return null;
  // Within the deadline: in the block where it passes, the refund wins.
  if (hasPassed(r.deadline, ctx)) return null;
  if (!eventAtTarget(r.target, ev)) return null;
  const qualifies = r.answerer ? bytesEqual(ev.from, r.answerer) : !bytesEqual(ev.from, r.owner);
  if (!qualifies) return null;
  // An answerer frozen in the asset takes no payout: it goes back to the owner, and the record
  // says so (not "paid"), so no view shows a payment that did not happen.
  if (ctx.canCredit && !ctx.canCredit(ev.from, r.amount, r.asset)) {
    return done({ ...r, status: "returned", paidTo: ev.from, settledHeight: ctx.height }, [{ to: r.owner, amount: r.amount, returnedFor: ev.from }], NO_WAKE);
  }
  return done({ ...r, status: "paid", paidTo: ev.from, settledHeight: ctx.height }, [{ to: ev.from, amount: r.amount }], NO_WAKE);
}

/** The block hook's call at a wake: past the deadline an unanswered bounty returns to the owner. */
export function wakeBounty(r: BountyRecord, ctx: ActionCtx): Outcome<BountyRecord> {
  if (r.status !== "open") return done(r, [], NO_WAKE);
  if (!hasPassed(r.deadline, ctx)) return done(r, [], wakeAt(r.deadline));
  return done({ ...r, status: "refunded", settledHeight: ctx.height }, [{ to: r.owner, amount: r.amount }], NO_WAKE);
}
