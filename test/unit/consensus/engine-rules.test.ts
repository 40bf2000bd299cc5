import { describe, expect, it } from "vitest";
import { verifyCertificate } from "../../../src/consensus/certificate.js";
import { ConsensusEngine } from "../../../src/consensus/engine.js";
import { toHex } from "../../../src/util/bytes.js";
import { BENCH_CHAIN, Bench, testValue } from "./bench.js";
import { nobleSigner, nobleVerify } from "./keys.js";

// The engine under test is validator 0; the proposer of (height 1, round r) is validator (1 + r) mod 4.
const OTHERS = [1, 2, 3];
const v = testValue("v");
const w = testValue("w");

/** Round 0: the engine prevotes v, sees Q prevotes for v, locks v and precommits it; then round 1. */
async function lockOnVInRound0(b: Bench): Promise<void> {
  b.engine.onProposal(b.proposal(0, v));
  await b.settle();
  expect(b.ownVote("prevote", 0)?.valueId).toEqual(v.id);
  b.votes([1, 2], "prevote", 0, v);
  expect(b.ownVote("precommit", 0)?.valueId).toEqual(v.id);
  expect(b.engine.status.lockedRound).toBe(0);
  await nilPrecommitsToNextRound(b, 0);
}

/** The others precommit nil; runs the clock just until timeoutPrecommit starts the next round. */
async function nilPrecommitsToNextRound(b: Bench, round: number): Promise<void> {
  b.votes(OTHERS, "precommit", round, null);
  await b.clock.run(b.clock.now() + 60_000, () => b.engine.status.round === round + 1);
  expect(b.engine.status.round).toBe(round + 1);
}

describe("locking (rules 2, 3 and 5)", () => {
  it("a validator locked on v prevotes nil for a fresh proposal of another value", async () => {
    const b = new Bench();
    await lockOnVInRound0(b);
    b.engine.onProposal(b.proposal(1, w));
    await b.settle();
    expect(b.ownVote("prevote", 1)?.valueId).toBeNull();
  });

  it("a validator locked on v prevotes v again when v is proposed in a later round", async () => {
    const b = new Bench();
    await lockOnVInRound0(b);
    b.engine.onProposal(b.proposal(1, v));
    await b.settle();
    expect(b.ownVote("prevote", 1)?.valueId).toEqual(v.id);
  });

  it("a proposal whose validRound has Q prevotes at or after the lock round unlocks it", async () => {
    const b = new Bench();
    await lockOnVInRound0(b);
    // Round 1: the others prevote w; we never see round 1's proposal, so we time out to nil.
    b.votes(OTHERS, "prevote", 1, w);
    await b.clock.advance(60_000);
    expect(b.ownVote("prevote", 1)?.valueId).toBeNull();
    expect(b.engine.status.round).toBe(1);
    await nilPrecommitsToNextRound(b, 1);
    // Round 2: w re-proposed with validRound 1 >= lockedRound 0, and Q prevotes(1, w) are here.
    b.engine.onProposal(b.proposal(2, w, 1));
    await b.settle();
    expect(b.ownVote("prevote", 2)?.valueId).toEqual(w.id);
  });

  it("a proposal whose validRound lacks Q prevotes does not unlock, and the round times out to nil", async () => {
    const b = new Bench();
    await lockOnVInRound0(b);
    b.votes([1, 2], "prevote", 1, w);
    b.votes([3], "prevote", 1, null);
    await b.clock.advance(60_000);
    await nilPrecommitsToNextRound(b, 1);
    b.engine.onProposal(b.proposal(2, w, 1));
    await b.settle();
    expect(b.ownVote("prevote", 2)).toBeUndefined();
    await b.clock.advance(60_000);
    expect(b.ownVote("prevote", 2)?.valueId).toBeNull();
  });

  it("a proof of lock from before the lock round does not unlock it", async () => {
    const b = new Bench();
    // Round 0: the others prevote w but we never see its proposal: no lock for us.
    b.votes(OTHERS, "prevote", 0, w);
    await b.clock.advance(60_000);
    expect(b.ownVote("prevote", 0)?.valueId).toBeNull();
    await nilPrecommitsToNextRound(b, 0);
    // Round 1: we lock v.
    b.engine.onProposal(b.proposal(1, v));
    await b.settle();
    b.votes([1, 2], "prevote", 1, v);
    expect(b.engine.status.lockedRound).toBe(1);
    await nilPrecommitsToNextRound(b, 1);
    // Round 2: w with validRound 0 has Q prevotes, but 0 < lockedRound 1.
    b.engine.onProposal(b.proposal(2, w, 0));
    await b.settle();
    expect(b.ownVote("prevote", 2)?.valueId).toBeNull();
  });

  it("an invalid value gets a nil prevote", async () => {
    const b = new Bench();
    b.invalid.add(toHex(v.id));
    b.engine.onProposal(b.proposal(0, v));
    await b.settle();
    expect(b.ownVote("prevote", 0)?.valueId).toBeNull();
  });

  it("Q prevotes seen after precommitting nil still set validValue, which the engine proposes later with its validRound", async () => {
    const b = new Bench();
    b.engine.onProposal(b.proposal(0, v));
    await b.settle();
    b.votes(OTHERS, "prevote", 0, null); // Q nil prevotes: precommit nil (rule 6)
    expect(b.ownVote("precommit", 0)?.valueId).toBeNull();
    // The v prevotes arrive late but still make Q for v in round 0 (one validator equivocated).
    b.votes([1, 2], "prevote", 0, v);
    expect(b.engine.status).toMatchObject({ lockedRound: -1, validRound: 0 });
    // Rounds 1 and 2 fail; in round 3 we are the proposer and re-propose v with validRound 0.
    await nilPrecommitsToNextRound(b, 0);
    await nilPrecommitsToNextRound(b, 1);
    await nilPrecommitsToNextRound(b, 2);
    const mine = b.sent.find((m) => m.kind === "proposal" && m.round === 3);
    expect(mine?.kind === "proposal" && mine.validRound).toBe(0);
    expect(mine?.kind === "proposal" && toHex(mine.value.id)).toBe(toHex(v.id));
  });
});

