import { describe, expect, it } from "vitest";
import { Sim } from "./sim.js";

const HEIGHTS = 5;

describe("consensus engine liveness", () => {
  for (const n of [1, 2, 3, 4, 7]) {
    it(`${n} validator(s) decide ${HEIGHTS} consecutive heights, all the same value per height`, async () => {
      const sim = new Sim({ n, seed: n });
      sim.start();
      const done = await sim.runUntil(() => sim.minHeight() >= HEIGHTS, 60_000);
      expect(done).toBe(true);
      expect(sim.violations).toEqual([]);
      for (let h = 0; h < HEIGHTS; h++) {
        const ids = new Set(sim.nodes.map((node) => Buffer.from(node.chain[h]!.value.id).toString("hex")));
        expect(ids.size).toBe(1);
      }
      expect(sim.equivocators()).toEqual([]);
    });
  }

  it("a single validator decides without waiting on any timer", async () => {
    const sim = new Sim({ n: 1 });
    sim.start();
    // Time never moves: only promise jobs (host answers) run between heights.
    await sim.clock.run(0, () => sim.minHeight() >= 3);
    expect(sim.minHeight()).toBeGreaterThanOrEqual(3);
    expect(sim.clock.now()).toBe(0);
  });

  it("4 validators with 1 silent still decide", async () => {
    const sim = new Sim({ n: 4, seed: 11 });
    sim.start([2]);
    const live = [0, 1, 3];
    expect(await sim.runUntil(() => sim.minHeight(live) >= 4, 120_000)).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  it("4 validators with 2 silent decide nothing, and resume when one returns", async () => {
    const sim = new Sim({ n: 4, seed: 12 });
    sim.start([1, 3]);
    await sim.runUntil(() => false, 600_000);
    expect(sim.decidedHeights()).toBe(0);
    sim.nodes[1]!.boot();
    const live = [0, 1, 2];
    expect(await sim.runUntil(() => sim.minHeight(live) >= 3, 600_000)).toBe(true);
    expect(sim.violations).toEqual([]);
    expect(sim.equivocators()).toEqual([]);
  });

  it("a network slower than the base timeouts still decides, because timeouts grow with the round", async () => {
    // Every message takes 2.5-3 s; round 0 allows 1 s to propose, 0.5 s per vote step.
    const sim = new Sim({ n: 4, seed: 13, link: { drop: 0, minDelay: 2500, maxDelay: 3000 } });
    sim.start();
    expect(await sim.runUntil(() => sim.minHeight() >= 2, 600_000)).toBe(true);
    expect(sim.nodes[0]!.chain[0]!.cert.round).toBeGreaterThan(0);
    expect(sim.violations).toEqual([]);
  });

  it("blocks that take longer to build and check than timeoutPropose allows: the checked block is proposed again and decided in round 2", async () => {
    // Build 0.6 s, send <= 50 ms, check 2.4 s: 3.05 s, while round r allows 1 + 0.5r s to
    // propose. A new block each round first fits in round 5; the round-0 block, checked
    // everywhere by the time round 2 starts, costs its proposer and its voters nothing.
    const sim = new Sim({ n: 4, seed: 14, buildMs: 600, validateMs: 2400 });
    sim.start();
    expect(await sim.runUntil(() => sim.minHeight() >= 2, 600_000)).toBe(true);
    expect(sim.nodes.map((node) => node.chain[0]!.cert.round)).toEqual([2, 2, 2, 2]);
    expect(sim.violations).toEqual([]);
    expect(sim.equivocators()).toEqual([]);
  });

  it("a block built after timeoutPropose is still proposed and checked, so a later proposer can propose it again", async () => {
    // Building takes 2.2 s: round 0's block is built after every timeoutPropose of round 0 and
    // reaches the others in their round 1; a new block each round first fits in round 3 (2.5 s).
    const sim = new Sim({ n: 4, seed: 15, buildMs: 2200 });
    sim.start();
    expect(await sim.runUntil(() => sim.minHeight() >= 2, 600_000)).toBe(true);
    expect(sim.nodes.map((node) => node.chain[0]!.cert.round)).toEqual([2, 2, 2, 2]);
    expect(sim.violations).toEqual([]);
    expect(sim.equivocators()).toEqual([]);
  });
});
