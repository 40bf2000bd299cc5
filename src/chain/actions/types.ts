// Shapes shared by every automatic action: what a transition returns, the context it reads,
// the clocks it can wait on. Nothing here touches storage: a kind's apply() and the block hook
// load records, call the pure transitions, and write back what they return.
import type { AssetRef } from "../assets/records.js";
import type { ActionError } from "./errors.js";

/** A 32-byte Ed25519 public key (the same bytes as tx/types Address). */
export type Address = Uint8Array;
/** A 32-byte action id: the id of the tx that created the action (known to the client early). */
export type ActionId = Uint8Array;

/** Two clocks: block height, and block time in ms (header `time`, strictly increasing). */
export const Clock = { height: 0, time: 1 } as const;
export type ClockName = keyof typeof Clock;

/** A point on one clock; it "has passed" once the clock reads at least `at`. */
export interface Deadline {
  clock: ClockName;
  at: number;
}

/** A credit the caller makes out of an action's locked funds, in the record's asset. */
export interface Payment {
  to: Address;
  amount: bigint;
  /**
   * Set when this credit is a payout that `returnedFor` could not take (frozen in the asset),
   * paid to the funder (`to`) instead: what subscribers and views report (moves.ts).
   */
  returnedFor?: Address;
}

/**
 * When the action wants the block hook to call its `wake` next, on each clock; null = not on
 * that clock. The whole desired schedule, not a delta: the caller replaces what was scheduled.
 */
export interface Wake {
  height: number | null;
  timeMs: number | null;
}

export const NO_WAKE: Wake = { height: null, timeMs: null };

/** What a transition may read beyond its record and input; the caller binds it to state. */
export interface ActionCtx {
  /** Height of the block being executed. */
  readonly height: number;
  /** Time of the block being executed (header `time`, ms). */
  readonly timeMs: number;
  /** Whether state namespace `anchor` holds this 32-byte hash. */
  anchorExists(hash: Uint8Array): boolean;
  /**
   * Whether `to` can take this credit in `asset` (null: native); absent = always. Credits out of
   * a lock cannot overflow while total supply fits a u64; a holder frozen in the asset cannot.
   */
  canCredit?(to: Address, amount: bigint, asset: AssetRef): boolean;
}

/**
 * A transition's result. Conservation: locked(before) + debit = locked(after) + sum(payments).
 * `debit` is what the caller must take from the acting sender's balance into the lock (a
 * creation or deposit); `payments` are credits out of the lock. On `ok: false` nothing changes.
 */
export type Outcome<R> =
  | { ok: true; record: R; debit: bigint; payments: Payment[]; wake: Wake }
  | { ok: false; error: ActionError };

export function done<R>(record: R, payments: Payment[], wake: Wake, debit = 0n): Outcome<R> {
  return { ok: true, record, debit, payments, wake };
}

export function refused<R>(error: ActionError): Outcome<R> {
  return { ok: false, error };
}

/** Whether the deadline has passed at this block. */
export function hasPassed(d: Deadline, ctx: { height: number; timeMs: number }): boolean {
  return (d.clock === "height" ? ctx.height : ctx.timeMs) >= d.at;
}

/** The wake that fires at a deadline. */
export function wakeAt(d: Deadline): Wake {
  return d.clock === "height" ? { height: d.at, timeMs: null } : { height: null, timeMs: d.at };
}

/** The earlier of two wakes on each clock. */
export function earliestWake(a: Wake, b: Wake): Wake {
  const min = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return { height: min(a.height, b.height), timeMs: min(a.timeMs, b.timeMs) };
}
