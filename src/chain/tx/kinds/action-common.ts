// What the automatic-action kinds (escrow, schedule, shared, red packet, bounty, reward pool)
// share: the ActionCtx over the block's state, applying a transition's outcome to accounts and
// the action store, loading a record of the expected kind, and the body fields they all use.
// The transitions themselves are pure and live in src/chain/actions/ (docs/ACTIONS.md).
import { readUint, readBytes } from "../../codec.js";
import { bytesEqual, toHex } from "../../../util/bytes.js";
import { loadAction, openAction, saveAction } from "../../actions/action-store.js";
import { AmountInvariantError, sumPayments } from "../../actions/amounts.js";
import { CONDITION_UNIT_FEE, type ReplyTarget } from "../../actions/condition.js";
import { funderOf, lockedOf, type ActionKindName, type ActionRecord } from "../../actions/records.js";
import { creditMove } from "../../actions/moves.js";
import { credit as creditAsset, isFrozen, loadAsset, lockAsset } from "../../assets/ledger.js";
import type { AssetRef } from "../../assets/records.js";
import { readDeadline } from "../../actions/record-codec.js";
import type { ActionCtx, ActionId, Address, Deadline, Outcome, Payment } from "../../actions/types.js";
import { actionTxError, txError, type TxError } from "../errors.js";
import { StateNs, type BlockContext, type ExecContext, type IndexRowSink, type TxParties } from "../spec.js";
import { U64_MAX } from "./funds.js";
import { isMember } from "./channel-state.js";
import { loadChannel } from "./channel-common.js";

type RecordOf<K extends ActionKindName> = Extract<ActionRecord, { kind: K }>;

/**
 * The block as a tx's transition sees it: height, header time, and anchors in state. No
 * canCredit: a tx that would pay a holder frozen in the asset fails instead (creditAssetPayments).
 */
export function actionCtx(ctx: BlockContext): ActionCtx {
  return { height: ctx.height, timeMs: ctx.time, anchorExists: (hash) => (ctx.get(StateNs.anchor, hash)?.length ?? 0) > 0 };
}

/**
 * The block as the end-of-block hook's transitions see it: it cannot refuse, so it tells them
 * who cannot take a payout (frozen in the asset) and they record what they do instead: a
 * scheduled run counted failed, a bounty or escrow returned, a reward-pool post unrewarded.
 */
export function hookActionCtx(ctx: BlockContext): ActionCtx {
  return { ...actionCtx(ctx), canCredit: (to, _amount, asset) => asset === null || !isFrozen(ctx, asset, to) };
}

/**
 * A block before any other (height 0, time 0, no anchors): a creation's transition run against it
 * at admission refuses whatever breaks a rule that needs no state, with the same code apply
 * would give. Rules about the block (a deadline already past) are checked again at apply.
 */
export const DRY_RUN_CTX: ActionCtx = { height: 0, timeMs: 0, anchorExists: () => false };

/** The refusal of a dry-run creation as a tx error, or null. */
export function dryRunRefusal(out: Outcome<ActionRecord>): TxError | null {
  return out.ok ? null : actionTxError(out.error);
}

/**
 * Fee units an action's creation owes for the work it leaves to the block hook, beyond its
 * explicit condition trees (docs/ACTIONS.md "Fees of the action kinds"): the same weights as the
 * condition nodes it stands for. A deadline or a wake is an after/before node (1), a watched
 * target is a reply leaf (4).
 */
export const IMPLICIT_UNITS = {
  /** One wake per run. */
  scheduledRun: 1,
  /** The expiry wake. */
  redPacket: 1,
  /** A watched target and a deadline. */
  bounty: 5,
  rewardPool: 5,
} as const;

export function unitsFee(units: number): bigint {
  return BigInt(units) * CONDITION_UNIT_FEE;
}

/** Reads an op byte into its name in `table`; undefined when unknown. */
export function readOp<T extends string>(v: unknown, table: Record<T, number>): T | undefined {
  const n = readUint(v);
  return (Object.keys(table) as T[]).find((k) => table[k] === n);
}

/** A deadline as two flat body fields [clock, at]; a string names what is wrong. */
export function readBodyDeadline(clock: unknown, at: unknown, what: string): Deadline | string {
  const d = readDeadline(clock, at);
  if (!d || !Number.isSafeInteger(d.at)) return `${what} must be clock 0 (height) or 1 (time ms), then a safe integer`;
  return d;
}

