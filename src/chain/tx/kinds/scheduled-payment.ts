// scheduledPayment: pay `amount` to `to` at `start`, then every `interval`, `runs` times, on
// the height or the time clock, with no further tx: the end-block hook runs each due payment.
// amount * runs is locked at creation (docs/ACTIONS.md 2.2). Ops: create, cancel (payer only;
// what is left returns at once).
import { formatAddress } from "../../address.js";
import type { AssetRef } from "../../assets/records.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../../util/json.js";
import { readBigUint, readBytes, readUint } from "../../codec.js";
import { readClockName } from "../../actions/record-codec.js";
import { cancelScheduledPayment, createScheduledPayment, MAX_RUNS } from "../../actions/scheduled-payment.js";
import { Clock, type ClockName } from "../../actions/types.js";
import { noActionEvents, noParties, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import {
  actionCtx, nativeSpend, readTrailingAsset, withAsset, actionPartyRows, applyCreate, applyUpdate, DRY_RUN_CTX, dryRunRefusal, IMPLICIT_UNITS, loadKind, readOp, unitsFee,
} from "./action-common.js";

export const ScheduleOp = { create: 0, cancel: 1 } as const;

export type ScheduledPaymentBody =
  /** Wire [0, to, amount, clock 0|1, start, interval, runs] plus asset(32) when not native; run i is due at start + i * interval. */
  | { op: "create"; to: Address; amount: bigint; clock: ClockName; start: number; interval: number; runs: number; asset?: AssetRef }
  /** Wire [1, id]. */
  | { op: "cancel"; id: Uint8Array };

function decodeSchedule(f: unknown[]): ScheduledPaymentBody | string {
  const op = readOp(f[0], ScheduleOp);
  if (op === "create") {
    const tail = readTrailingAsset(f, 7, "scheduled payment create");
    if (typeof tail === "string") return tail;
    const to = readBytes(f[1], 32);
    const amount = readBigUint(f[2]);
    const clock = readClockName(f[3]);
    const [start, interval, runs] = [f[4], f[5], f[6]].map(readUint);
    if (!to) return "to must be 32 bytes";
    if (amount === undefined) return "amount must be a u64";
    if (!clock) return "clock must be 0 (height) or 1 (time ms)";
    if (start === undefined || interval === undefined || runs === undefined) return "start, interval and runs must be non-negative integers";
    const body = { op, to, amount, clock, start, interval, runs } as const;
    return tail.asset ? { ...body, asset: tail.asset } : body;
  }
  if (op === "cancel") {
    if (f.length !== 2) return "scheduled payment cancel has 2 fields";
    const id = readBytes(f[1], 32);
    return id ? { op, id } : "id must be 32 bytes";
  }
  return "op must be 0 (create) or 1 (cancel)";
}

type CreateBody = Extract<ScheduledPaymentBody, { op: "create" }>;

function createInput(b: CreateBody) {
  return { to: b.to, amount: b.amount, clock: b.clock, start: b.start, interval: b.interval, runs: b.runs, asset: b.asset ?? null };
}

/** What a create locks: every run's amount (u64-checked by checkStateless). */
function reserved(b: CreateBody): bigint {
  return b.amount * BigInt(Math.min(b.runs, MAX_RUNS));
}

export const scheduledPaymentKind: TxKindSpec<"scheduledPayment"> = {
  name: "scheduledPayment",
  label: "payment.schedule",
  encodeBody(b) {
    if (b.op === "create") return withAsset([ScheduleOp.create, b.to, b.amount, Clock[b.clock], b.start, b.interval, b.runs], b.asset);
    return [ScheduleOp.cancel, b.id];
  },
  decodeBody: decodeSchedule,
  checkStateless(tx) {
    const b = tx.body;
    // [REJECT] the series rules, all stateless (createScheduledPayment: amount, 1..MAX_RUNS runs,
    // interval per clock, safe due points, amount * runs a u64), with the codes apply would give.
    if (b.op === "create") return dryRunRefusal(createScheduledPayment({ payer: tx.from, ...createInput(b) }, DRY_RUN_CTX));
    return null;
  },
  spend: (tx) => (tx.body.op === "create" ? nativeSpend(tx.body.asset, reserved(tx.body)) : 0n),
  // Every run is a wake the hook executes: one unit each.
  extraFee: (tx) => (tx.body.op === "create" ? unitsFee(IMPLICIT_UNITS.scheduledRun * Math.min(tx.body.runs, MAX_RUNS)) : 0n),
  apply(tx, ctx) {
    const b = tx.body;
    if (b.op === "create") {
      return applyCreate(ctx, tx.from, createScheduledPayment({ payer: tx.from, ...createInput(b) }, actionCtx(ctx)));
    }
    const record = loadKind(ctx, b.id, "scheduledPayment");
    if (!("kind" in record)) return record;
    // [FAIL] only the payer cancels, only while open.
    return applyUpdate(ctx, tx.from, b.id, record, cancelScheduledPayment(record, tx.from));
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    if (tx.body.op === "create") actionPartyRows(tx.from, [tx.body.to], out);
  },
  parties: noParties,
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "create") return { op: b.op, to: formatAddress(b.to), amount: amountJson(b.amount), asset: hexOrNull(b.asset ?? null), clock: b.clock, start: b.start, interval: b.interval, runs: b.runs };
    return { op: b.op, id: hexJson(b.id) };
  },
  chatEntry: notChat,
};
