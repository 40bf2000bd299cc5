// The due queue: actions waiting for a tick of one clock (a block height, or a second of
// block time), drained by the block hook in a deterministic order (tick, then action id) under
// a per-block cap; what the cap leaves waits for the next block, ahead of anything newer.
//
// State (SCHEDULE_NS, see state-keys.ts), per clock:
//   meta  [cursor | nil, lastDrained | nil, pending]  cursor = no ids below it; lastDrained = the
//         last tick a drain handed entries out at (or saved its cursor)
//   due   ascending ids due at one tick (at most MAX_IDS_PER_TICK; a full tick spills to the next)
//   index id -> its tick (an action is queued at most once per clock; scheduling again moves it)
// The state offers get/set only (no range scans), so the drain walks ticks from the cursor;
// each tick is walked once, and a drain walks at most MAX_TICKS_WALKED of them.
import { decodeUnknown, encode, readArray, readUint } from "../codec.js";
import { actionError, type ActionError } from "./errors.js";
import { decodeIdList, encodeIdList, insertId, removeId } from "./id-list.js";
import { clearState, dueKey, queueIndexKey, queueMetaKey, readState, SCHEDULE_NS, type ActionState } from "./state-keys.js";
import type { ActionId } from "./types.js";

/**
 * Due actions run per block, at most. Cosmos SDK's x/feegrant prunes expired allowances in its
 * EndBlocker with a fixed limit of 200 (x/authz likewise bounds its expired-grant queue) after
 * unbounded pruning proved a way to stall blocks; 200 small wakes fit well inside the block time.
 */
export const DUE_PER_BLOCK_CAP = 200;
/** Empty ticks one drain steps over, at most (after an outage the time queue catches up). */
export const MAX_TICKS_WALKED = 4096;
/**
 * Ids in one tick's list. The list is one state value rewritten on every schedule and drain at
 * that tick, so it stays near a block's worth (the cap) at ~8 KB; a full tick spills to the next.
 */
export const MAX_IDS_PER_TICK = 256;
/** Full ticks a tx's schedule() tries past its due tick before refusing. */
export const MAX_SPILL_TICKS = 1000;
/**
 * Empty ticks a drain may step over without saving how far it got. While work waits for a
 * later tick, blocks with nothing due then write no state (the root of an idle chain stays put)
 * and re-walk at most this many empty ticks; past it, the cursor is saved.
 */
export const CURSOR_SLACK = 64;

interface QueueMeta {
  cursor: number | null;
  lastDrained: number | null;
  pending: number;
}

const EMPTY_META: QueueMeta = { cursor: null, lastDrained: null, pending: 0 };

export interface DueEntry {
  id: ActionId;
  tick: number;
}

export class DueQueue {
  constructor(
    private readonly kv: ActionState,
    /** types.Clock value: 0 height, 1 time (ticks are seconds). */
    private readonly clock: number,
  ) {}

  /** The tick `id` is queued at, if any. */
  scheduledAt(id: ActionId): number | undefined {
    const raw = readState(this.kv, SCHEDULE_NS, queueIndexKey(this.clock, id));
    return raw && readUint(decodeUnknown(raw));
  }

  /**
   * Queues `id` at `due`, or the first tick a drain has not passed: never before `now` (the
   * tick being executed) nor at a tick already drained, so nothing can run twice in a block or
   * out of order. Replaces an earlier entry of the same id. Returns the tick used.
   * `spillLimit`: full ticks to skip before SCHEDULE_FULL; the block hook passes Infinity so
   * an action already in the queue is never stranded.
   */
  schedule(id: ActionId, due: number, now: number, spillLimit = MAX_SPILL_TICKS): number | ActionError {
    const meta = this.meta();
    let tick = Math.max(due, now, meta.lastDrained === null ? 0 : meta.lastDrained + 1);
    const existing = this.scheduledAt(id);
    if (existing === tick) return tick;
    let list = this.list(tick);
    for (let spilled = 0; list.length >= MAX_IDS_PER_TICK; spilled++) {
      // [REJECT] a tx cannot queue past a long run of full ticks; try later or elsewhere.
      if (spilled >= spillLimit) return actionError({ code: "SCHEDULE_FULL", tick });
      tick++;
      if (existing === tick) return tick;
      list = this.list(tick);
    }
    if (existing !== undefined) this.removeFromTick(id, existing, meta);
    insertId(list, id);
    this.writeList(tick, list);
    this.kv.set(SCHEDULE_NS, queueIndexKey(this.clock, id), encode(tick));
    meta.pending++;
    meta.cursor = meta.cursor === null ? tick : Math.min(meta.cursor, tick);
    this.writeMeta(meta);
    return tick;
  }

