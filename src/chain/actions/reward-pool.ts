// Reward pools: an organiser funds a pool that pays a fixed reward for each post in a channel,
// at most `capPerPeriod` posts per member per period of `periodBlocks` (counted from the
// creation height), until the pool is empty or expires; at expiry the rest returns to the
// organiser. Only members can post in a channel (channel.post enforces it), so a post's
// author is a member. The organiser's own posts earn nothing, nor do those of an author frozen
// in the asset. The last reward may be partial when less than `reward` is left.
// Per-member counters live beside the record (state-keys poolCounterKey), so the record stays
// small however many members post.
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { decodeUnknown, encode, readArray, readBigUint, readBytes, readUint } from "../codec.js";
import { checkPositiveAmount } from "./amounts.js";
import { actionError } from "./errors.js";
import type { ActionEvent, WatchTarget } from "./events.js";
import { encodeDeadline, readAddress, readDeadline, readEnum, readAssetField } from "./record-codec.js";
import { done, hasPassed, NO_WAKE, refused, wakeAt, type ActionCtx, type Address, type Deadline, type Outcome } from "./types.js";

export const RewardPoolStatus = { open: 0, emptied: 1, expired: 2 } as const;
export type RewardPoolStatusName = keyof typeof RewardPoolStatus;

/** Rewarded posts per member per period, at most: a cap, not a quota. */
export const MAX_CAP_PER_PERIOD = 10_000;

export interface RewardPoolRecord {
  kind: "rewardPool";
  organiser: Address;
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  channel: Uint8Array;
  reward: bigint;
  capPerPeriod: number;
  periodBlocks: number;
  /** Locked: what is left to pay. */
  balance: bigint;
  expiry: Deadline;
  createdHeight: number;
  /** Posts rewarded so far. */
  paidPosts: number;
  status: RewardPoolStatusName;
}

/** One member's rewarded posts in the current period. */
export interface PoolCounter {
  period: number;
  posts: number;
}

export const EMPTY_COUNTER: PoolCounter = { period: 0, posts: 0 };

export interface RewardPoolInput {
  /** The asset to lock and pay; absent or null: the native token. */
  asset?: AssetRef;
  organiser: Address;
  channel: Uint8Array;
  reward: bigint;
  capPerPeriod: number;
  periodBlocks: number;
  fund: bigint;
  expiry: Deadline;
}

export function encodeRewardPoolFields(r: RewardPoolRecord): unknown[] {
  return [r.organiser, r.asset, r.channel, r.reward, r.capPerPeriod, r.periodBlocks, r.balance, ...encodeDeadline(r.expiry),
    r.createdHeight, r.paidPosts, RewardPoolStatus[r.status]];
}

export function decodeRewardPoolFields(f: unknown[]): RewardPoolRecord | string {
  if (f.length !== 12) return "reward pool has 12 fields";
  const organiser = readAddress(f[0]);
  const asset = readAssetField(f[1]);
  const channel = readBytes(f[2], 32);
  const reward = readBigUint(f[3]);
  const capPerPeriod = readUint(f[4]);
  const periodBlocks = readUint(f[5]);
  const balance = readBigUint(f[6]);
  const expiry = readDeadline(f[7], f[8]);
  const createdHeight = readUint(f[9]);
  const paidPosts = readUint(f[10]);
  const status = readEnum(f[11], RewardPoolStatus);
  if (!organiser || !channel) return "organiser and channel must be 32 bytes";
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (reward === undefined || balance === undefined) return "reward and balance must be u64";
  if (capPerPeriod === undefined || periodBlocks === undefined || periodBlocks < 1) return "cap and period must be positive integers";
  if (!expiry) return "expiry must be [clock, at]";
  if (createdHeight === undefined || paidPosts === undefined) return "counters must be non-negative integers";
  if (!status) return "unknown reward-pool status";
  return { kind: "rewardPool", organiser, asset, channel, reward, capPerPeriod, periodBlocks, balance, expiry, createdHeight, paidPosts, status };
}

export function encodePoolCounter(c: PoolCounter): Uint8Array {
  return encode([c.period, c.posts]);
}

/** Missing or unreadable counters read as empty: a counter only ever limits rewards. */
export function decodePoolCounter(bytes: Uint8Array | undefined): PoolCounter {
  const f = bytes && readArray(decodeUnknown(bytes), 2);
  const period = f && readUint(f[0]);
  const posts = f && readUint(f[1]);
  return period === undefined || posts === undefined ? EMPTY_COUNTER : { period, posts };
}

