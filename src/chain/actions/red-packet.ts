// Red packets: a sender locks `total` for `shares` claims in a channel or a direct chat.
// Each eligible member claims once (a channel member, or the direct recipient); the rest
// returns to the sender by itself at expiry (the block hook's wake). Split rules and the
// randomness bound: red-packet-split.ts.
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { readArray, readBigUint, readBytes, readUint } from "../codec.js";
import { checkPositiveAmount } from "./amounts.js";
import { ReplyTargetTag, type ReplyTarget } from "./condition.js";
import { actionError } from "./errors.js";
import { encodeDeadline, readAddress, readDeadline, readEnum, readAssetField } from "./record-codec.js";
import { shareFor, type SplitName } from "./red-packet-split.js";
import { done, hasPassed, NO_WAKE, refused, wakeAt, type ActionCtx, type ActionId, type Address, type Deadline, type Outcome } from "./types.js";

export const RedPacketStatus = { open: 0, finished: 1, expired: 2 } as const;
export type RedPacketStatusName = keyof typeof RedPacketStatus;
export const SplitTag: Record<SplitName, number> = { equal: 0, random: 1 };

/** Shares per packet: the channel member cap, since each member claims once. */
export const MAX_SHARES = 256;

/** Who may claim: members of a channel, or the one recipient of a direct chat. */
export type Audience = ReplyTarget;

export interface RedPacketClaim {
  claimer: Address;
  amount: bigint;
}

export interface RedPacketRecord {
  kind: "redPacket";
  sender: Address;
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  total: bigint;
  shares: number;
  split: SplitName;
  audience: Audience;
  expiry: Deadline;
  createdHeight: number;
  /** In claim order; index i drew with claim index i. */
  claims: RedPacketClaim[];
  /** Locked: total minus what was claimed (0 once finished or expired). */
  remaining: bigint;
  status: RedPacketStatusName;
}

export interface RedPacketInput {
  /** The asset to lock and pay; absent or null: the native token. */
  asset?: AssetRef;
  sender: Address;
  total: bigint;
  shares: number;
  split: SplitName;
  audience: Audience;
  expiry: Deadline;
}

export function encodeRedPacketFields(r: RedPacketRecord): unknown[] {
  const target = r.audience.kind === "direct" ? r.audience.to : r.audience.channel;
  return [r.sender, r.asset, r.total, r.shares, SplitTag[r.split], ReplyTargetTag[r.audience.kind], target, ...encodeDeadline(r.expiry),
    r.createdHeight, r.claims.map((c) => [c.claimer, c.amount]), r.remaining, RedPacketStatus[r.status]];
}

export function decodeRedPacketFields(f: unknown[]): RedPacketRecord | string {
  if (f.length !== 13) return "red packet has 13 fields";
  const sender = readAddress(f[0]);
  const asset = readAssetField(f[1]);
  const total = readBigUint(f[2]);
  const shares = readUint(f[3]);
  const split = readEnum(f[4], SplitTag);
  const audienceKind = readEnum(f[5], ReplyTargetTag);
  const target = readBytes(f[6], 32);
  const expiry = readDeadline(f[7], f[8]);
  const createdHeight = readUint(f[9]);
  const rawClaims = readArray(f[10]);
  const remaining = readBigUint(f[11]);
  const status = readEnum(f[12], RedPacketStatus);
  if (!sender) return "sender must be 32 bytes";
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (total === undefined || remaining === undefined) return "total and remaining must be u64";
  if (shares === undefined || shares < 1 || shares > MAX_SHARES) return `shares must be 1..${MAX_SHARES}`;
  if (!split) return "split must be 0 (equal) or 1 (random)";
  if (!audienceKind || !target) return "audience must be kind 0 (direct) or 1 (channel) and 32 bytes";
  if (!expiry) return "expiry must be [clock, at]";
  if (createdHeight === undefined) return "createdHeight must be a non-negative integer";
  if (!rawClaims || rawClaims.length > shares) return "claims must be a list of at most `shares`";
  const claims: RedPacketClaim[] = [];
  for (const raw of rawClaims) {
    const pair = readArray(raw, 2);
    const claimer = pair && readAddress(pair[0]);
    const amount = pair && readBigUint(pair[1]);
    if (!claimer || amount === undefined) return "each claim is [claimer(32), amount(u64)]";
    claims.push({ claimer, amount });
  }
  if (!status) return "unknown red-packet status";
  const audience: Audience = audienceKind === "direct" ? { kind: "direct", to: target } : { kind: "channel", channel: target };
  return { kind: "redPacket", sender, asset, total, shares, split, audience, expiry, createdHeight, claims, remaining, status };
}

