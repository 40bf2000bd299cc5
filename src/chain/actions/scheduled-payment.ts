// Scheduled and recurring payments: pay `amount` to `to` at `start`, then every `interval`,
// `runs` times in all, on the height or the time clock; run by the block hook, no tx needed.
//
// Decision: funds are reserved at creation (amount * runs is locked). A run then cannot fail
// for want of funds, and supply conservation is one equation per record. The only failure
// left is a credit the recipient cannot take (a u64 overflow cannot happen while total supply
// fits a u64, but a payee frozen in the schedule's asset cannot take one): such a run is recorded in `failed`,
// its share goes back to the payer, and it is never retried. The payer may cancel: what is
// left is returned at once.
import type { AssetRef } from "../assets/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { readBigUint, readUint } from "../codec.js";
import { checkPositiveAmount, U64_MAX } from "./amounts.js";
import { actionError } from "./errors.js";
import { readAddress, readClockName, readEnum, readAssetField } from "./record-codec.js";
import { Clock, done, NO_WAKE, refused, type ActionCtx, type Address, type ClockName, type Outcome, type Payment, type Wake } from "./types.js";

export const ScheduledStatus = { open: 0, finished: 1, cancelled: 2 } as const;
export type ScheduledStatusName = keyof typeof ScheduledStatus;

/** Longest series: keeps run indices and locked sums small; a daily payment for ~2,700 years. */
export const MAX_RUNS = 1_000_000;
/** Shortest interval per clock: one block, or one second (the time queue's granularity). */
export const MIN_INTERVAL: Record<ClockName, number> = { height: 1, time: 1000 };
/** Runs one wake pays at most when a backlog let several fall due; the rest wait a block. */
export const MAX_RUNS_PER_WAKE = 16;

export interface ScheduledPaymentRecord {
  kind: "scheduledPayment";
  payer: Address;
  /** The asset locked and paid (docs/ACTIONS.md 2.7); null: the native token. */
  asset: AssetRef;
  to: Address;
  /** Paid per run. */
  amount: bigint;
  clock: ClockName;
  /** Run i is due at start + i * interval. */
  start: number;
  /** 0 for a single run. */
  interval: number;
  runs: number;
  /** Runs executed so far, paid or failed; run `done` is the next one. */
  done: number;
  /** Runs whose credit was refused (their share went back to the payer). */
  failed: number;
  createdHeight: number;
  status: ScheduledStatusName;
}

export type ScheduledPaymentInput = Pick<ScheduledPaymentRecord, "payer" | "to" | "amount" | "clock" | "start" | "interval" | "runs"> & { asset?: AssetRef };

export function encodeScheduledFields(r: ScheduledPaymentRecord): unknown[] {
  return [r.payer, r.asset, r.to, r.amount, Clock[r.clock], r.start, r.interval, r.runs, r.done, r.failed, r.createdHeight, ScheduledStatus[r.status]];
}

export function decodeScheduledFields(f: unknown[]): ScheduledPaymentRecord | string {
  if (f.length !== 12) return "scheduled payment has 12 fields";
  const payer = readAddress(f[0]);
  const asset = readAssetField(f[1]);
  const to = readAddress(f[2]);
  const amount = readBigUint(f[3]);
  const clock = readClockName(f[4]);
  const [start, interval, runs, doneRuns, failed, createdHeight] = [f[5], f[6], f[7], f[8], f[9], f[10]].map(readUint);
  const status = readEnum(f[11], ScheduledStatus);
  if (!payer || !to) return "payer and to must be 32 bytes";
  if (asset === undefined) return "asset must be nil or 32 bytes";
  if (amount === undefined) return "amount must be a u64";
  if (!clock) return "clock must be 0 (height) or 1 (time)";
  if (start === undefined || interval === undefined || runs === undefined || doneRuns === undefined || failed === undefined || createdHeight === undefined)
    return "counters must be non-negative integers";
  if (doneRuns > runs || failed > doneRuns) return "done and failed cannot exceed runs";
  if (!status) return "unknown scheduled-payment status";
  return { kind: "scheduledPayment", payer, asset, to, amount, clock, start, interval, runs, done: doneRuns, failed, createdHeight, status };
}

export function scheduledLocked(r: ScheduledPaymentRecord): bigint {
  return r.status === "open" ? r.amount * BigInt(r.runs - r.done) : 0n;
}

