// Canonical wire form of a condition tree: nested positional msgpack arrays, integers only.
//   and    [0, [child, child, ...]]          or      [1, [child, child, ...]]
//   not    [2, child]
//   after  [3, clock, at]                    before  [4, clock, at]     clock 0 height, 1 time ms
//   hashPreimage [5, sha256(32)]             approvals [6, m, [address(32), ...]]
//   anchorExists [7, hash(32)]
//   reply  [8, from(32) | nil, targetKind, target(32)]   targetKind 0 direct to, 1 channel
//   paymentReceived [9, from(32), to(32), minAmount(u64), asset]   asset nil = native token
// The decoder stops at the size bounds while reading, so hostile nesting costs nothing.
import { decodeUnknown, encode, isCanonical, readArray, readBigUint, readBytes, readUint } from "../codec.js";
import { Clock, type Address } from "./types.js";
import { readClockName } from "./record-codec.js";
import {
  CondTag, MAX_APPROVERS, MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, ReplyTargetTag, type Condition, type ReplyTarget,
} from "./condition.js";

export function encodeConditionValue(c: Condition): unknown[] {
  switch (c.op) {
    case "and":
    case "or":
      return [CondTag[c.op], c.children.map(encodeConditionValue)];
    case "not":
      return [CondTag.not, encodeConditionValue(c.child)];
    case "after":
    case "before":
      return [CondTag[c.op], Clock[c.clock], c.at];
    case "hashPreimage":
      return [CondTag.hashPreimage, c.sha256];
    case "approvals":
      return [CondTag.approvals, c.m, c.of];
    case "anchorExists":
      return [CondTag.anchorExists, c.hash];
    case "reply":
      return [CondTag.reply, c.from, ReplyTargetTag[c.target.kind], c.target.kind === "direct" ? c.target.to : c.target.channel];
    case "paymentReceived":
      return [CondTag.paymentReceived, c.from, c.to, c.minAmount, c.asset];
  }
}

export function encodeCondition(c: Condition): Uint8Array {
  return encode(encodeConditionValue(c));
}

/** Canonical bytes -> tree; a string names what is wrong. Never throws. */
export function decodeCondition(bytes: Uint8Array): Condition | string {
  const value = decodeUnknown(bytes);
  if (value === undefined) return "condition is not msgpack";
  const cond = decodeConditionValue(value);
  if (typeof cond === "string") return cond;
  if (!isCanonical(encodeConditionValue(cond), bytes)) return "condition is not in canonical encoding";
  return cond;
}

/** A decoded msgpack value (e.g. a field of a tx body) -> tree; a string names what is wrong. */
export function decodeConditionValue(value: unknown): Condition | string {
  return readNode(value, 1, { nodes: 0 });
}

function readNode(v: unknown, depth: number, seen: { nodes: number }): Condition | string {
  const at = seen.nodes;
  // Bounds first: a hostile tree is refused before its children are read.
  if (depth > MAX_CONDITION_DEPTH) return `node ${at}: deeper than ${MAX_CONDITION_DEPTH} levels`;
  if (++seen.nodes > MAX_CONDITION_NODES) return `more than ${MAX_CONDITION_NODES} nodes`;
  const f = readArray(v);
  if (!f || f.length === 0) return `node ${at}: must be a non-empty array`;
  const tag = readUint(f[0]);
  const fail = (what: string) => `node ${at} (${opName(tag)}): ${what}`;
  switch (tag) {
    case CondTag.and:
    case CondTag.or: {
      const list = f.length === 2 ? readArray(f[1]) : undefined;
      if (!list) return fail("must be [tag, [children]]");
      const children: Condition[] = [];
      for (const item of list) {
        const child = readNode(item, depth + 1, seen);
        if (typeof child === "string") return child;
        children.push(child);
      }
      return { op: tag === CondTag.and ? "and" : "or", children };
    }
    case CondTag.not: {
      if (f.length !== 2) return fail("must be [tag, child]");
      const child = readNode(f[1], depth + 1, seen);
      return typeof child === "string" ? child : { op: "not", child };
    }
    case CondTag.after:
    case CondTag.before: {
      const clock = f.length === 3 ? readClockName(f[1]) : undefined;
      const value = readUint(f[2]);
      if (!clock) return fail("must be [tag, clock 0|1, at]");
      if (value === undefined) return fail("at must be a non-negative integer");
      return { op: tag === CondTag.after ? "after" : "before", clock, at: value };
    }
    case CondTag.hashPreimage: {
      const hash = f.length === 2 ? readBytes(f[1], 32) : undefined;
      return hash ? { op: "hashPreimage", sha256: hash } : fail("must be [tag, sha256(32)]");
    }
    case CondTag.approvals: {
      const m = f.length === 3 ? readUint(f[1]) : undefined;
      const list = readArray(f[2]);
      if (m === undefined || !list) return fail("must be [tag, m, [addresses]]");
      if (list.length > MAX_APPROVERS) return fail(`more than ${MAX_APPROVERS} approvers`);
      const of: Address[] = [];
      for (const a of list) {
        const addr = readBytes(a, 32);
        if (!addr) return fail("each approver is 32 bytes");
        of.push(addr);
      }
      return { op: "approvals", m, of };
    }
    case CondTag.anchorExists: {
      const hash = f.length === 2 ? readBytes(f[1], 32) : undefined;
      return hash ? { op: "anchorExists", hash } : fail("must be [tag, hash(32)]");
    }
    case CondTag.reply: {
      if (f.length !== 4) return fail("must be [tag, from | nil, targetKind, target]");
      const from = f[1] === null ? null : readBytes(f[1], 32);
      const target = readReplyTarget(f[2], f[3]);
      if (from === undefined) return fail("from must be 32 bytes or nil");
      if (!target) return fail("target must be kind 0 (direct) or 1 (channel) and 32 bytes");
      return { op: "reply", from, target };
    }
    case CondTag.paymentReceived: {
      if (f.length !== 5) return fail("must be [tag, from, to, minAmount, asset]");
      const from = readBytes(f[1], 32);
      const to = readBytes(f[2], 32);
      const minAmount = readBigUint(f[3]);
      if (!from || !to) return fail("from and to must be 32 bytes");
      if (minAmount === undefined) return fail("minAmount must be a u64");
      // Only the native token (nil): payments in an asset are no events (docs/ASSETS.md 6).
      if (f[4] !== null) return fail("asset must be nil (native token)");
      return { op: "paymentReceived", from, to, minAmount, asset: null };
    }
    default:
      return `node ${at}: unknown tag`;
  }
}

function opName(tag: number | undefined): string {
  const hit = (Object.keys(CondTag) as (keyof typeof CondTag)[]).find((k) => CondTag[k] === tag);
  return hit ?? "?";
}

function readReplyTarget(kind: unknown, target: unknown): ReplyTarget | undefined {
  const bytes = readBytes(target, 32);
  if (!bytes) return undefined;
  if (kind === ReplyTargetTag.direct) return { kind: "direct", to: bytes };
  if (kind === ReplyTargetTag.channel) return { kind: "channel", channel: bytes };
  return undefined;
}
