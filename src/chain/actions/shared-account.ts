// Shared accounts (team wallets): M-of-N members hold a locked balance. A member proposes a
// payment or a change of members and threshold; it executes once `threshold` members approved
// (the proposer's own approval counts). A change follows the same rule and, once done, drops
// every other open proposal: their approvals were given under the old rules.
// Proposals expire at a deadline and are dropped by the next transition (they lock nothing).
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { readArray, readBigUint, readUint } from "../codec.js";
import { checkPositiveAmount, U64_MAX } from "./amounts.js";
import { insertId } from "./id-list.js";
import { actionError, type ActionError } from "./errors.js";
import {
  encodeDeadline, isAscendingSet, readAddress, readAddressSet, readDeadline, readAssetField,
} from "./record-codec.js";
import { done, hasPassed, NO_WAKE, refused, type ActionCtx, type Address, type Deadline, type Outcome, type Payment } from "./types.js";

/** Members per account: every approval scans the list. */
export const MAX_SHARED_MEMBERS = 32;
/** Open proposals per account: the record holds them all. */
export const MAX_OPEN_PROPOSALS = 16;

export type ProposalAction = { type: "pay"; to: Address; amount: bigint } | { type: "change"; members: Address[]; threshold: number };
export const ProposalActionTag = { pay: 0, change: 1 } as const;

export interface Proposal {
  id: number;
  proposer: Address;
  action: ProposalAction;
  /** Members who approved, ascending. */
  approvals: Address[];
  expiry: Deadline;
}

export interface SharedAccountRecord {
  kind: "sharedAccount";
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  /** Ascending, unique, 1..MAX_SHARED_MEMBERS. */
  members: Address[];
  threshold: number;
  /** Locked balance the members control. */
  balance: bigint;
  nextProposalId: number;
  proposals: Proposal[];
  createdHeight: number;
}

export function encodeSharedFields(r: SharedAccountRecord): unknown[] {
  return [r.asset, r.members, r.threshold, r.balance, r.nextProposalId, r.proposals.map(encodeProposal), r.createdHeight];
}

function encodeProposal(p: Proposal): unknown[] {
  const action = p.action.type === "pay" ? [ProposalActionTag.pay, p.action.to, p.action.amount] : [ProposalActionTag.change, p.action.members, p.action.threshold];
  return [p.id, p.proposer, action, p.approvals, ...encodeDeadline(p.expiry)];
}

export function decodeSharedFields(f: unknown[]): SharedAccountRecord | string {
  if (f.length !== 7) return "shared account has 7 fields";
  const asset = readAssetField(f[0]);
  const members = readAddressSet(f[1], MAX_SHARED_MEMBERS);
  const threshold = readUint(f[2]);
  const balance = readBigUint(f[3]);
  const nextProposalId = readUint(f[4]);
  const rawProposals = readArray(f[5]);
  const createdHeight = readUint(f[6]);
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (!members || members.length === 0) return "members must be 1..32 ascending addresses";
  if (threshold === undefined || threshold < 1 || threshold > members.length) return "threshold must be 1..members";
  if (balance === undefined) return "balance must be a u64";
  if (nextProposalId === undefined || createdHeight === undefined) return "counters must be non-negative integers";
  if (!rawProposals || rawProposals.length > MAX_OPEN_PROPOSALS) return `proposals must be a list of at most ${MAX_OPEN_PROPOSALS}`;
  const proposals: Proposal[] = [];
  for (const raw of rawProposals) {
    const p = decodeProposal(raw);
    if (typeof p === "string") return `proposal: ${p}`;
    proposals.push(p);
  }
  return { kind: "sharedAccount", asset, members, threshold, balance, nextProposalId, proposals, createdHeight };
}

function decodeProposal(v: unknown): Proposal | string {
  const f = readArray(v, 6);
  if (!f) return "a proposal has 6 fields";
  const id = readUint(f[0]);
  const proposer = readAddress(f[1]);
  const action = decodeProposalAction(f[2]);
  const approvals = readAddressSet(f[3], MAX_SHARED_MEMBERS);
  const expiry = readDeadline(f[4], f[5]);
  if (id === undefined) return "id must be a non-negative integer";
  if (!proposer) return "proposer must be 32 bytes";
  if (typeof action === "string") return action;
  if (!approvals) return "approvals must be ascending addresses";
  if (!expiry) return "expiry must be [clock, at]";
  return { id, proposer, action, approvals, expiry };
}

