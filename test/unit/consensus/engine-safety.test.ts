import { describe, expect, it } from "vitest";
import { signProposal, signVote, type ConsensusMessage } from "../../../src/consensus/messages.js";
import { toHex } from "../../../src/util/bytes.js";
import { CHAIN_ID, Sim, type SimNode } from "./sim.js";

/**
 * Makes `b` a two-faced validator: each proposal goes to one half of its peers while a
 * different value, also signed by it, goes to the other half; each of its votes for a value
 * reaches the second half as a vote for the other value (a new random half every message).
 */
function makeEquivocating(sim: Sim, b: SimNode): void {
  const twin = new Map<string, Uint8Array>(); // (h, r) -> the other value's id
  const split = () => {
    const peers = sim.nodes.filter((n) => n !== b).map((n) => n.index);
    const a = peers.filter(() => sim.rand() < 0.5);
    return [a, peers.filter((p) => !a.includes(p))] as const;
  };
  const sendTo = (targets: readonly number[], msg: ConsensusMessage) => {
    for (const t of targets) sim.send(b.index, t, msg);
  };
  b.outbound = (msg) => {
    // Others' votes it re-sends (the proof of its lock, outbox.ts) it cannot sign anew: as they are.
    if (msg.kind === "vote" && toHex(msg.validator) !== toHex(b.key.publicKey)) return false;
    const [first, second] = split();
    if (msg.kind === "proposal") {
      const id = new Uint8Array(32).map(() => Math.floor(sim.rand() * 256));
      twin.set(`${msg.height}/${msg.round}`, id);
      const alt = signProposal(
        CHAIN_ID,
        { height: msg.height, round: msg.round, validRound: -1, value: { id, bytes: id.slice() }, proposer: msg.proposer },
        b.signer,
      );
      sim.sent.push({ from: b.index, msg: alt });
      sendTo(first, msg);
      sendTo(second, alt);
      return true;
    }
    const other = twin.get(`${msg.height}/${msg.round}`);
    if (msg.valueId === null || other === undefined || toHex(other) === toHex(msg.valueId)) return false;
    const alt = signVote(CHAIN_ID, { type: msg.type, height: msg.height, round: msg.round, valueId: other, validator: msg.validator }, b.signer);
    sim.sent.push({ from: b.index, msg: alt });
    sendTo(first, msg);
    sendTo(second, alt);
    return true;
  };
}

describe("consensus engine safety", () => {
  for (const relay of [true, false]) {
    it(`an equivocating proposer never splits the network (20 seeds, ${relay ? "relaying: and it stays live" : "no relaying"})`, async () => {
      for (let seed = 1; seed <= 20; seed++) {
        const sim = new Sim({ n: 4, seed: seed * 101 + (relay ? 1 : 0), relay });
        const byz = sim.nodes[seed % 4]!;
        makeEquivocating(sim, byz);
        sim.start();
        const honest = sim.nodes.filter((n) => n !== byz).map((n) => n.index);
        const live = await sim.runUntil(() => sim.minHeight(honest) >= 8, 300_000);
        expect(sim.violations, `seed ${seed}`).toEqual([]);
        expect(sim.equivocators(), `seed ${seed}`).toEqual([byz.index]);
        // The honest three are a quorum, so the attack costs rounds, not liveness, as long as
        // honest nodes relay what they accept (the paper's gossip assumption): without relaying,
        // one honest node may never see the faulty validator's vote that completed a lock.
        if (relay) expect(live, `seed ${seed}`).toBe(true);
        // Its conflicting votes were caught as evidence by someone.
        expect(sim.evidence.every((e) => toHex(e.vote1.validator) === toHex(byz.key.publicKey))).toBe(true);
      }
    });
  }

  it("random delays, drops, reordering and partitions never break safety, and it decides once delays are bounded (n = 4, 40 seeds)", async () => {
    for (let seed = 1; seed <= 40; seed++) await chaos(4, seed);
  });

  it("the same holds for 7 validators (10 seeds)", async () => {
    for (let seed = 1; seed <= 10; seed++) await chaos(7, seed);
  });
});

async function chaos(n: number, seed: number): Promise<void> {
  const sim = new Sim({ n, seed, link: { drop: 0.3, minDelay: 0, maxDelay: 4000 } });
  sim.start();
  // 40 s of a hostile network, re-partitioned at random every 5 s.
  for (let t = 0; t < 8; t++) {
    const a = sim.nodes.filter(() => sim.rand() < 0.5).map((x) => x.index);
    const b = sim.nodes.map((x) => x.index).filter((i) => !a.includes(i));
    if (sim.rand() < 0.5) sim.partition([a, b]);
    else sim.heal();
    await sim.runUntil(() => false, 5000);
    expect(sim.violations, `n ${n} seed ${seed}`).toEqual([]);
  }
  const before = sim.decidedHeights();
  sim.heal();
  sim.link = { drop: 0, minDelay: 5, maxDelay: 200 };
  const live = await sim.runUntil(() => sim.minHeight() >= before + 3, 600_000);
  expect(sim.violations, `n ${n} seed ${seed}`).toEqual([]);
  expect(sim.equivocators(), `n ${n} seed ${seed}`).toEqual([]);
  expect(live, `n ${n} seed ${seed}: heights ${sim.nodes.map((x) => x.height)}`).toBe(true);
}
