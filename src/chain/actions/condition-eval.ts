// The evaluator: a pure function of the tree and a read-only view. Same tree, same view, same
// answer on every node and on replay; no clock, no randomness, no I/O beyond the view.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { NODE_WEIGHT, type Condition } from "./condition.js";
import { childrenOf } from "./condition-rules.js";
import type { ActionCtx, Address } from "./types.js";

/** Everything a condition may read. Built per evaluation by `conditionView`. */
export interface ConditionView {
  readonly height: number;
  readonly timeMs: number;
  /** Whether the claim tx revealed a preimage hashing (SHA-256) to this. */
  preimageRevealed(sha256: Uint8Array): boolean;
  /** Whether this address's approval is recorded on the action. */
  approved(addr: Address): boolean;
  /** Whether state namespace `anchor` holds this hash. */
  anchorExists(hash: Uint8Array): boolean;
  /** Whether the block hook recorded the watched leaf at this pre-order index as seen. */
  observed(leafIndex: number): boolean;
}

export interface Evaluation {
  value: boolean;
  /** Work done: NODE_WEIGHT of every node visited (short-circuit skips the rest). */
  steps: number;
}

export function evaluate(c: Condition, view: ConditionView): boolean {
  return evaluateMetered(c, view).value;
}

export function evaluateMetered(c: Condition, view: ConditionView): Evaluation {
  const meter = { steps: 0 };
  const value = evalNode(c, 0, view, meter).value;
  return { value, steps: meter.steps };
}

function size(n: Condition): number {
  let s = 1;
  for (const child of childrenOf(n)) s += size(child);
  return s;
}

/** Evaluates the subtree rooted at pre-order index `index`; returns the index after it. */
function evalNode(n: Condition, index: number, view: ConditionView, meter: { steps: number }): { value: boolean; next: number } {
  meter.steps += NODE_WEIGHT[n.op];
  const leaf = (value: boolean) => ({ value, next: index + 1 });
  switch (n.op) {
    case "and":
    case "or": {
      // and stops at the first false child, or at the first true one; skipped children still
      // advance the index so leaf numbers never depend on evaluation order.
      const stopOn = n.op === "or";
      let next = index + 1;
      let value = !stopOn;
      for (const child of n.children) {
        if (value !== stopOn) {
          const r = evalNode(child, next, view, meter);
          next = r.next;
          if (r.value === stopOn) value = stopOn;
        } else next += size(child);
      }
      return { value, next };
    }
    case "not": {
      const r = evalNode(n.child, index + 1, view, meter);
      return { value: !r.value, next: r.next };
    }
    case "after":
      return leaf((n.clock === "height" ? view.height : view.timeMs) >= n.at);
    case "before":
      return leaf((n.clock === "height" ? view.height : view.timeMs) < n.at);
    case "hashPreimage":
      return leaf(view.preimageRevealed(n.sha256));
    case "approvals": {
      let count = 0;
      for (const a of n.of) if (view.approved(a)) count++;
      return leaf(count >= n.m);
    }
    case "anchorExists":
      return leaf(view.anchorExists(n.hash));
    case "reply":
    case "paymentReceived":
      return leaf(view.observed(index));
  }
}

export interface ViewInputs {
  /** Preimages carried by the claim tx; empty when the chain evaluates by itself. */
  preimages: readonly Uint8Array[];
  approvals: readonly Address[];
  observed: readonly number[];
}

/**
 * A view over an action's recorded facts and the block being executed. Preimages are hashed
 * once here, not once per node (noble's SHA-256, so clients and light nodes can re-evaluate).
 */
export function conditionView(ctx: ActionCtx, inputs: ViewInputs): ConditionView {
  const hashes = new Set(inputs.preimages.map((p) => toHex(sha256(p))));
  const observed = new Set(inputs.observed);
  return {
    height: ctx.height,
    timeMs: ctx.timeMs,
    preimageRevealed: (h) => hashes.has(toHex(h)),
    approved: (a) => inputs.approvals.some((x) => bytesEqual(x, a)),
    anchorExists: (h) => ctx.anchorExists(h),
    observed: (i) => observed.has(i),
  };
}
