// What the end-of-block hook runs for actions: due wakes from both queues under one cap, and
// events routed to the actions watching them. Payments are returned, not made: the caller
// credits them to accounts (out of locked funds, so they cannot overflow a u64). Payouts made
// here are not events themselves, so one action cannot trigger another within a block.
import { DUE_PER_BLOCK_CAP, DueQueue, type DueEntry } from "./scheduler.js";
import { observeBounty } from "./bounty.js";
import { observeEscrow } from "./escrow.js";
import { watchOfEvent, type ActionEvent } from "./events.js";
import { funderOf, lockedOf, wakeAction, type ActionKindName, type ActionRecord } from "./records.js";
import { decodePoolCounter, encodePoolCounter, observeRewardPool } from "./reward-pool.js";
import { ACTION_NS, poolCounterKey, readState, type ActionState } from "./state-keys.js";
import { loadAction, saveAction, timeNowTick } from "./action-store.js";
import { Clock, type ActionCtx, type ActionId, type Address, type Outcome, type Payment } from "./types.js";
import type { AssetRef } from "../assets/records.js";
import { watchersOf } from "./watch-index.js";
import { toHex } from "../../util/bytes.js";
import { AmountInvariantError, sumPayments } from "./amounts.js";

/** A credit the hook makes: in the action's asset, and whom it returns to if the payee cannot take it. */
export interface HookPayment extends Payment {
  asset: AssetRef;
  /** The action's funder (records.ts funderOf): an asset payout to a holder frozen since returns to it. */
  funder: Address | null;
  /** The action paying, for subscribers (moves.ts). */
  action: ActionId;
  actionKind: ActionKindName;
}

export interface HookResult {
  /** Actions whose record changed, in run order. */
  touched: ActionId[];
  /** Credits to make, in order. */
  payments: HookPayment[];
}

/**
 * Drains due work: height entries (height, id), then time entries (second, id). Each queue is
 * guaranteed half the cap when it has work, the other half going to whichever needs it, so a
 * flood on one clock cannot starve the other. An action due on both clocks runs once.
 */
export function drainDue(kv: ActionState, ctx: ActionCtx, cap = DUE_PER_BLOCK_CAP): DueEntry[] {
  const heights = new DueQueue(kv, Clock.height);
  const times = new DueQueue(kv, Clock.time);
  const first = heights.drainDue(ctx.height, Math.ceil(cap / 2));
  const timed = times.drainDue(timeNowTick(ctx.timeMs), cap - first.length);
  const more = heights.drainDue(ctx.height, cap - first.length - timed.length);
  const seen = new Set<string>();
  const out: DueEntry[] = [];
  for (const e of [...first, ...more, ...timed]) {
    const k = toHex(e.id);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

/**
 * Whether the block at `height` with time `timeMs` would run some due action: the node makes
 * a block for it even when no tx waits (node/pacing.ts). Reads only.
 */
export function actionsDue(kv: ActionState, height: number, timeMs: number): boolean {
  return new DueQueue(kv, Clock.height).hasDue(height) || new DueQueue(kv, Clock.time).hasDue(timeNowTick(timeMs));
}

export function runDueActions(kv: ActionState, ctx: ActionCtx, cap = DUE_PER_BLOCK_CAP): HookResult {
  const result: HookResult = { touched: [], payments: [] };
  for (const { id } of drainDue(kv, ctx, cap)) {
    const record = loadAction(kv, id);
    // A closed action may leave a stale entry behind only if a caller skipped saveAction.
    if (!record) continue;
    commit(kv, id, record, wakeAction(record, ctx), ctx, result);
  }
  return result;
}

/** Routes one event (from a tx of this block) to the actions watching its target. */
export function observeEvent(kv: ActionState, ev: ActionEvent, ctx: ActionCtx): HookResult {
  const result: HookResult = { touched: [], payments: [] };
  for (const id of watchersOf(kv, watchOfEvent(ev))) {
    const record = loadAction(kv, id);
    if (!record) continue;
    let out: Outcome<ActionRecord> | null = null;
    if (record.kind === "escrow") out = observeEscrow(record, ev, ctx);
    else if (record.kind === "bounty") out = observeBounty(record, ev, ctx);
    else if (record.kind === "rewardPool" && ev.kind === "post") {
      const key = poolCounterKey(id, ev.from);
      const r = observeRewardPool(record, ev, decodePoolCounter(readState(kv, ACTION_NS, key)), ctx);
      if (r?.outcome.ok) kv.set(ACTION_NS, key, encodePoolCounter(r.counter));
      out = r?.outcome ?? null;
    }
    if (out) commit(kv, id, record, out, ctx, result);
  }
  return result;
}

function commit(kv: ActionState, id: ActionId, before: ActionRecord, out: Outcome<ActionRecord>, ctx: ActionCtx, result: HookResult): void {
  // Wakes and observations never refuse; a refusal here is a bug, not a user's doing.
  if (!out.ok) return;
  // Hook transitions take nothing in and pay out only what was locked.
  if (out.debit !== 0n || lockedOf(before) !== lockedOf(out.record) + sumPayments(out.payments))
    throw new AmountInvariantError({ code: "AMOUNT_INVARIANT", reason: `action ${toHex(id)} would not conserve its locked amount` });
  saveAction(kv, id, before, out.record, out.wake, ctx, "hook");
  result.touched.push(id);
  const asset = out.record.asset;
  const funder = funderOf(out.record);
  for (const p of out.payments) result.payments.push({ ...p, asset, funder, action: id, actionKind: out.record.kind });
}
