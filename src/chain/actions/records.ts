// One table of action kinds: the record tag byte and what each kind provides to the block hook
// (codec, locked amount, watch targets, wake). A stored record is [tag, ...fields].
import { decodeUnknown, encode, isCanonical, readArray, readUint } from "../codec.js";
import { bountyLocked, bountyWatches, decodeBountyFields, encodeBountyFields, wakeBounty, type BountyRecord } from "./bounty.js";
import { decodeEscrowFields, encodeEscrowFields, escrowLocked, escrowWatches, wakeEscrow, type EscrowRecord } from "./escrow.js";
import type { WatchTarget } from "./events.js";
import { decodeRedPacketFields, encodeRedPacketFields, redPacketLocked, wakeRedPacket, type RedPacketRecord } from "./red-packet.js";
import {
  decodeRewardPoolFields, encodeRewardPoolFields, rewardPoolLocked, rewardPoolWatches, wakeRewardPool, type RewardPoolRecord,
} from "./reward-pool.js";
import {
  decodeScheduledFields, encodeScheduledFields, runScheduledPayment, scheduledLocked, type ScheduledPaymentRecord,
} from "./scheduled-payment.js";
import { decodeSharedFields, encodeSharedFields, sharedLocked, type SharedAccountRecord } from "./shared-account.js";
import { done, NO_WAKE, type ActionCtx, type Address, type Outcome } from "./types.js";

export type ActionRecord = EscrowRecord | ScheduledPaymentRecord | SharedAccountRecord | RedPacketRecord | BountyRecord | RewardPoolRecord;
export type ActionKindName = ActionRecord["kind"];
type RecordOf<K extends ActionKindName> = Extract<ActionRecord, { kind: K }>;

/** Record tag bytes. Never reuse a number. */
export const ActionKind = {
  escrow: 1,
  scheduledPayment: 2,
  sharedAccount: 3,
  redPacket: 4,
  bounty: 5,
  rewardPool: 6,
} as const satisfies Record<ActionKindName, number>;

interface ActionKindSpec<K extends ActionKindName> {
  encodeFields(r: RecordOf<K>): unknown[];
  decodeFields(f: unknown[]): RecordOf<K> | string;
  /** Base units the record holds, in its asset; supply = balances + every record's locked amount, per asset. */
  locked(r: RecordOf<K>): bigint;
  /** Targets whose events the block hook must route to this action while it is open. */
  watches(r: RecordOf<K>): WatchTarget[];
  /** The scheduler's call; a stale or early wake changes nothing. */
  wake(r: RecordOf<K>, ctx: ActionCtx): Outcome<RecordOf<K>>;
  /** Whether the action can still move funds (closed records stay, as provable outcomes). */
  isOpen(r: RecordOf<K>): boolean;
}

const noWatches = (): WatchTarget[] => [];

const SPECS: { [K in ActionKindName]: ActionKindSpec<K> } = {
  escrow: { encodeFields: encodeEscrowFields, decodeFields: decodeEscrowFields, locked: escrowLocked, watches: escrowWatches, wake: wakeEscrow, isOpen: (r) => r.status === "open" },
  scheduledPayment: {
    encodeFields: encodeScheduledFields, decodeFields: decodeScheduledFields, locked: scheduledLocked, watches: noWatches,
    wake: runScheduledPayment, isOpen: (r) => r.status === "open",
  },
  // Shared accounts never wake: proposals execute in the approving tx, expiries move nothing.
  sharedAccount: { encodeFields: encodeSharedFields, decodeFields: decodeSharedFields, locked: sharedLocked, watches: noWatches, wake: (r) => done(r, [], NO_WAKE), isOpen: () => true },
  redPacket: { encodeFields: encodeRedPacketFields, decodeFields: decodeRedPacketFields, locked: redPacketLocked, watches: noWatches, wake: wakeRedPacket, isOpen: (r) => r.status === "open" },
  bounty: { encodeFields: encodeBountyFields, decodeFields: decodeBountyFields, locked: bountyLocked, watches: bountyWatches, wake: wakeBounty, isOpen: (r) => r.status === "open" },
  rewardPool: {
    encodeFields: encodeRewardPoolFields, decodeFields: decodeRewardPoolFields, locked: rewardPoolLocked, watches: rewardPoolWatches,
    wake: wakeRewardPool, isOpen: (r) => r.status === "open",
  },
};

function specOf<K extends ActionKindName>(kind: K): ActionKindSpec<K> {
  return SPECS[kind] as ActionKindSpec<K>;
}

export function encodeActionRecord(r: ActionRecord): Uint8Array {
  return encode([ActionKind[r.kind], ...specOf(r.kind).encodeFields(r as never)]);
}

/** Canonical bytes -> record; a string names what is wrong. Never throws. */
export function decodeActionRecord(bytes: Uint8Array): ActionRecord | string {
  const f = readArray(decodeUnknown(bytes));
  if (!f || f.length === 0) return "an action record is a non-empty array";
  const tag = readUint(f[0]);
  const kind = (Object.keys(ActionKind) as ActionKindName[]).find((k) => ActionKind[k] === tag);
  if (!kind) return `unknown action kind ${String(f[0])}`;
  const record = specOf(kind).decodeFields(f.slice(1));
  if (typeof record === "string") return record;
  if (!isCanonical([tag, ...specOf(kind).encodeFields(record as never)], bytes)) return "action record is not in canonical encoding";
  return record;
}

export function lockedOf(r: ActionRecord): bigint {
  return specOf(r.kind).locked(r as never);
}

export function watchesOf(r: ActionRecord): WatchTarget[] {
  return specOf(r.kind).isOpen(r as never) ? specOf(r.kind).watches(r as never) : [];
}

export function isOpen(r: ActionRecord): boolean {
  return specOf(r.kind).isOpen(r as never);
}

export function wakeAction(r: ActionRecord, ctx: ActionCtx): Outcome<ActionRecord> {
  return specOf(r.kind).wake(r as never, ctx) as Outcome<ActionRecord>;
}

/**
 * Who put the locked funds in and takes back what cannot be paid (a payout in an asset to a
 * holder frozen since, docs/ACTIONS.md 2.7); null for a shared account (many depositors; it
 * pays only in txs, which are refused instead).
 */
export function funderOf(r: ActionRecord): Address | null {
  switch (r.kind) {
    case "escrow": case "bounty": return r.owner;
    case "scheduledPayment": return r.payer;
    case "redPacket": return r.sender;
    case "rewardPool": return r.organiser;
    case "sharedAccount": return null;
  }
}
