// What an action record (action_get's JSON, docs/RPC.md "Automatic actions") means for one
// person: who it concerns, what it holds, and what that person may do with it now. The chat
// shows these beside the conversation with the other party. Browser-safe, no I/O.
import type { ActionJson } from "./actions.js";

interface Target { kind: "direct"; to: string }
interface ChannelTarget { kind: "channel"; channel: string }
interface Deadline { clock: "height" | "time"; at: number }

export interface RedPacketJson extends ActionJson {
  kind: "redPacket";
  sender: string; total: string; shares: number; split: "equal" | "random"; audience: Target | ChannelTarget;
  expiry: Deadline; createdHeight: number; claims: Array<{ claimer: string; amount: string }>; remaining: string;
}
export interface EscrowJson extends ActionJson {
  kind: "escrow";
  owner: string; amount: string; releaseTo: string; refundTo: string; release: ConditionJson; refund: ConditionJson;
  createdHeight: number; approvals: string[]; settledHeight: number;
  /** open | released | refunded | returned (the side that held paid a payee frozen in the asset: back to the owner). */
  settledSide?: "release" | "refund" | null;
  /** Who was credited: releaseTo, refundTo, or the owner when returned; null while open. */
  paidTo?: string | null;
  /** returned: whom the payout was for (frozen in the asset), with returnReason PAYEE_FROZEN. */
  returnedFor?: string | null;
  returnReason?: "PAYEE_FROZEN" | null;
}
export interface ScheduledPaymentJson extends ActionJson {
  kind: "scheduledPayment";
  payer: string; to: string; amount: string; clock: "height" | "time"; start: number; interval: number; runs: number; done: number;
  failed: number; createdHeight: number; next: number | null;
}
export interface BountyJson extends ActionJson {
  kind: "bounty";
  owner: string; amount: string; target: Target | ChannelTarget; answerer: string | null; deadline: Deadline; createdHeight: number;
  /** open | paid | refunded. paidTo: set only when the answerer was paid. */
  paidTo: string | null; settledHeight: number;
  /** Who answered (paid, or refunded because frozen in the asset); null when nobody did. */
  answeredBy?: string | null;
  /** The owner, once refunded. */
  refundedTo?: string | null;
  /** NO_ANSWER by the deadline, or ANSWERER_FROZEN: the answer came, the payout went back to the owner. */
  refundReason?: "NO_ANSWER" | "ANSWERER_FROZEN" | null;
}

/** A condition tree as JSON (docs/ACTIONS.md 1): `{op, ...}`. */
export interface ConditionJson {
  op: string;
  children?: ConditionJson[];
  child?: ConditionJson;
  clock?: "height" | "time";
  at?: number;
  m?: number;
  of?: string[];
  [field: string]: unknown;
}

export type KnownActionJson = RedPacketJson | EscrowJson | ScheduledPaymentJson | BountyJson;

export function asKnown(a: ActionJson): KnownActionJson | null {
  return a.kind === "redPacket" || a.kind === "escrow" || a.kind === "scheduledPayment" || a.kind === "bounty" ? (a as KnownActionJson) : null;
}

/** Everyone the record names: who funded it, who it can pay, who can approve it, who claimed. */
export function partiesOf(a: ActionJson): string[] {
  const k = asKnown(a);
  if (!k) return Array.isArray(a["members"]) ? (a["members"] as string[]) : [];
  const list: Array<string | null> = [];
  switch (k.kind) {
    case "redPacket":
      list.push(k.sender, k.audience.kind === "direct" ? k.audience.to : null, ...k.claims.map((c) => c.claimer));
      break;
    case "escrow":
      list.push(k.owner, k.releaseTo, k.refundTo, ...approversIn(k.release), ...approversIn(k.refund));
      break;
    case "scheduledPayment":
      list.push(k.payer, k.to);
      break;
    case "bounty":
      list.push(k.owner, k.answerer, k.paidTo, k.target.kind === "direct" ? k.target.to : null);
      break;
  }
  return [...new Set(list.filter((x): x is string => x !== null))];
}

/** Whether the action is between `me` and `peer` (both named; a note to self: named at all). */
export function isBetween(a: ActionJson, me: string, peer: string): boolean {
  const p = partiesOf(a);
  return p.includes(me) && p.includes(peer);
}

function walk(c: ConditionJson, visit: (c: ConditionJson) => void): void {
  visit(c);
  for (const child of c.children ?? []) walk(child, visit);
  if (c.child) walk(c.child, visit);
}

export function approversIn(c: ConditionJson): string[] {
  const out: string[] = [];
  walk(c, (n) => {
    if (n.op === "approvals") out.push(...(n.of ?? []));
  });
  return out;
}

/** The height (or time) a condition's first `after` node names: an escrow's timeout. */
export function deadlineOf(c: ConditionJson): Deadline | null {
  let found: Deadline | null = null;
  walk(c, (n) => {
    if (!found && (n.op === "after" || n.op === "before") && n.clock && typeof n.at === "number") found = { clock: n.clock, at: n.at };
  });
  return found;
}

export function needsPreimage(c: ConditionJson): boolean {
  let yes = false;
  walk(c, (n) => {
    if (n.op === "hashPreimage") yes = true;
  });
  return yes;
}

/** What `me` may do with the action now (the chain checks again; a refusal costs only the fee). */
export interface ActionChoices {
  claim: boolean;
  release: boolean;
  refund: boolean;
  approve: boolean;
  cancel: boolean;
}

export function choicesFor(a: ActionJson, me: string, head: number): ActionChoices {
  const none: ActionChoices = { claim: false, release: false, refund: false, approve: false, cancel: false };
  const k = asKnown(a);
  if (!k || k.status !== "open") return none;
  switch (k.kind) {
    case "redPacket": {
      // A channel packet: any member (the chain checks membership when the claim executes).
      const eligible = k.audience.kind === "direct" ? k.audience.to === me : true;
      const before = k.expiry.clock === "time" || head < k.expiry.at;
      return { ...none, claim: eligible && before && !k.claims.some((c) => c.claimer === me) };
    }
    case "escrow": {
      const refundAt = deadlineOf(k.refund);
      const refundDue = refundAt !== null && refundAt.clock === "height" && head >= refundAt.at;
      const approvers = [...approversIn(k.release), ...approversIn(k.refund)];
      return {
        ...none,
        release: k.releaseTo === me && needsPreimage(k.release),
        refund: k.refundTo === me && refundDue,
        approve: approvers.includes(me) && !k.approvals.includes(me),
      };
    }
    case "scheduledPayment":
      return { ...none, cancel: k.payer === me };
    case "bounty":
      return none;
  }
}