/** A conversation as two flat body fields [kind 0 direct | 1 channel, target(32)]. */
export function readTarget(kind: unknown, target: unknown): ReplyTarget | undefined {
  const bytes = readBytes(target, 32);
  if (!bytes) return undefined;
  if (kind === 0) return { kind: "direct", to: bytes };
  if (kind === 1) return { kind: "channel", channel: bytes };
  return undefined;
}

export function targetBytes(t: ReplyTarget): Uint8Array {
  return t.kind === "direct" ? t.to : t.channel;
}

/**
 * The optional asset field that ends a create body (docs/ACTIONS.md 2.7): absent = the native
 * token, so native bodies keep the bytes and ids they had before; present = a 32-byte asset id.
 * One form per body: a nil field is refused. `n` is the field count without it.
 */
export function readTrailingAsset(f: readonly unknown[], n: number, what: string): { asset: AssetRef } | string {
  if (f.length !== n && f.length !== n + 1) return `${what} has ${n} fields, or ${n + 1} with an asset`;
  if (f.length === n) return { asset: null };
  const asset = readBytes(f[n], 32);
  // [REJECT] the native token has one form: no asset field (a nil one is refused).
  return asset ? { asset } : "asset must be 32 bytes (omit the field for the native token)";
}

/** Fields of a create body with its asset appended when it names one. */
export function withAsset(fields: unknown[], asset: AssetRef | undefined): unknown[] {
  if (asset) fields.push(asset);
  return fields;
}

/** Whether two asset references name the same asset (null: native). */
export function sameAsset(a: AssetRef, b: AssetRef): boolean {
  return a === null || b === null ? a === b : bytesEqual(a, b);
}

/** What a create locks of the native token (its `spend`): nothing when it locks an asset. */
export function nativeSpend(asset: AssetRef | undefined, amount: bigint): bigint {
  return asset ? 0n : amount;
}

/** Loads the action `id`, refusing a missing one or one of another kind. */
export function loadKind<K extends ActionKindName>(ctx: ExecContext, id: ActionId, kind: K): RecordOf<K> | TxError {
  const record = loadAction(ctx, id);
  // [REJECT] the tx names an action of its own kind that exists.
  if (!record || record.kind !== kind) return txError({ code: "ACTION_NOT_FOUND", id: toHex(id), expected: kind });
  return record as RecordOf<K>;
}

/** Creates the action under the tx's own id from a creation outcome. */
export function applyCreate(ctx: ExecContext, sender: Address, out: Outcome<ActionRecord>): TxError | null {
  if (out.ok && out.record.asset !== null) {
    // [FAIL] the asset exists, even when nothing is locked yet (a shared account without a deposit).
    const asset = loadAsset(ctx, out.record.asset);
    if ("code" in asset) return asset;
  }
  return applyOutcome(ctx, sender, ctx.txId, null, out);
}

/** Stores a transition of an existing action. */
export function applyUpdate(ctx: ExecContext, sender: Address, id: ActionId, before: ActionRecord, out: Outcome<ActionRecord>): TxError | null {
  return applyOutcome(ctx, sender, id, before, out);
}

/**
 * A transition's outcome, applied within the tx's journal (a refusal anywhere fails the tx and
 * the executor drops every write): the debit from the sender into the lock, the record with its
 * watch lists and queue entries, then the credits out of the lock.
 */
function applyOutcome(ctx: ExecContext, sender: Address, id: ActionId, before: ActionRecord | null, out: Outcome<ActionRecord>): TxError | null {
  // [FAIL] the action's own rules refused the input.
  if (!out.ok) return actionTxError(out.error);
  const { record, debit, payments } = out;
  // The transitions conserve what they lock; a mismatch is a bug, never a user's doing.
  const lockedBefore = before ? lockedOf(before) : 0n;
  if (lockedBefore + debit !== lockedOf(record) + sumPayments(payments))
    throw new AmountInvariantError({ code: "AMOUNT_INVARIANT", reason: `action ${toHex(id)} would not conserve its locked amount` });
  if (debit > 0n && record.asset !== null) {
    // [FAIL] an asset lock is a move from the sender: the asset exists, it is transferable (or the
    // sender is its admin), the sender is not frozen and holds the amount (ledger.ts lockAsset).
    const bad = lockAsset(ctx, record.asset, sender, debit);
    if (bad) return bad;
  } else if (debit > 0n) {
    const acct = ctx.getAccount(sender);
    // [FAIL] the sender pays what it locks, after the fee.
    if (acct.balance < debit) return txError({ code: "INSUFFICIENT_FUNDS", balance: acct.balance, needed: debit });
    ctx.setAccount(sender, { ...acct, balance: acct.balance - debit });
  }
  const actx = actionCtx(ctx);
  const stored = before ? saveAction(ctx, id, before, record, out.wake, actx, "tx") : openAction(ctx, id, record, out.wake, actx);
  // [FAIL] a full watch list or due queue refuses the action (WATCHERS_FULL, SCHEDULE_FULL).
  if (stored) return actionTxError(stored);
  const funder = funderOf(record);
  const bad = record.asset === null ? creditPayments(ctx, payments) : creditAssetPayments(ctx, record.asset, funder, payments);
  if (bad) return bad;
  // For subscribers: what this tx locked and paid (a failed tx's notes are dropped with its writes).
  if (ctx.noteMove) {
    const base = { action: id, actionKind: record.kind, asset: record.asset };
    if (debit > 0n) ctx.noteMove({ ...base, what: "lock", from: sender, to: null, amount: debit });
    for (const p of payments) if (p.amount > 0n) ctx.noteMove({ ...base, ...creditMove(funder, p.to, p.returnedFor), from: null, amount: p.amount });
  }
  return null;
}

