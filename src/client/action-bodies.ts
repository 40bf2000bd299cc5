// Tx bodies of the automatic-action kinds from what people type: hash-time locks, recurring
// payments, shared accounts, red packets, pay-on-reply offers and reward pools (docs/ACTIONS.md).
// Each builder checks its input and throws ActionClientError BAD_INPUT naming the field; the
// chain's own rules run again before sending (ActionsClient.submit) and on chain. Browser-safe.
import { compareBytes, bytesEqual, fromHex } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import type { Condition } from "../chain/actions/condition.js";
import type {
  BountyBody, EscrowBody, RedPacketBody, RewardPoolBody, ScheduledPaymentBody, SharedAccountBody,
} from "../chain/tx/types.js";
import { toAddress, type AddressLike } from "./chat-base.js";

export type ActionClientErrorType =
  | { code: "BAD_INPUT"; field: string; reason: string }
  | { code: "ACTION_NOT_FOUND"; id: string }
  /** The node's answer does not check out (a proof, a record that does not decode). */
  | { code: "BAD_NODE_DATA"; reason: string }
  | { code: "TIMEOUT"; id: string; ms: number };

export class ActionClientError extends ParleyError<ActionClientErrorType> {}

export function badInput(field: string, reason: string): ActionClientError {
  return new ActionClientError({ code: "BAD_INPUT", field, reason }, `${field}: ${reason}`);
}

/** 32 bytes from bytes or 64 hex digits (0x optional): action ids, channel ids, hashes. */
export function toBytes32(v: Uint8Array | string, field: string): Uint8Array {
  const bytes = typeof v === "string" ? fromHex(v.trim()) : v;
  if (!bytes || bytes.length !== 32) throw badInput(field, `expected 32 bytes (64 hex digits), got "${typeof v === "string" ? v : `${v.length} bytes`}"`);
  return bytes;
}

/** Bytes from hex (0x optional), at most `max`. */
export function toHexBytes(v: Uint8Array | string, field: string, max: number): Uint8Array {
  const bytes = typeof v === "string" ? fromHex(v.trim()) : v;
  if (!bytes) throw badInput(field, `expected hex bytes, got "${String(v)}"`);
  if (bytes.length > max) throw badInput(field, `at most ${max} bytes`);
  return bytes;
}

function positive(n: bigint, field: string): bigint {
  if (n <= 0n) throw badInput(field, "must be a positive whole number of base units");
  if (n >= 1n << 64n) throw badInput(field, "exceeds 2^64-1");
  return n;
}

function count(n: number, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badInput(field, `must be a whole number ${min}..${max}`);
  return n;
}

/** Addresses sorted ascending and unique, as approvals nodes and shared accounts require. */
export function sortedAddresses(list: readonly AddressLike[], field: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const a of list) {
    const addr = toAddress(a, field);
    if (!out.some((x) => bytesEqual(x, addr))) out.push(addr);
  }
  return out.sort(compareBytes);
}

// ---- assets ----

type CreateBody = EscrowBody | ScheduledPaymentBody | SharedAccountBody | RedPacketBody | BountyBody | RewardPoolBody;
/** The ops that lock value and so may name an asset (docs/ACTIONS.md 2.7): every creation and a shared-account deposit. */
const LOCKING_OPS: ReadonlySet<string> = new Set(["create", "send", "offer", "fund", "deposit"]);

/**
 * The same creation (or shared-account deposit) locking and paying `asset` instead of the native
 * token; null or undefined leaves it native. Amounts in the body are the asset's base units.
 */
export function inAsset<B extends CreateBody>(body: B, asset: Uint8Array | string | null | undefined): B {
  if (asset === null || asset === undefined) return body;
  if (!LOCKING_OPS.has(body.op)) throw badInput("asset", `a ${body.op} locks nothing: only a creation or a deposit names an asset`);
  return { ...body, asset: toBytes32(asset, "asset") };
}

// ---- escrow ----

/**
 * A hash-time lock: `to` gets `amount` by revealing the preimage of `hashlock` before height
 * `timeoutHeight`; from that height on it returns to `refundTo` by itself.
 */
export function hashTimeLock(o: { to: AddressLike; refundTo: AddressLike; amount: bigint; hashlock: Uint8Array | string; timeoutHeight: number }): EscrowBody {
  const sha256 = toBytes32(o.hashlock, "hashlock");
  const at = count(o.timeoutHeight, "timeout height", 1);
  const release: Condition = { op: "and", children: [{ op: "hashPreimage", sha256 }, { op: "before", clock: "height", at }] };
  return { op: "create", releaseTo: toAddress(o.to, "to"), refundTo: toAddress(o.refundTo, "refundTo"), amount: positive(o.amount, "amount"), release, refund: { op: "after", clock: "height", at } };
}

/**
 * Pay on reply: `amount` goes to `to` by itself once a direct message from `to` to `refundTo`
 * is final before `timeoutHeight`; from that height on it returns to `refundTo`.
 */
export function replyEscrow(o: { to: AddressLike; refundTo: AddressLike; amount: bigint; timeoutHeight: number }): EscrowBody {
  const at = count(o.timeoutHeight, "timeout height", 1);
  const to = toAddress(o.to, "to");
  const refundTo = toAddress(o.refundTo, "refundTo");
  const release: Condition = { op: "and", children: [{ op: "reply", from: to, target: { kind: "direct", to: refundTo } }, { op: "before", clock: "height", at }] };
  return { op: "create", releaseTo: to, refundTo, amount: positive(o.amount, "amount"), release, refund: { op: "after", clock: "height", at } };
}