describe("commit and round rules", () => {
  it("Q precommits for a proposed value in an earlier round commit it, with a certificate that verifies", async () => {
    const b = new Bench();
    b.engine.onProposal(b.proposal(0, v));
    await b.settle();
    await b.clock.advance(60_000); // round 0 ends without us seeing the outcome
    b.votes(OTHERS, "precommit", 0, v);
    await b.settle();
    expect(b.commits).toHaveLength(1);
    const { cert, height, value } = b.commits[0]!;
    expect(height).toBe(1);
    expect(toHex(value.id)).toBe(toHex(v.id));
    expect(cert.round).toBe(0);
    expect(verifyCertificate(cert, b.set, BENCH_CHAIN, nobleVerify).ok).toBe(true);
    expect(b.engine.status.height).toBe(2);
  });

  it("f+1 messages from a higher round make the engine jump to it", async () => {
    const b = new Bench();
    b.votes([1, 2], "prevote", 5, null); // f + 1 = 2 for n = 4
    expect(b.engine.status.round).toBe(5);
  });

  it("f messages from a higher round do not", async () => {
    const b = new Bench();
    b.votes([1], "precommit", 5, null);
    expect(b.engine.status.round).toBe(0);
  });

  it("timeouts grow with the round: propose waits base + round × delta", async () => {
    const b = new Bench();
    b.votes([1, 2], "prevote", 4, null);
    const start = b.clock.now();
    await b.clock.run(start + 1_000_000, () => b.ownVote("prevote", 4) !== undefined);
    expect(b.clock.now() - start).toBe(3000 + 4 * 500);
  });

  it("a stale timeout does nothing once the step moved on", async () => {
    const b = new Bench();
    b.engine.onProposal(b.proposal(0, v));
    await b.settle();
    await b.clock.advance(60_000); // timeoutPropose of round 0 fires after we prevoted v
    expect(b.sent.filter((m) => m.kind === "vote" && m.type === "prevote")).toHaveLength(1);
  });

  it("an observer without a signer signs nothing but learns the commit", async () => {
    const b = new Bench({ me: null });
    b.engine.onProposal(b.proposal(0, v));
    b.votes([0, 1, 2], "precommit", 0, v);
    await b.settle();
    expect(b.sent).toEqual([]);
    expect(b.commits.map((c) => toHex(c.value.id))).toEqual([toHex(v.id)]);
  });

  it("next-height messages are buffered and count once the engine gets there", async () => {
    const b = new Bench();
    const v2 = testValue("v2");
    expect(b.engine.onProposal(b.proposal(0, v2, -1, 2)).verdict).toBe("accept");
    for (const i of OTHERS) expect(b.engine.onVote(b.vote(i, "precommit", 0, v2, 2)).verdict).toBe("accept");
    expect(b.behind).toEqual([2]); // f+1 validators are already at height 2
    b.engine.onProposal(b.proposal(0, v));
    b.votes(OTHERS, "precommit", 0, v);
    await b.settle();
    await b.settle();
    expect(b.commits.map((c) => c.height)).toEqual([1, 2]);
  });

  it("skipTo moves the engine to a later height and forgets the current one", async () => {
    const b = new Bench();
    b.votes([1, 2], "prevote", 3, null);
    expect(b.engine.skipTo(5)).toBe(true);
    expect(b.engine.status).toMatchObject({ height: 5, round: 0, step: "propose" });
    expect(b.engine.skipTo(4)).toBe(false);
  });

  it("a restarted validator resumes its round and lock from the WAL and re-sends its votes", async () => {
    const b = new Bench();
    await lockOnVInRound0(b);
    b.engine.stop();
    const sentBefore = b.sent.length;
    // Same key, same WAL, fresh engine (the process restarted).
    const restarted = new ConsensusEngine(
      { chainId: BENCH_CHAIN, signer: nobleSigner(b.keys[0]!), verify: nobleVerify, wal: b.wal, clock: b.clock, rebroadcastMs: null },
      b,
    );
    restarted.start(1);
    expect(restarted.status).toMatchObject({ height: 1, round: 0, lockedRound: 0, step: "precommit" });
    const resent = b.sent.slice(sentBefore);
    expect(resent.map((m) => (m.kind === "vote" ? `${m.type}:${m.valueId === null ? "nil" : toHex(m.valueId)}` : "proposal"))).toEqual([
      `prevote:${toHex(v.id)}`,
      `precommit:${toHex(v.id)}`,
    ]);
    // Locked on v: a fresh w in round 1 gets nil.
    restarted.onProposal(b.proposal(1, w));
    restarted.onVote(b.vote(1, "precommit", 1, null));
    restarted.onVote(b.vote(2, "precommit", 1, null));
    await b.settle();
    expect(restarted.status.round).toBe(1);
    await b.settle();
    const prevote1 = b.sent.slice(sentBefore).find((m) => m.kind === "vote" && m.type === "prevote" && m.round === 1);
    expect(prevote1?.kind === "vote" && prevote1.valueId).toBeNull();
  });
});