/**
 * Credits payments out of a lock in an asset, within a tx (a claim, an approval, an execution):
 * a tx can be refused, so a payout to a holder frozen in the asset fails it and nothing changes
 * (the action keeps the funds: a later claim, or the refund side, can pay once it is unfrozen).
 * The funder's own refunds always land.
 */
function creditAssetPayments(ctx: ExecContext, asset: Uint8Array, funder: Address | null, payments: readonly Payment[]): TxError | null {
  for (const p of payments) {
    if (p.amount === 0n) continue;
    // [FAIL] a holder frozen in the asset takes no payout from an action's lock.
    if (!(funder && bytesEqual(p.to, funder)) && isFrozen(ctx, asset, p.to)) return txError({ code: "ASSET_FROZEN" });
    const bad = creditAsset(ctx, asset, p.to, p.amount);
    if (bad) return bad;
  }
  return null;
}

/** Credits payments out of a lock. A u64 overflow cannot happen while supply fits a u64; checked anyway. */
export function creditPayments(ctx: BlockContext, payments: readonly Payment[]): TxError | null {
  for (const p of payments) {
    if (p.amount === 0n) continue;
    const acct = ctx.getAccount(p.to);
    // [FAIL] a balance is a u64: a credit past 2^64-1 is refused, never wrapped.
    if (acct.balance > U64_MAX - p.amount) return txError({ code: "BALANCE_OVERFLOW", balance: acct.balance, credit: p.amount });
    ctx.setAccount(p.to, { ...acct, balance: acct.balance + p.amount });
  }
  return null;
}

/**
 * Index rows of an action's creation: every party finds it with action_list (index `actions`)
 * and in its wallet history. The sender's history row is the indexer's own.
 */
export function actionPartyRows(from: Address, parties: readonly Address[], out: IndexRowSink): void {
  out.row("actions", from);
  for (const p of parties) {
    out.row("actions", p);
    if (!bytesEqual(p, from)) out.row("txByAccount", p);
  }
}

/**
 * Index rows of an action offered in a conversation (a red packet, a bounty): a channel's log,
 * or a direct chat's inbox and sent rows like a message's, plus `actions` for sender and recipient.
 */
export function conversationRows(from: Address, conv: ReplyTarget, out: IndexRowSink): void {
  out.row("actions", from);
  if (conv.kind === "channel") {
    out.row("channelLog", conv.channel);
    return;
  }
  out.row("inbox", conv.to);
  out.row("sent", from);
  out.row("txByAccount", conv.to);
  out.row("actions", conv.to);
}

/** Who is notified of an action offered in a conversation (subscribe_messages). */
export function conversationParties(from: Address, conv: ReplyTarget): TxParties {
  return conv.kind === "channel" ? { parties: [from], channel: conv.channel } : { parties: [from, conv.to], channel: null };
}

/**
 * [FAIL] an offer shown in a channel's log is made by a current member of an existing channel,
 * as only members post there (channel.post's rule).
 */
export function checkChannelOffer(ctx: ExecContext, from: Address, conv: ReplyTarget): TxError | null {
  if (conv.kind !== "channel") return null;
  const ch = loadChannel(ctx, conv.channel);
  if (!("epoch" in ch)) return ch;
  return isMember(ch, from) ? null : txError({ code: "NOT_CHANNEL_MEMBER" });
}
