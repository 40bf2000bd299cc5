// The evaluator: one test per node, index bookkeeping under short-circuit, and the property
// the issue asks for: random trees evaluate identically on replay and within their cost bound.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sha256 } from "@noble/hashes/sha2.js";
import { conditionView, evaluate, evaluateMetered, type ConditionView } from "../../../../src/chain/actions/condition-eval.js";
import { decodeCondition, encodeCondition } from "../../../../src/chain/actions/condition-codec.js";
import { conditionStats, validateCondition } from "../../../../src/chain/actions/condition-rules.js";
import { MAX_CONDITION_COST_UNITS, type Condition } from "../../../../src/chain/actions/condition.js";
import { utf8 } from "../../../../src/util/bytes.js";
import { ALICE, BOB, C, CAROL, CHANNEL, addr, ctxAt } from "./fixtures.js";

const SECRET = utf8("open sesame");

function view(over: Partial<{ height: number; timeMs: number; preimages: Uint8Array[]; approvals: Uint8Array[]; observed: number[]; anchors: Uint8Array[] }> = {}): ConditionView {
  const ctx = ctxAt(over.height ?? 10, over.timeMs ?? 10_000, over.anchors ?? []);
  return conditionView(ctx, { preimages: over.preimages ?? [], approvals: over.approvals ?? [], observed: over.observed ?? [] });
}

describe("evaluate, node by node", () => {
  it("after: true from its height or time on", () => {
    expect(evaluate(C.afterHeight(10), view({ height: 9 }))).toBe(false);
    expect(evaluate(C.afterHeight(10), view({ height: 10 }))).toBe(true);
    expect(evaluate(C.afterTime(5000), view({ timeMs: 4999 }))).toBe(false);
    expect(evaluate(C.afterTime(5000), view({ timeMs: 5000 }))).toBe(true);
  });

  it("before: true strictly before its height or time", () => {
    expect(evaluate(C.beforeHeight(10), view({ height: 9 }))).toBe(true);
    expect(evaluate(C.beforeHeight(10), view({ height: 10 }))).toBe(false);
    expect(evaluate(C.beforeTime(5000), view({ timeMs: 4999 }))).toBe(true);
    expect(evaluate(C.beforeTime(5000), view({ timeMs: 5000 }))).toBe(false);
  });

  it("hashPreimage: true only when a revealed preimage hashes to it", () => {
    expect(evaluate(C.preimage(SECRET), view({ preimages: [SECRET] }))).toBe(true);
    expect(evaluate(C.preimage(SECRET), view({ preimages: [utf8("guess"), SECRET] }))).toBe(true);
    expect(evaluate(C.preimage(SECRET), view({ preimages: [sha256(SECRET)] }))).toBe(false);
    expect(evaluate(C.preimage(SECRET), view())).toBe(false);
  });

  it("approvals: true at m of the listed addresses, not counting others", () => {
    const two = C.approvals(2, ALICE, BOB, CAROL);
    expect(evaluate(two, view({ approvals: [ALICE] }))).toBe(false);
    expect(evaluate(two, view({ approvals: [ALICE, addr("outsider")] }))).toBe(false);
    expect(evaluate(two, view({ approvals: [ALICE, CAROL] }))).toBe(true);
  });

  it("anchorExists: reads the anchor namespace", () => {
    const h = sha256(utf8("doc"));
    expect(evaluate(C.anchor(h), view({ anchors: [h] }))).toBe(true);
    expect(evaluate(C.anchor(h), view())).toBe(false);
  });

  it("reply and paymentReceived: true once their leaf is recorded as observed", () => {
    expect(evaluate(C.replyChannel(null, CHANNEL), view({ observed: [0] }))).toBe(true);
    expect(evaluate(C.replyChannel(null, CHANNEL), view())).toBe(false);
    expect(evaluate(C.payment(ALICE, BOB, 5n), view({ observed: [0] }))).toBe(true);
    expect(evaluate(C.payment(ALICE, BOB, 5n), view({ observed: [1] }))).toBe(false);
  });

  it("and / or / not combine as in logic", () => {
    const t = C.afterHeight(0);
    const f = C.afterHeight(99);
    expect(evaluate(C.and(t, t), view())).toBe(true);
    expect(evaluate(C.and(t, f), view())).toBe(false);
    expect(evaluate(C.or(f, t), view())).toBe(true);
    expect(evaluate(C.or(f, f), view())).toBe(false);
    expect(evaluate(C.not(f), view())).toBe(true);
    expect(evaluate(C.not(t), view())).toBe(false);
  });

  it("numbers leaves in pre-order even where evaluation short-circuits", () => {
    // 0 or, 1 after(0)=true (stops the or), 2 and, 3 reply, 4 payment: the payment is leaf 4.
    const tree = C.or(C.afterHeight(99), C.and(C.replyDirect(null, ALICE), C.payment(BOB, ALICE, 1n)));
    expect(evaluate(tree, view({ observed: [3, 4] }))).toBe(true);
    expect(evaluate(tree, view({ observed: [3] }))).toBe(false);
    const skipped = C.or(C.afterHeight(0), C.replyDirect(null, ALICE), C.payment(BOB, ALICE, 1n));
    expect(evaluateMetered(skipped, view()).steps).toBe(2); // or + after; the two watched leaves never read
  });
});

/** Random valid trees over a small space of facts, so that every node is sometimes true. */
const people = [ALICE, BOB, CAROL];
const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(C.afterHeight),
  fc.integer({ min: 0, max: 20 }).map(C.beforeHeight),
  fc.integer({ min: 0, max: 20_000 }).map(C.afterTime),
  fc.integer({ min: 0, max: 20_000 }).map(C.beforeTime),
  fc.constantFrom(SECRET, utf8("other")).map(C.preimage),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.subarray(people, { minLength: 3, maxLength: 3 })).map(([m, of]) => C.approvals(m, ...of)),
  fc.constantFrom(ALICE, BOB).map(C.anchor),
  fc.constantFrom(null, BOB).map((from) => C.replyChannel(from, CHANNEL)),
  fc.bigInt({ min: 1n, max: 9n }).map((n) => C.payment(ALICE, BOB, n)),
);
const treeArb: fc.Arbitrary<Condition> = fc.letrec<{ tree: Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.array(tie("tree"), { minLength: 2, maxLength: 3 }).map((children) => C.and(...children)),
    fc.array(tie("tree"), { minLength: 2, maxLength: 3 }).map((children) => C.or(...children)),
    tie("tree").map(C.not),
  ),
})).tree.filter((t) => validateCondition(t) === null);
const viewArb = fc.record({
  height: fc.integer({ min: 0, max: 25 }),
  timeMs: fc.integer({ min: 0, max: 25_000 }),
  preimages: fc.subarray([SECRET, utf8("noise")]),
  approvals: fc.subarray(people),
  observed: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
  anchors: fc.subarray([ALICE]),
});

describe("evaluate over random trees", () => {
  it("gives the same answer on replay, after a round trip through the wire form, and within the cost bound", () => {
    fc.assert(fc.property(treeArb, viewArb, (tree, v) => {
      const first = evaluateMetered(tree, view(v));
      const replayed = evaluateMetered(decodeCondition(encodeCondition(tree)) as Condition, view(v));
      expect(replayed).toEqual(first);
      expect(first.steps).toBeLessThanOrEqual(conditionStats(tree).units);
      expect(conditionStats(tree).units).toBeLessThanOrEqual(MAX_CONDITION_COST_UNITS);
    }), { numRuns: 500 });
  });
});
