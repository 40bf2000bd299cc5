import { it } from "vitest";
import { Sim } from "./sim.js";
it("scratch", async () => {
  const sim = new Sim({ n: 4, seed: 12 });
  sim.start([1, 3]);
  await sim.runUntil(() => false, 600_000);
  console.log("after silent", sim.decidedHeights(), sim.nodes[0]!.engine!.status, sim.clock.eventsRun, sim.sent.length);
  sim.nodes[1]!.boot();
  const t0 = sim.clock.now();
  await sim.runUntil(() => sim.minHeight([0,1,2]) >= 3, 600_000);
  console.log("resumed", sim.clock.now() - t0, sim.nodes.map(n => n.height), sim.nodes[0]!.chain.map(c => c.cert.round));
  const s7 = new Sim({ n: 7, seed: 7 }); s7.start();
  await s7.runUntil(() => s7.minHeight() >= 5, 60_000);
  console.log("n7", s7.clock.now(), s7.clock.eventsRun, s7.nodes[0]!.chain.map(c => c.cert.round), s7.nodes[0]!.chain.map(c => c.cert.precommits.length));
});
