import { describe, expect, it } from "vitest";
import { signVote } from "../../../src/consensus/messages.js";
import { ROUND_WINDOW } from "../../../src/consensus/engine.js";
import { toHex } from "../../../src/util/bytes.js";
import { Bench, testValue } from "./bench.js";
import { makeKeys, nobleSigner } from "./keys.js";

const v = testValue("v");
const w = testValue("w");

describe("vote and proposal verdicts", () => {
  it("a well-signed vote from a validator is accepted", () => {
    const b = new Bench();
    expect(b.engine.onVote(b.vote(1, "prevote", 0, v))).toEqual({ verdict: "accept" });
  });

  it("a bad signature is rejected", () => {
    const b = new Bench();
    const vote = b.vote(1, "prevote", 0, v);
    const sig = vote.signature.slice();
    sig[5]! ^= 1;
    expect(b.engine.onVote({ ...vote, signature: sig })).toEqual({ verdict: "reject", reason: "BAD_SIGNATURE" });
  });

  it("a vote whose fields were changed after signing is rejected", () => {
    const b = new Bench();
    expect(b.engine.onVote({ ...b.vote(1, "prevote", 0, v), valueId: w.id })).toEqual({ verdict: "reject", reason: "BAD_SIGNATURE" });
  });

  it("a vote from a non-validator is rejected", () => {
    const b = new Bench();
    const outsider = makeKeys(1, "outsider")[0]!;
    const vote = signVote("parley-bench", { type: "prevote", height: 1, round: 0, valueId: v.id, validator: outsider.publicKey }, nobleSigner(outsider));
    expect(b.engine.onVote(vote)).toEqual({ verdict: "reject", reason: "NOT_VALIDATOR" });
  });

  it("a vote signed for another chain id is rejected", () => {
    const b = new Bench();
    expect(b.engine.onVote(b.vote(1, "prevote", 0, v, 1, "other-chain"))).toEqual({ verdict: "reject", reason: "BAD_SIGNATURE" });
  });

  it("a duplicate vote is ignored", () => {
    const b = new Bench();
    const vote = b.vote(1, "prevote", 0, v);
    b.engine.onVote(vote);
    expect(b.engine.onVote(vote)).toEqual({ verdict: "ignore", reason: "DUPLICATE" });
  });

  it("two conflicting votes by one validator yield evidence to the host, once", () => {
    const b = new Bench();
    const first = b.vote(1, "precommit", 0, v);
    const second = b.vote(1, "precommit", 0, w);
    b.engine.onVote(first);
    const verdict = b.engine.onVote(second);
    expect(verdict.verdict).toBe("accept");
    expect(b.evidence).toHaveLength(1);
    expect(toHex(b.evidence[0]!.vote1.valueId!)).toBe(toHex(v.id));
    expect(toHex(b.evidence[0]!.vote2.valueId!)).toBe(toHex(w.id));
    b.engine.onVote(b.vote(1, "precommit", 0, null));
    expect(b.evidence).toHaveLength(1);
  });

  it("votes for past heights, far-future heights and far-future rounds are ignored", () => {
    const b = new Bench({ height: 5 });
    expect(b.engine.onVote(b.vote(1, "prevote", 0, v, 4))).toEqual({ verdict: "ignore", reason: "STALE_HEIGHT" });
    expect(b.engine.onVote(b.vote(1, "prevote", 0, v, 7))).toEqual({ verdict: "ignore", reason: "FUTURE_HEIGHT" });
    expect(b.engine.onVote(b.vote(1, "prevote", ROUND_WINDOW + 1, v, 5))).toEqual({ verdict: "ignore", reason: "ROUND_TOO_FAR" });
  });

  it("a next-height vote with a bad signature is rejected, not buffered", () => {
    const b = new Bench();
    const vote = b.vote(1, "prevote", 0, v, 2);
    expect(b.engine.onVote({ ...vote, round: 1 })).toEqual({ verdict: "reject", reason: "BAD_SIGNATURE" });
  });

  it("a proposal from a validator that is not the round's proposer is rejected", () => {
    const b = new Bench();
    const good = b.proposal(0, v);
    const wrong = b.proposal(1, v); // signed by round 1's proposer
    expect(b.engine.onProposal({ ...wrong, round: 0 })).toEqual({ verdict: "reject", reason: "WRONG_PROPOSER" });
    expect(b.engine.onProposal(good)).toEqual({ verdict: "accept" });
    expect(b.engine.onProposal(good)).toEqual({ verdict: "ignore", reason: "DUPLICATE" });
  });

  it("a proposal with a tampered value is rejected", () => {
    const b = new Bench();
    const p = b.proposal(0, v);
    expect(b.engine.onProposal({ ...p, value: { id: v.id, bytes: new Uint8Array([1, 2, 3]) } })).toEqual({
      verdict: "reject",
      reason: "BAD_SIGNATURE",
    });
  });

  it("a stopped engine ignores everything", () => {
    const b = new Bench();
    b.engine.stop();
    expect(b.engine.onVote(b.vote(1, "prevote", 0, v))).toEqual({ verdict: "ignore", reason: "NOT_RUNNING" });
  });
});