  /** Takes `id` out of the queue; false when it was not queued. */
  unschedule(id: ActionId): boolean {
    const existing = this.scheduledAt(id);
    if (existing === undefined) return false;
    const meta = this.meta();
    this.removeFromTick(id, existing, meta);
    if (meta.pending === 0) meta.cursor = null;
    this.writeMeta(meta);
    return true;
  }

  /**
   * Removes and returns up to `cap` entries due at or before `now`, in (tick, id) order. Each
   * entry leaves the queue as it is returned: an action is handed out once per scheduling.
   */
  drainDue(now: number, cap: number): DueEntry[] {
    const meta = this.meta();
    if (meta.cursor === null || meta.cursor > now || cap <= 0) return [];
    const out: DueEntry[] = [];
    let tick = meta.cursor;
    for (let walked = 0; tick <= now && out.length < cap && walked < MAX_TICKS_WALKED; walked++) {
      const list = this.list(tick);
      const take = list.splice(0, cap - out.length);
      for (const id of take) {
        clearState(this.kv, SCHEDULE_NS, queueIndexKey(this.clock, id));
        out.push({ id, tick });
      }
      if (take.length > 0) this.writeList(tick, list);
      meta.pending -= take.length;
      // Leftovers keep the cursor here: they run first in the next block.
      if (list.length > 0) break;
      tick++;
    }
    // Nothing handed out and little walked: leave the state as it was (see CURSOR_SLACK).
    if (out.length === 0 && tick - meta.cursor < CURSOR_SLACK) return out;
    meta.cursor = meta.pending === 0 ? null : tick;
    meta.lastDrained = now;
    this.writeMeta(meta);
    return out;
  }

  /**
   * Whether some action is queued at a tick <= `now` (read only). Walks at most `maxWalk` ticks
   * from the cursor and answers true past that, so a caller pacing blocks errs towards making
   * one (whose drain then moves the cursor on). Not consensus: nothing in a block depends on it.
   */
  hasDue(now: number, maxWalk = CURSOR_SLACK): boolean {
    const meta = this.meta();
    if (meta.cursor === null || meta.pending === 0 || meta.cursor > now) return false;
    for (let tick = meta.cursor, walked = 0; tick <= now; tick++, walked++) {
      if (walked >= maxWalk) return true;
      if (this.list(tick).length > 0) return true;
    }
    return false;
  }

  /** Ids queued and not yet drained. */
  pending(): number {
    return this.meta().pending;
  }

  private removeFromTick(id: ActionId, tick: number, meta: QueueMeta): void {
    const list = this.list(tick);
    if (removeId(list, id)) meta.pending--;
    this.writeList(tick, list);
    clearState(this.kv, SCHEDULE_NS, queueIndexKey(this.clock, id));
  }

  private list(tick: number): ActionId[] {
    return decodeIdList(readState(this.kv, SCHEDULE_NS, dueKey(this.clock, tick)));
  }

  private writeList(tick: number, ids: ActionId[]): void {
    if (ids.length === 0) clearState(this.kv, SCHEDULE_NS, dueKey(this.clock, tick));
    else this.kv.set(SCHEDULE_NS, dueKey(this.clock, tick), encodeIdList(ids));
  }

  private meta(): QueueMeta {
    const f = readArray(decodeUnknown(readState(this.kv, SCHEDULE_NS, queueMetaKey(this.clock)) ?? new Uint8Array(0)), 3);
    if (!f) return { ...EMPTY_META };
    const cursor = f[0] === null ? null : (readUint(f[0]) ?? null);
    const lastDrained = f[1] === null ? null : (readUint(f[1]) ?? null);
    return { cursor, lastDrained, pending: readUint(f[2]) ?? 0 };
  }

  private writeMeta(m: QueueMeta): void {
    this.kv.set(SCHEDULE_NS, queueMetaKey(this.clock), encode([m.cursor, m.lastDrained, m.pending]));
  }
}
