// Chain events that actions watch for, and the watch targets that route an event to the
// actions waiting on it. Part 2 maps txs to events: a message tx is a `direct` event (and a
// `payment` when it carries an amount), a transfer a `payment`, a channel.post a `post`.
import { bytesEqual } from "../../util/bytes.js";
import type { ReplyTarget, WatchedLeaf } from "./condition.js";
import type { Address } from "./types.js";

export type ActionEvent =
  | { kind: "direct"; from: Address; to: Address }
  | { kind: "post"; from: Address; channel: Uint8Array }
  | { kind: "payment"; from: Address; to: Address; amount: bigint };

/** Watch kinds: the byte after ActionKeyTag.watchers in a watch-list key. Never reuse. */
export const WatchKind = { direct: 1, post: 2, payment: 3 } as const;
export type WatchKindName = keyof typeof WatchKind;

/**
 * One watch list per (kind, recipient or channel): an event costs one list read however many
 * actions watch other targets, and the list holds at most MAX_WATCHERS_PER_TARGET actions.
 */
export interface WatchTarget {
  kind: WatchKindName;
  target: Uint8Array;
}

export function watchOfEvent(ev: ActionEvent): WatchTarget {
  if (ev.kind === "post") return { kind: "post", target: ev.channel };
  return { kind: ev.kind, target: ev.to };
}

export function watchOfReplyTarget(t: ReplyTarget): WatchTarget {
  return t.kind === "direct" ? { kind: "direct", target: t.to } : { kind: "post", target: t.channel };
}

export function watchOfLeaf(leaf: WatchedLeaf): WatchTarget {
  return leaf.op === "reply" ? watchOfReplyTarget(leaf.target) : { kind: "payment", target: leaf.to };
}

/** Whether the event is a message at the reply target (any sender). */
export function eventAtTarget(t: ReplyTarget, ev: ActionEvent): boolean {
  if (t.kind === "direct") return ev.kind === "direct" && bytesEqual(ev.to, t.to);
  return ev.kind === "post" && bytesEqual(ev.channel, t.channel);
}

/** Whether the event satisfies a watched condition leaf. */
export function leafMatches(leaf: WatchedLeaf, ev: ActionEvent): boolean {
  if (leaf.op === "reply") return eventAtTarget(leaf.target, ev) && (leaf.from === null || bytesEqual(leaf.from, ev.from));
  return ev.kind === "payment" && bytesEqual(ev.from, leaf.from) && bytesEqual(ev.to, leaf.to) && ev.amount >= leaf.minAmount;
}

/** The distinct targets in a list (an action watching one target twice is listed once). */
export function distinctTargets(list: WatchTarget[]): WatchTarget[] {
  const out: WatchTarget[] = [];
  for (const w of list) if (!out.some((o) => o.kind === w.kind && bytesEqual(o.target, w.target))) out.push(w);
  return out;
}
