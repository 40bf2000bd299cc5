// Where actions live under the one authenticated state root, so a light node can prove an
// action's record, its schedule and its outcome with the ordinary state proofs. The two
// namespaces are rows of StateNs (src/chain/tx/spec.ts): action 0x05, schedule 0x06.
import { concatBytes, u64be } from "../../util/bytes.js";
import { StateNs } from "../tx/spec.js";
import type { ActionId, Address } from "./types.js";

export const ACTION_NS = StateNs.action;
export const SCHEDULE_NS = StateNs.schedule;

/** Key tags inside ACTION_NS (first key byte). Never reuse a number. */
export const ActionKeyTag = {
  /** 0x01 || actionId(32) -> the action record (records.ts). */
  record: 0x01,
  /** 0x02 || poolId(32) || member(32) -> a reward-pool member's [period, posts] counter. */
  poolCounter: 0x02,
  /** 0x03 || watchKind(1) || target(32) -> sorted ids of actions watching that target. */
  watchers: 0x03,
} as const;

/** Key tags inside SCHEDULE_NS (first key byte); the second byte is the clock (types.Clock). */
export const ScheduleKeyTag = {
  /** 0x00 || clock -> queue meta [cursor | nil, lastDrained | nil, pending]. */
  meta: 0x00,
  /** 0x01 || clock || u64be(tick) -> sorted ids due at that tick. */
  due: 0x01,
  /** 0x02 || clock || actionId(32) -> the tick the action is queued at. */
  index: 0x02,
} as const;

/**
 * The minimal state access actions need: the shape of ExecContext get/set, so the block hook
 * and a kind's apply hand in the executor's overlay (writes land in the per-tx journal).
 * Without `delete` an emptied entry is written as zero bytes. The chain's state treats a
 * zero-length value as a delete (the entry leaves the state tree and the store, PROTOCOL.md 5),
 * and every reader here treats one still pending in a block as absent.
 */
export interface ActionState {
  get(ns: number, key: Uint8Array): Uint8Array | undefined;
  set(ns: number, key: Uint8Array, value: Uint8Array): void;
  delete?(ns: number, key: Uint8Array): void;
}

export function recordKey(id: ActionId): Uint8Array {
  return concatBytes(Uint8Array.of(ActionKeyTag.record), id);
}

export function poolCounterKey(pool: ActionId, member: Address): Uint8Array {
  return concatBytes(Uint8Array.of(ActionKeyTag.poolCounter), pool, member);
}

export function watchersKey(kind: number, target: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(ActionKeyTag.watchers, kind), target);
}

export function queueMetaKey(clock: number): Uint8Array {
  return Uint8Array.of(ScheduleKeyTag.meta, clock);
}

export function dueKey(clock: number, tick: number): Uint8Array {
  return concatBytes(Uint8Array.of(ScheduleKeyTag.due, clock), u64be(tick));
}

export function queueIndexKey(clock: number, id: ActionId): Uint8Array {
  return concatBytes(Uint8Array.of(ScheduleKeyTag.index, clock), id);
}

/** Reads a value, treating a zero-length one (an emptied entry) as absent. */
export function readState(kv: ActionState, ns: number, key: Uint8Array): Uint8Array | undefined {
  const v = kv.get(ns, key);
  return v && v.length > 0 ? v : undefined;
}

/** Removes an entry: a real delete where the state offers one, zero bytes otherwise. */
export function clearState(kv: ActionState, ns: number, key: Uint8Array): void {
  if (kv.delete) kv.delete(ns, key);
  else kv.set(ns, key, new Uint8Array(0));
}
