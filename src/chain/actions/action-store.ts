// Loads and stores actions with their indexes: the record, the watch lists it is on, and its
// place in the two due queues. A kind's apply() calls `openAction` / `saveAction` in tx mode
// (a refusal fails the tx, whose journal the executor drops); the block hook calls them in
// hook mode, where nothing can be refused.
import { bytesEqual, toHex } from "../../util/bytes.js";
import { actionError, ActionStateCorruptError, type ActionError } from "./errors.js";
import { distinctTargets, type WatchTarget } from "./events.js";
import { decodeActionRecord, encodeActionRecord, watchesOf, type ActionRecord } from "./records.js";
import { DueQueue } from "./scheduler.js";
import { ActionKeyTag, ACTION_NS, readState, recordKey, type ActionState } from "./state-keys.js";
import type { StateChange } from "../state/state-store.js";
import { Clock, type ActionCtx, type ActionId, type Wake } from "./types.js";
import { addWatcher, removeWatcher } from "./watch-index.js";

/** The time queue counts whole seconds of block time. */
export const TIME_TICK_MS = 1000;

/** A time wake at `ms` is due in the first second tick not before it: never early. */
export function timeDueTick(ms: number): number {
  return Math.ceil(ms / TIME_TICK_MS);
}

export function timeNowTick(ms: number): number {
  return Math.floor(ms / TIME_TICK_MS);
}

export type StoreMode = "tx" | "hook";

export function loadAction(kv: ActionState, id: ActionId): ActionRecord | undefined {
  const raw = readState(kv, ACTION_NS, recordKey(id));
  if (!raw) return undefined;
  const record = decodeActionRecord(raw);
  if (typeof record === "string") throw new ActionStateCorruptError({ code: "ACTION_STATE_CORRUPT", key: toHex(id), reason: record });
  return record;
}

/**
 * Stores a new action under `id` (the creating tx's id): record, watch lists, wake.
 * The caller has already taken the outcome's debit from the sender.
 */
export function openAction(kv: ActionState, id: ActionId, record: ActionRecord, wake: Wake, ctx: ActionCtx): ActionError | null {
  // [REJECT] one action per id: an id is a tx id, so this only guards a caller's mistake.
  if (readState(kv, ACTION_NS, recordKey(id))) return actionError({ code: "BAD_PARAMS", reason: "action id exists" });
  return saveAction(kv, id, null, record, wake, ctx, "tx");
}

/**
 * Writes a transition's record and brings the indexes in line: watch lists it joins or leaves
 * (a closed action leaves all of them), and its queue entries on both clocks. Only tx mode can
 * be refused (a full watch list or queue); the executor then drops the tx's journal, partial
 * writes included. Hook mode spills past full ticks without limit and never joins a list.
 */
export function saveAction(
  kv: ActionState, id: ActionId, before: ActionRecord | null, after: ActionRecord, wake: Wake, ctx: ActionCtx, mode: StoreMode,
): ActionError | null {
  const was = before ? watchesOf(before) : [];
  const now = distinctTargets(watchesOf(after));
  for (const t of now) {
    if (contains(was, t)) continue;
    const full = addWatcher(kv, t, id);
    if (full) return full;
  }
  const queued = applyWake(kv, id, wake, ctx, mode === "hook" ? Infinity : undefined);
  if (queued) return queued;
  for (const t of was) if (!contains(now, t)) removeWatcher(kv, t, id);
  kv.set(ACTION_NS, recordKey(id), encodeActionRecord(after));
  return null;
}

function contains(list: WatchTarget[], t: WatchTarget): boolean {
  return list.some((x) => x.kind === t.kind && bytesEqual(x.target, t.target));
}

/** Puts `id` in each queue at its wake, or takes it out where the wake is null. */
export function applyWake(kv: ActionState, id: ActionId, wake: Wake, ctx: ActionCtx, spillLimit?: number): ActionError | null {
  const heights = new DueQueue(kv, Clock.height);
  const times = new DueQueue(kv, Clock.time);
  if (wake.height === null) heights.unschedule(id);
  else {
    const r = heights.schedule(id, wake.height, ctx.height, spillLimit);
    if (typeof r !== "number") return r;
  }
  if (wake.timeMs === null) times.unschedule(id);
  else {
    const r = times.schedule(id, timeDueTick(wake.timeMs), timeNowTick(ctx.timeMs), spillLimit);
    if (typeof r !== "number") return r;
  }
  return null;
}

/** The actions whose record a block wrote (created or changed), from its state changes, in write order. */
export function changedActions(changes: readonly StateChange[]): Array<{ id: ActionId; record: ActionRecord }> {
  const out: Array<{ id: ActionId; record: ActionRecord }> = [];
  for (const c of changes) {
    if (c.ns !== ACTION_NS || c.key[0] !== ActionKeyTag.record || c.value.length === 0) continue;
    const record = decodeActionRecord(c.value);
    // Every record write goes through encodeActionRecord: one that does not decode is corruption.
    if (typeof record === "string") throw new ActionStateCorruptError({ code: "ACTION_STATE_CORRUPT", key: toHex(c.key), reason: record });
    out.push({ id: c.key.subarray(1), record });
  }
  return out;
}