function dueOf(r: { start: number; interval: number }, run: number): number {
  return r.start + run * r.interval;
}

function wakeFor(r: ScheduledPaymentRecord): Wake {
  if (r.status !== "open") return NO_WAKE;
  const at = dueOf(r, r.done);
  return r.clock === "height" ? { height: at, timeMs: null } : { height: null, timeMs: at };
}

export function createScheduledPayment(input: ScheduledPaymentInput, ctx: ActionCtx): Outcome<ScheduledPaymentRecord> {
  const bad = (reason: string) => refused<ScheduledPaymentRecord>(actionError({ code: "BAD_PARAMS", reason }));
  const badAmount = checkPositiveAmount(input.amount, "amount");
  if (badAmount) return refused(badAmount);
  // [REJECT] 1..MAX_RUNS runs.
  if (!Number.isSafeInteger(input.runs) || input.runs < 1 || input.runs > MAX_RUNS) return bad(`runs must be 1..${MAX_RUNS}`);
  // [REJECT] a single run has no interval; a series has at least the clock's minimum.
  if (input.runs === 1 && input.interval !== 0) return bad("a single run has interval 0");
  if (input.runs > 1 && (!Number.isSafeInteger(input.interval) || input.interval < MIN_INTERVAL[input.clock]))
    return bad(`interval must be at least ${MIN_INTERVAL[input.clock]} on the ${input.clock} clock`);
  // [REJECT] every due point is a safe integer on its clock.
  if (!Number.isSafeInteger(input.start) || input.start < 0 || !Number.isSafeInteger(dueOf(input, input.runs - 1)))
    return bad("start and the last due point must be non-negative safe integers");
  const total = input.amount * BigInt(input.runs);
  // [REJECT] the reservation is a u64 like every amount.
  if (total > U64_MAX) return refused(actionError({ code: "BAD_AMOUNT", reason: "amount * runs exceeds 2^64-1" }));
  const record: ScheduledPaymentRecord = {
    kind: "scheduledPayment", payer: input.payer, asset: input.asset ?? null, to: input.to, amount: input.amount, clock: input.clock,
    start: input.start, interval: input.interval, runs: input.runs, done: 0, failed: 0, createdHeight: ctx.height, status: "open",
  };
  // A start already past runs at this block's drain (the scheduler clamps it to now).
  return done(record, [], wakeFor(record), total);
}

/**
 * The block hook's call at a wake: pays every run due by now (at most MAX_RUNS_PER_WAKE), each
 * exactly once because `done` only grows. An early or stale wake pays nothing.
 */
export function runScheduledPayment(r: ScheduledPaymentRecord, ctx: ActionCtx): Outcome<ScheduledPaymentRecord> {
  if (r.status !== "open") return done(r, [], NO_WAKE);
  const now = r.clock === "height" ? ctx.height : ctx.timeMs;
  const payments: Payment[] = [];
  let { done: ran, failed } = r;
  while (ran < r.runs && dueOf(r, ran) <= now && payments.length < MAX_RUNS_PER_WAKE) {
    if (ctx.canCredit?.(r.to, r.amount, r.asset) ?? true) payments.push({ to: r.to, amount: r.amount });
    else {
      // A refused credit (the payee frozen in the asset) is recorded and its share returned:
      // never retried; subscribers see it as a payout returned to the payer (moves.ts).
      failed++;
      payments.push({ to: r.payer, amount: r.amount, returnedFor: r.to });
    }
    ran++;
  }
  const record: ScheduledPaymentRecord = { ...r, done: ran, failed, status: ran === r.runs ? "finished" : "open" };
  return done(record, payments, wakeFor(record));
}

export function cancelScheduledPayment(r: ScheduledPaymentRecord, by: Address): Outcome<ScheduledPaymentRecord> {
  // [REJECT] only the payer cancels.
  if (!bytesEqual(by, r.payer)) return refused(actionError({ code: "NOT_AUTHORIZED", role: "payer" }));
  // [REJECT] a finished or cancelled series has nothing left.
  if (r.status !== "open") return refused(actionError({ code: "ACTION_CLOSED", status: r.status }));
  const left = scheduledLocked(r);
  return done({ ...r, status: "cancelled" }, [{ to: r.payer, amount: left }], NO_WAKE);
}
