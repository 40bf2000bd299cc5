// Four validators whose every p2p link runs through a userspace proxy (chaos/link-proxy.ts):
// one-way delay 200 ms ± 50, stalls as lost segments cost, a 1 Mbit/s cap, and a one-way cut
// (nobody hears validator 0; it hears them). Finality holds through each and the cut node
// rejoins after the heal. The block time under each is printed (median and p99 of the
// intervals between block times) and recorded in docs/RELIABILITY.md; no timing is asserted.
import { afterAll, describe, expect, it } from "vitest";
import { cleanup } from "./harness.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";
import { LinkProxy, type LinkFaults } from "../../chaos/link-proxy.js";

const ALL = [0, 1, 2, 3];
// Blocks measured per phase: enough for a median on a loaded machine, few enough to stay short.
const BLOCKS = 8;
let net: TestNet | null = null;
const proxies: LinkProxy[] = [];

afterAll(async () => {
  if (net) for (const i of ALL) await net.kill(i);
  for (const p of proxies) await p.close();
  await cleanup();
});

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function head(n: TestNet, i: number): Promise<number> {
  return (await n.rpc(i).call<{ height: number }>("chain_getHead")).height;
}

/** Waits for BLOCKS more blocks on `nodes`; returns the median and p99 interval between their times, ms. */
async function measure(n: TestNet, nodes: number[]): Promise<{ p50: number; p99: number }> {
  const from = await head(n, nodes[0]!);
  await waitHeight(n, nodes, from + BLOCKS, 90_000).catch(async (e: unknown) => {
    const heads = await Promise.all(ALL.map((i) => head(n, i).catch(() => -1)));
    const logs = ALL.map((i) => `v${i}: ${(n.nodes[i]?.stderr.join("") ?? "").slice(-1500)}`).join("\n");
    throw new Error(`${String(e)}; heads ${heads.join(",")}\n${logs}`);
  });
  const times: number[] = [];
  for (let h = from; h <= from + BLOCKS; h++) times.push((await n.rpc(nodes[0]!).call<{ time: number }>("chain_getBlock", [h, "none"])).time);
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  return { p50: percentile(gaps, 0.5), p99: percentile(gaps, 0.99) };
}

describe("slow and lossy links", () => {
  it("finality holds under latency, stalls, a bandwidth cap and a one-way cut", async () => {
    net = await startNet(4, { heartbeatMs: 100 }, 1, [], [], false, 1);
    const n = net;
    // Each node behind its own proxy; every later node dials the earlier ones through theirs.
    for (let i = 0; i < 4; i++) {
      if (i > 0) await n.start(i);
      const real = /\/tcp\/(\d+)\//.exec(n.p2p[i]!)!;
      const proxy = await LinkProxy.start(Number(real[1]));
      proxies.push(proxy);
      n.p2p[i] = n.p2p[i]!.replace(`/tcp/${real[1]}/`, `/tcp/${proxy.port}/`);
    }
    const phases: Array<{ name: string; faults: Partial<LinkFaults> }> = [
      { name: "clean", faults: {} },
      { name: "200 ms ± 50 one-way", faults: { latencyMs: 200, jitterMs: 50 } },
      { name: "200 ms + 5% stalls of 600 ms", faults: { latencyMs: 200, stallProbability: 0.05, stallMs: 600 } },
      { name: "1 Mbit/s", faults: { bandwidthBps: 1_000_000 } },
    ];
    const results: string[] = [];
    for (const ph of phases) {
      for (const p of proxies) p.set(ph.faults);
      const r = await measure(n, ALL);
      results.push(`${ph.name}: block time p50 ${r.p50} ms, p99 ${r.p99} ms`);
      process.stdout.write(`slow-links: ${results.at(-1)}\n`);
    }
    // Every link is through a proxy: nothing was relayed around them.
    for (const p of proxies.slice(0, 3)) expect(p.bytes.toNode + p.bytes.fromNode).toBeGreaterThan(0);

    // One-way: validator 0's peers stop hearing it; it still hears them. The other three go on.
    for (const p of proxies) p.heal();
    proxies[0]!.set({ cutFromNode: true });
    const cut = await measure(n, [1, 2, 3]);
    results.push(`one-way cut (nobody hears v0): block time p50 ${cut.p50} ms, p99 ${cut.p99} ms`);
    proxies[0]!.heal();
    await waitHeight(n, ALL, (await head(n, 1)) + 3, 90_000);
    await expectSameChain(n);
    process.stdout.write(`slow-links figures:\n  ${results.join("\n  ")}\n`);
  }, 400_000);
});