export function rewardPoolLocked(r: RewardPoolRecord): bigint {
  return r.status === "open" ? r.balance : 0n;
}

export function rewardPoolWatches(r: RewardPoolRecord): WatchTarget[] {
  return [{ kind: "post", target: r.channel }];
}

export function createRewardPool(input: RewardPoolInput, ctx: ActionCtx): Outcome<RewardPoolRecord> {
  const bad = (reason: string) => refused<RewardPoolRecord>(actionError({ code: "BAD_PARAMS", reason }));
  const badAmount = checkPositiveAmount(input.reward, "reward") ?? checkPositiveAmount(input.fund, "fund");
  if (badAmount) return refused(badAmount);
  // [REJECT] the fund pays at least one reward.
  if (input.fund < input.reward) return refused(actionError({ code: "BAD_AMOUNT", reason: "fund must cover at least one reward" }));
  // [REJECT] 1..MAX_CAP_PER_PERIOD rewarded posts per member per period of at least one block.
  if (!Number.isSafeInteger(input.capPerPeriod) || input.capPerPeriod < 1 || input.capPerPeriod > MAX_CAP_PER_PERIOD)
    return bad(`capPerPeriod must be 1..${MAX_CAP_PER_PERIOD}`);
  if (!Number.isSafeInteger(input.periodBlocks) || input.periodBlocks < 1) return bad("periodBlocks must be a positive integer");
  // [REJECT] an already expired pool could only be returned.
  if (hasPassed(input.expiry, ctx)) return refused(actionError({ code: "EXPIRED", at: input.expiry.at }));
  const record: RewardPoolRecord = {
    kind: "rewardPool", organiser: input.organiser, asset: input.asset ?? null, channel: input.channel, reward: input.reward,
    capPerPeriod: input.capPerPeriod, periodBlocks: input.periodBlocks, balance: input.fund, expiry: input.expiry,
    createdHeight: ctx.height, paidPosts: 0, status: "open",
  };
  return done(record, [], wakeAt(input.expiry), input.fund);
}

/**
 * The block hook's call for a post in the pool's channel, with the author's counter; null when
 * the post earns nothing (closed, expired, same block as creation, organiser, over the cap,
 * author frozen in the asset).
 */
export function observeRewardPool(
  r: RewardPoolRecord, ev: ActionEvent, counter: PoolCounter, ctx: ActionCtx,
): { outcome: Outcome<RewardPoolRecord>; counter: PoolCounter } | null {
  if (r.status !== "open" || ev.kind !== "post" || !bytesEqual(ev.channel, r.channel)) return null;
  if (ctx.height <= r.createdHeight || hasPassed(r.expiry, ctx)) return null;
  if (bytesEqual(ev.from, r.organiser)) return null;
  const period = Math.floor((ctx.height - r.createdHeight) / r.periodBlocks);
  const posts = counter.period === period ? counter.posts : 0;
  if (posts >= r.capPerPeriod) return null;
  const pay = r.balance < r.reward ? r.balance : r.reward;
  // An author frozen in the asset earns nothing, like one over the cap: the reward stays in the
  // pool for the other members and the counter does not move (docs/DECISIONS.md 46). Paying it
  // back to the organiser instead left a record counting a post it never rewarded.
  if (ctx.canCredit && !ctx.canCredit(ev.from, pay, r.asset)) return null;
  const balance = r.balance - pay;
  const record: RewardPoolRecord = { ...r, balance, paidPosts: r.paidPosts + 1, status: balance === 0n ? "emptied" : "open" };
  return { outcome: done(record, [{ to: ev.from, amount: pay }], balance === 0n ? NO_WAKE : wakeAt(r.expiry)), counter: { period, posts: posts + 1 } };
}

/** The block hook's call at a wake: past expiry the rest returns to the organiser. */
export function wakeRewardPool(r: RewardPoolRecord, ctx: ActionCtx): Outcome<RewardPoolRecord> {
  if (r.status !== "open") return done(r, [], NO_WAKE);
  if (!hasPassed(r.expiry, ctx)) return done(r, [], wakeAt(r.expiry));
  return done({ ...r, balance: 0n, status: "expired" }, [{ to: r.organiser, amount: r.balance }], NO_WAKE);
}
