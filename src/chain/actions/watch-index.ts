// Watch lists: for each target (a direct-message recipient, a channel, a payment recipient),
// the open actions that wait for an event there. An event costs one list read; the list is
// bounded so that one busy target cannot make every post in it do unbounded work.
import { actionError, type ActionError } from "./errors.js";
import { WatchKind, type WatchTarget } from "./events.js";
import { decodeIdList, encodeIdList, findId, insertId, removeId } from "./id-list.js";
import { ACTION_NS, clearState, readState, watchersKey, type ActionState } from "./state-keys.js";
import type { ActionId } from "./types.js";

/**
 * Actions watching one target, at most. Every matching tx loads and decodes each of them, so
 * this bounds the extra work a post or payment brings: 16 small records.
 */
export const MAX_WATCHERS_PER_TARGET = 16;

function key(t: WatchTarget): Uint8Array {
  return watchersKey(WatchKind[t.kind], t.target);
}

export function watchersOf(kv: ActionState, t: WatchTarget): ActionId[] {
  return decodeIdList(readState(kv, ACTION_NS, key(t)));
}

/** Adds `id` to the target's list (no-op if present); WATCHERS_FULL when the list is full. */
export function addWatcher(kv: ActionState, t: WatchTarget, id: ActionId): ActionError | null {
  const ids = watchersOf(kv, t);
  if (findId(ids, id) >= 0) return null;
  // [REJECT] a target watched by MAX_WATCHERS_PER_TARGET actions takes no more until one closes.
  if (ids.length >= MAX_WATCHERS_PER_TARGET) return actionError({ code: "WATCHERS_FULL", max: MAX_WATCHERS_PER_TARGET });
  insertId(ids, id);
  kv.set(ACTION_NS, key(t), encodeIdList(ids));
  return null;
}

export function removeWatcher(kv: ActionState, t: WatchTarget, id: ActionId): void {
  const ids = watchersOf(kv, t);
  if (!removeId(ids, id)) return;
  if (ids.length === 0) clearState(kv, ACTION_NS, key(t));
  else kv.set(ACTION_NS, key(t), encodeIdList(ids));
}
