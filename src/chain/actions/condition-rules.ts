// What makes a condition tree acceptable, what it costs, and the facts about it that actions
// need (its watched leaves, the next moment a clock could change its value).
import { compareBytes } from "../../util/bytes.js";
import { U64_MAX } from "./amounts.js";
import { actionError, type ActionError } from "./errors.js";
import {
  CONDITION_UNIT_FEE, MAX_APPROVERS, MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, NODE_WEIGHT, type Condition, type WatchedLeaf,
} from "./condition.js";
import type { Wake } from "./types.js";

export interface ConditionStats {
  nodes: number;
  depth: number;
  /** Sum of NODE_WEIGHT over the nodes. */
  units: number;
}

export function conditionStats(c: Condition): ConditionStats {
  let nodes = 0;
  let depth = 0;
  let units = 0;
  const visit = (n: Condition, d: number) => {
    nodes++;
    units += NODE_WEIGHT[n.op];
    if (d > depth) depth = d;
    for (const child of childrenOf(n)) visit(child, d + 1);
  };
  visit(c, 1);
  return { nodes, depth, units };
}

/** The fee a tx pays for storing and evaluating this tree (on top of the ordinary tx fee). */
export function conditionCost(c: Condition): bigint {
  return BigInt(conditionStats(c).units) * CONDITION_UNIT_FEE;
}

/** null when the tree is acceptable; otherwise the first rule it breaks. */
export function validateCondition(c: Condition): ActionError | null {
  const stats = conditionStats(c);
  // [REJECT] at most 16 nodes: evaluation and storage stay a handful of reads.
  if (stats.nodes > MAX_CONDITION_NODES) return actionError({ code: "CONDITION_TOO_LARGE", nodes: stats.nodes, max: MAX_CONDITION_NODES });
  // [REJECT] at most 4 levels.
  if (stats.depth > MAX_CONDITION_DEPTH) return actionError({ code: "CONDITION_TOO_DEEP", depth: stats.depth, max: MAX_CONDITION_DEPTH });
  return validateNode(c);
}

function validateNode(n: Condition): ActionError | null {
  const bad = (reason: string) => actionError({ code: "BAD_CONDITION", reason });
  switch (n.op) {
    case "and":
    case "or":
      // [REJECT] and/or of fewer than two children is a longer spelling of its child.
      if (n.children.length < 2) return bad(`${n.op} needs at least 2 children`);
      break;
    case "after":
    case "before":
      // [REJECT] integers only, and within what the clocks can read.
      if (!Number.isSafeInteger(n.at) || n.at < 0) return bad(`${n.op}.at must be a non-negative safe integer`);
      break;
    case "approvals": {
      // [REJECT] M of N with 1 <= M <= N <= 16.
      if (n.of.length === 0 || n.of.length > MAX_APPROVERS) return bad(`approvals lists 1..${MAX_APPROVERS} addresses`);
      if (!Number.isSafeInteger(n.m) || n.m < 1 || n.m > n.of.length) return bad("approvals needs 1 <= m <= number of addresses");
      // [REJECT] addresses ascending and unique: one spelling per set, no double counting.
      for (let i = 1; i < n.of.length; i++)
        if (compareBytes(n.of[i - 1]!, n.of[i]!) >= 0) return bad("approvers must be ascending and unique");
      break;
    }
    case "paymentReceived":
      // [REJECT] a payment of at least zero is always true: say so with no condition instead.
      if (n.minAmount < 1n || n.minAmount > U64_MAX) return bad("paymentReceived.minAmount must be 1..2^64-1");
      break;
    default:
      break;
  }
  for (const child of childrenOf(n)) {
    const e = validateNode(child);
    if (e) return e;
  }
  return null;
}

export function childrenOf(n: Condition): Condition[] {
  if (n.op === "and" || n.op === "or") return n.children;
  if (n.op === "not") return [n.child];
  return [];
}

/** Every node with its pre-order index: the index names a leaf in observation records. */
export function indexedNodes(c: Condition): Array<{ index: number; node: Condition }> {
  const out: Array<{ index: number; node: Condition }> = [];
  const visit = (n: Condition) => {
    out.push({ index: out.length, node: n });
    for (const child of childrenOf(n)) visit(child);
  };
  visit(c);
  return out;
}

/** Leaves the block hook must watch for, with their pre-order index. */
export function watchedLeaves(c: Condition): Array<{ index: number; leaf: WatchedLeaf }> {
  const out: Array<{ index: number; leaf: WatchedLeaf }> = [];
  for (const { index, node } of indexedNodes(c))
    if (node.op === "reply" || node.op === "paymentReceived") out.push({ index, leaf: node });
  return out;
}

/**
 * The next height and time after `now` at which a clock node flips (after/before at `at`),
 * so a time-only condition can fire by itself: the caller wakes there and re-evaluates.
 */
export function nextClockFlip(c: Condition, now: { height: number; timeMs: number }): Wake {
  let height: number | null = null;
  let timeMs: number | null = null;
  for (const { node } of indexedNodes(c)) {
    if (node.op !== "after" && node.op !== "before") continue;
    if (node.clock === "height" && node.at > now.height) height = height === null ? node.at : Math.min(height, node.at);
    if (node.clock === "time" && node.at > now.timeMs) timeMs = timeMs === null ? node.at : Math.min(timeMs, node.at);
  }
  return { height, timeMs };
}

/** Every address named in an approvals node: who may approve the action. */
export function approversOf(c: Condition): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const { node } of indexedNodes(c)) if (node.op === "approvals") out.push(...node.of);
  return out;
}