export function redPacketLocked(r: RedPacketRecord): bigint {
  return r.status === "open" ? r.remaining : 0n;
}

export function createRedPacket(input: RedPacketInput, ctx: ActionCtx): Outcome<RedPacketRecord> {
  const bad = (reason: string) => refused<RedPacketRecord>(actionError({ code: "BAD_PARAMS", reason }));
  const badAmount = checkPositiveAmount(input.total, "total");
  if (badAmount) return refused(badAmount);
  // [REJECT] 1..MAX_SHARES shares.
  if (!Number.isSafeInteger(input.shares) || input.shares < 1 || input.shares > MAX_SHARES) return bad(`shares must be 1..${MAX_SHARES}`);
  // [REJECT] every share gets at least one base unit.
  if (input.total < BigInt(input.shares)) return refused(actionError({ code: "BAD_AMOUNT", reason: "total must be at least one unit per share" }));
  // [REJECT] a direct chat has one claimer, so one share.
  if (input.audience.kind === "direct" && input.shares !== 1) return bad("a direct-chat packet has exactly one share");
  // [REJECT] a packet already expired could only be returned.
  if (hasPassed(input.expiry, ctx)) return refused(actionError({ code: "EXPIRED", at: input.expiry.at }));
  const record: RedPacketRecord = {
    kind: "redPacket", sender: input.sender, asset: input.asset ?? null, total: input.total, shares: input.shares, split: input.split,
    audience: input.audience, expiry: input.expiry, createdHeight: ctx.height, claims: [], remaining: input.total, status: "open",
  };
  return done(record, [], wakeAt(input.expiry), input.total);
}

export interface RedPacketClaimInput {
  packetId: ActionId;
  claimer: Address;
  /** For a channel packet: whether the claimer is a current member (the caller reads the channel). */
  channelMember: boolean;
  /** Hash of the block before the one being executed. */
  seed: Uint8Array;
}

export function claimRedPacket(r: RedPacketRecord, input: RedPacketClaimInput, ctx: ActionCtx): Outcome<RedPacketRecord> {
  // [REJECT] an emptied or returned packet has nothing to claim.
  if (r.status !== "open") return refused(actionError({ code: "ACTION_CLOSED", status: r.status }));
  // [REJECT] past expiry the rest belongs to the sender again.
  if (hasPassed(r.expiry, ctx)) return refused(actionError({ code: "EXPIRED", at: r.expiry.at }));
  // [REJECT] only the audience claims: channel members, or the direct recipient.
  const eligible = r.audience.kind === "direct" ? bytesEqual(r.audience.to, input.claimer) : input.channelMember;
  if (!eligible) return refused(actionError({ code: "NOT_ELIGIBLE" }));
  // [REJECT] each member claims once.
  if (r.claims.some((c) => bytesEqual(c.claimer, input.claimer))) return refused(actionError({ code: "ALREADY_CLAIMED" }));
  const index = r.claims.length;
  const amount = shareFor(r.split, r.total, r.shares, r.remaining, index, input.seed, input.packetId);
  const claims = [...r.claims, { claimer: input.claimer, amount }];
  const finished = claims.length === r.shares;
  const record: RedPacketRecord = { ...r, claims, remaining: r.remaining - amount, status: finished ? "finished" : "open" };
  return done(record, [{ to: input.claimer, amount }], finished ? NO_WAKE : wakeAt(r.expiry));
}

/** The block hook's call at a wake: past expiry, the rest returns to the sender. */
export function wakeRedPacket(r: RedPacketRecord, ctx: ActionCtx): Outcome<RedPacketRecord> {
  if (r.status !== "open") return done(r, [], NO_WAKE);
  if (!hasPassed(r.expiry, ctx)) return done(r, [], wakeAt(r.expiry));
  return done({ ...r, remaining: 0n, status: "expired" }, [{ to: r.sender, amount: r.remaining }], NO_WAKE);
}