/** A proposal's action as it travels in a tx body or a record; a string names what is wrong. */
export function decodeProposalAction(v: unknown): ProposalAction | string {
  const f = readArray(v, 3);
  if (f && f[0] === ProposalActionTag.pay) {
    const to = readAddress(f[1]);
    const amount = readBigUint(f[2]);
    if (!to || amount === undefined) return "pay is [0, to(32), amount(u64)]";
    return { type: "pay", to, amount };
  }
  if (f && f[0] === ProposalActionTag.change) {
    const members = readAddressSet(f[1], MAX_SHARED_MEMBERS);
    const threshold = readUint(f[2]);
    if (!members || threshold === undefined) return "change is [1, [ascending members], threshold]";
    return { type: "change", members, threshold };
  }
  return "action must be [0, to, amount] (pay) or [1, members, threshold] (change)";
}

export function sharedLocked(r: SharedAccountRecord): bigint {
  return r.balance;
}

function checkMembers(members: Address[], threshold: number): ActionError | null {
  // [REJECT] 1..32 members, ascending and unique, so each is counted once.
  if (members.length === 0 || members.length > MAX_SHARED_MEMBERS || !isAscendingSet(members))
    return actionError({ code: "BAD_PARAMS", reason: `members must be 1..${MAX_SHARED_MEMBERS} ascending unique addresses` });
  // [REJECT] 1 <= threshold <= members: a threshold nobody can reach would lock the funds forever.
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > members.length)
    return actionError({ code: "BAD_PARAMS", reason: "threshold must be 1..number of members" });
  return null;
}

function isMember(r: SharedAccountRecord, who: Address): boolean {
  return r.members.some((m) => bytesEqual(m, who));
}

export interface SharedAccountInput {
  /** The asset to lock and pay; absent or null: the native token. */
  asset?: AssetRef;
  members: Address[];
  threshold: number;
  /** Locked from the creator at creation; may be 0 (deposits come later). */
  deposit: bigint;
}

export function createSharedAccount(input: SharedAccountInput, ctx: ActionCtx): Outcome<SharedAccountRecord> {
  const bad = checkMembers(input.members, input.threshold);
  if (bad) return refused(bad);
  if (input.deposit < 0n || input.deposit > U64_MAX) return refused(actionError({ code: "BAD_AMOUNT", reason: "deposit must be 0..2^64-1" }));
  const record: SharedAccountRecord = {
    kind: "sharedAccount", asset: input.asset ?? null, members: [...input.members], threshold: input.threshold, balance: input.deposit,
    nextProposalId: 0, proposals: [], createdHeight: ctx.height,
  };
  return done(record, [], NO_WAKE, input.deposit);
}

/** Anyone may add funds; only the members decide how they leave. */
export function depositShared(r: SharedAccountRecord, amount: bigint): Outcome<SharedAccountRecord> {
  const bad = checkPositiveAmount(amount, "deposit");
  if (bad) return refused(bad);
  // [REJECT] the balance is a u64 (cannot happen while supply fits a u64; checked, never assumed).
  if (r.balance > U64_MAX - amount) return refused(actionError({ code: "BAD_AMOUNT", reason: "balance would exceed 2^64-1" }));
  return done({ ...r, balance: r.balance + amount }, [], NO_WAKE, amount);
}

export function proposeShared(
  r: SharedAccountRecord, input: { proposer: Address; action: ProposalAction; expiry: Deadline }, ctx: ActionCtx,
): Outcome<SharedAccountRecord> {
  // [REJECT] only members propose.
  if (!isMember(r, input.proposer)) return refused(actionError({ code: "NOT_AUTHORIZED", role: "member" }));
  const a = input.action;
  const bad = a.type === "pay" ? checkPositiveAmount(a.amount, "amount") : checkMembers(a.members, a.threshold);
  if (bad) return refused(bad);
  // [REJECT] a proposal must be able to gather approvals before it expires.
  if (hasPassed(input.expiry, ctx)) return refused(actionError({ code: "EXPIRED", at: input.expiry.at }));
  const live = pruneExpired(r, ctx);
  // [REJECT] open proposals are bounded: the record holds them all.
  if (live.proposals.length >= MAX_OPEN_PROPOSALS) return refused(actionError({ code: "PROPOSALS_FULL", max: MAX_OPEN_PROPOSALS }));
  const proposal: Proposal = { id: live.nextProposalId, proposer: input.proposer, action: a, approvals: [input.proposer], expiry: input.expiry };
  const next = { ...live, nextProposalId: live.nextProposalId + 1, proposals: [...live.proposals, proposal] };
  return executeIfApproved(next, proposal.id) ?? done(next, [], NO_WAKE);
}

