// A condition tree as JSON (tx bodies and action records at the RPC edge, docs/RPC.md):
// one object per node named by its op, addresses in bech32m, hashes 0x-hex, amounts as
// decimal strings. Browser-safe; shown to people, never hashed.
import { formatAddress } from "../address.js";
import { amountJson, hexJson, type JsonObject } from "../../util/json.js";
import type { Condition, ReplyTarget } from "./condition.js";

export function replyTargetJson(t: ReplyTarget): JsonObject {
  return t.kind === "direct" ? { kind: "direct", to: formatAddress(t.to) } : { kind: "channel", channel: hexJson(t.channel) };
}

export function conditionJson(c: Condition): JsonObject {
  switch (c.op) {
    case "and":
    case "or":
      return { op: c.op, children: c.children.map(conditionJson) };
    case "not":
      return { op: "not", child: conditionJson(c.child) };
    case "after":
    case "before":
      return { op: c.op, clock: c.clock, at: c.at };
    case "hashPreimage":
      return { op: "hashPreimage", sha256: hexJson(c.sha256) };
    case "approvals":
      return { op: "approvals", m: c.m, of: c.of.map(formatAddress) };
    case "anchorExists":
      return { op: "anchorExists", hash: hexJson(c.hash) };
    case "reply":
      return { op: "reply", from: c.from && formatAddress(c.from), target: replyTargetJson(c.target) };
    case "paymentReceived":
      return { op: "paymentReceived", from: formatAddress(c.from), to: formatAddress(c.to), minAmount: amountJson(c.minAmount), asset: null };
  }
}