export function escrowClaim(id: Uint8Array | string, preimage: Uint8Array | string): EscrowBody {
  return { op: "claim", id: toBytes32(id, "id"), side: "release", preimages: [toHexBytes(preimage, "preimage", 64)] };
}

/** Claims the refund side (with no preimage: for refund conditions that are not time alone). */
export function escrowRefund(id: Uint8Array | string): EscrowBody {
  return { op: "claim", id: toBytes32(id, "id"), side: "refund", preimages: [] };
}

export function escrowApprove(id: Uint8Array | string): EscrowBody {
  return { op: "approve", id: toBytes32(id, "id") };
}

// ---- scheduled payments ----

/** `times` payments of `amount` to `to`, the first at height `start`, then every `every` blocks. */
export function recurringPayment(o: { to: AddressLike; amount: bigint; start: number; every: number; times: number }): ScheduledPaymentBody {
  const runs = count(o.times, "times", 1, 1_000_000);
  const interval = runs === 1 ? 0 : count(o.every, "every", 1);
  return { op: "create", to: toAddress(o.to, "to"), amount: positive(o.amount, "amount"), clock: "height", start: count(o.start, "start height", 0), interval, runs };
}

export function cancelPayment(id: Uint8Array | string): ScheduledPaymentBody {
  return { op: "cancel", id: toBytes32(id, "id") };
}

// ---- shared accounts ----

export function sharedCreate(o: { members: readonly AddressLike[]; threshold: number; deposit?: bigint }): SharedAccountBody {
  const members = sortedAddresses(o.members, "member");
  count(members.length, "members", 1, 32);
  const deposit = o.deposit ?? 0n;
  if (deposit < 0n || deposit >= 1n << 64n) throw badInput("deposit", "must be 0..2^64-1");
  return { op: "create", members, threshold: count(o.threshold, "threshold", 1, members.length), deposit };
}

export function sharedPropose(o: { id: Uint8Array | string; to: AddressLike; amount: bigint; expiryHeight: number }): SharedAccountBody {
  return {
    op: "propose", id: toBytes32(o.id, "id"), action: { type: "pay", to: toAddress(o.to, "to"), amount: positive(o.amount, "amount") },
    expiry: { clock: "height", at: count(o.expiryHeight, "expiry height", 1) },
  };
}

export function sharedApprove(id: Uint8Array | string, proposalId: number): SharedAccountBody {
  return { op: "approve", id: toBytes32(id, "id"), proposalId: count(proposalId, "proposal", 0) };
}

export function sharedExecute(id: Uint8Array | string, proposalId: number): SharedAccountBody {
  return { op: "execute", id: toBytes32(id, "id"), proposalId: count(proposalId, "proposal", 0) };
}

export function sharedDeposit(id: Uint8Array | string, amount: bigint): SharedAccountBody {
  return { op: "deposit", id: toBytes32(id, "id"), amount: positive(amount, "amount") };
}

// ---- red packets, bounties, reward pools ----

/** A red packet in a channel (`channel`) or for one recipient (`to`, one share), open until `expiryHeight`. */
export function redPacket(o: { channel?: Uint8Array | string; to?: AddressLike; total: bigint; shares: number; random: boolean; expiryHeight: number }): RedPacketBody {
  if ((o.channel === undefined) === (o.to === undefined)) throw badInput("audience", "give a channel or a recipient, not both");
  const audience = o.channel !== undefined ? { kind: "channel" as const, channel: toBytes32(o.channel, "channel") } : { kind: "direct" as const, to: toAddress(o.to!, "to") };
  const shares = count(o.shares, "shares", 1, audience.kind === "direct" ? 1 : 256);
  const total = positive(o.total, "total");
  if (total < BigInt(shares)) throw badInput("total", "must be at least one base unit per share");
  return { op: "send", total, shares, split: o.random ? "random" : "equal", audience, expiry: { clock: "height", at: count(o.expiryHeight, "expiry height", 1) } };
}

export function redPacketClaim(id: Uint8Array | string): RedPacketBody {
  return { op: "claim", id: toBytes32(id, "id") };
}

/**
 * Pay on reply: `amount` to the first message at the target before `deadlineHeight`: a post in
 * `channel`, or a direct message to `replyTo`, from `answerer` (or anyone but the sender).
 */
export function bountyOffer(o: { amount: bigint; channel?: Uint8Array | string; replyTo?: AddressLike; answerer?: AddressLike; deadlineHeight: number }): BountyBody {
  if ((o.channel === undefined) === (o.replyTo === undefined)) throw badInput("target", "give a channel or the address replies go to, not both");
  const target = o.channel !== undefined ? { kind: "channel" as const, channel: toBytes32(o.channel, "channel") } : { kind: "direct" as const, to: toAddress(o.replyTo!, "replyTo") };
  return {
    op: "offer", amount: positive(o.amount, "amount"), target, answerer: o.answerer === undefined ? null : toAddress(o.answerer, "answerer"),
    deadline: { clock: "height", at: count(o.deadlineHeight, "deadline height", 1) },
  };
}

export function rewardPool(o: { channel: Uint8Array | string; reward: bigint; capPerPeriod: number; periodBlocks: number; fund: bigint; expiryHeight: number }): RewardPoolBody {
  const reward = positive(o.reward, "reward");
  const fund = positive(o.fund, "fund");
  if (fund < reward) throw badInput("fund", "must cover at least one reward");
  return {
    op: "fund", channel: toBytes32(o.channel, "channel"), reward, capPerPeriod: count(o.capPerPeriod, "cap", 1, 10_000),
    periodBlocks: count(o.periodBlocks, "period", 1), fund, expiry: { clock: "height", at: count(o.expiryHeight, "expiry height", 1) },
  };
}