export function approveShared(r: SharedAccountRecord, input: { member: Address; proposalId: number }, ctx: ActionCtx): Outcome<SharedAccountRecord> {
  // [REJECT] only members approve.
  if (!isMember(r, input.member)) return refused(actionError({ code: "NOT_AUTHORIZED", role: "member" }));
  const found = findOpen(r, input.proposalId, ctx);
  if ("code" in found) return refused(found);
  const approvals = [...found.approvals];
  // [REJECT] an approval counts once.
  if (!insertId(approvals, input.member)) return refused(actionError({ code: "ALREADY_APPROVED" }));
  const live = pruneExpired(r, ctx);
  const next = { ...live, proposals: live.proposals.map((p) => (p.id === found.id ? { ...p, approvals } : p)) };
  return executeIfApproved(next, found.id) ?? done(next, [], NO_WAKE);
}

/**
 * Executes an approved payment that could not run when it was approved (the balance was short).
 * Any member may ask once funds arrived.
 */
export function executeShared(r: SharedAccountRecord, input: { member: Address; proposalId: number }, ctx: ActionCtx): Outcome<SharedAccountRecord> {
  if (!isMember(r, input.member)) return refused(actionError({ code: "NOT_AUTHORIZED", role: "member" }));
  const found = findOpen(r, input.proposalId, ctx);
  if ("code" in found) return refused(found);
  // [REJECT] the threshold must be met.
  if (found.approvals.length < r.threshold) return refused(actionError({ code: "CONDITION_NOT_MET", side: "threshold" }));
  const out = executeIfApproved(pruneExpired(r, ctx), found.id);
  if (out) return out;
  const needed = found.action.type === "pay" ? found.action.amount : 0n;
  // [REJECT] a payment never overdraws the shared balance.
  return refused(actionError({ code: "INSUFFICIENT_LOCKED", available: r.balance, needed }));
}

function findOpen(r: SharedAccountRecord, id: number, ctx: ActionCtx): Proposal | ActionError {
  const p = r.proposals.find((x) => x.id === id);
  // [REJECT] the proposal must be open (executed, dropped and unknown ids are all absent).
  if (!p) return actionError({ code: "PROPOSAL_NOT_FOUND", id });
  // [REJECT] an expired proposal gathers no more approvals.
  if (hasPassed(p.expiry, ctx)) return actionError({ code: "EXPIRED", at: p.expiry.at });
  return p;
}

function pruneExpired(r: SharedAccountRecord, ctx: ActionCtx): SharedAccountRecord {
  const proposals = r.proposals.filter((p) => !hasPassed(p.expiry, ctx));
  return proposals.length === r.proposals.length ? r : { ...r, proposals };
}

/** Runs the proposal if it has the threshold and can run; null when it stays open. */
function executeIfApproved(r: SharedAccountRecord, id: number): Outcome<SharedAccountRecord> | null {
  const p = r.proposals.find((x) => x.id === id)!;
  if (p.approvals.length < r.threshold) return null;
  const rest = r.proposals.filter((x) => x.id !== id);
  if (p.action.type === "pay") {
    // Approved but unfunded: it waits, approvals kept, until executeShared after a deposit.
    if (p.action.amount > r.balance) return null;
    const payment: Payment = { to: p.action.to, amount: p.action.amount };
    return done({ ...r, balance: r.balance - p.action.amount, proposals: rest }, [payment], NO_WAKE);
  }
  return done({ ...r, members: [...p.action.members], threshold: p.action.threshold, proposals: [] }, [], NO_WAKE);
}
