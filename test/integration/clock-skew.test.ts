// A validator whose clock runs 30 s ahead or behind (chaos/faulty-node.ts --clock-offset-ms):
// the chain keeps finalizing one chain, every block obeys the time rules of docs/CONSENSUS.md
// ("Time": after its parent, at most 10 s ahead of an honest clock), and only the skewed node
// complains (its log and parley_clock_skew_seconds), after which it proposes on the chain's time.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { REPO, cleanup, waitFor } from "./harness.js";
import { formatAddress } from "../../src/chain/address.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";

const FAULTY = join(REPO, "dist/chaos/faulty-node.js");
const SKEWED = 3;
const ALL = [0, 1, 2, 3];
const COMPLAINT = /local clock is \d+ s (ahead of|behind)/;

let net: TestNet | null = null;

afterEach(async () => {
  if (net) for (const i of ALL) await net.kill(i);
  net = null;
  await cleanup();
});

async function skewSeconds(n: TestNet, i: number): Promise<number> {
  const text = await (await fetch(`${n.nodes[i]!.rpc}/metrics`)).text();
  const m = /^parley_clock_skew_seconds (\S+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

async function heightOf(n: TestNet, i: number): Promise<number> {
  return (await n.rpc(i).call<{ height: number }>("chain_getHead")).height;
}

describe.each([
  { offsetMs: 30_000, word: "ahead of", sign: -1 },
  { offsetMs: -30_000, word: "behind", sign: 1 },
])("a validator whose clock is $offsetMs ms off", ({ offsetMs, word, sign }) => {
  it("nothing halts, blocks keep the time rules, and only the skewed node complains", async () => {
    net = await startNet(4, { heartbeatMs: 100 }, 1, [], [], true, 3);
    const n = net;
    await n.start(SKEWED, [`--clock-offset-ms=${offsetMs}`, "--log-level", "info"], FAULTY);
    // It sees the skew from the blocks it decides, and says so.
    await waitFor("skew detected", async () => Math.abs(await skewSeconds(n, SKEWED)) > 25, 60_000, 200);
    expect(Math.sign(await skewSeconds(n, SKEWED))).toBe(sign);
    // After that the chain still goes on, through the skewed node's own turns as proposer too.
    const detected = await heightOf(n, 0);
    await waitHeight(n, ALL, detected + 12, 60_000);
    const top = await expectSameChain(n);
    const now = Date.now();
    let parent = 0;
    let skewedProposed = 0;
    const skewed = formatAddress(n.chain.validators[SKEWED]!.publicKey);
    for (let h = 1; h <= top; h++) {
      const b = await n.rpc(0).call<{ time: number; proposer: string }>("chain_getBlock", [h, "none"]);
      if (h > detected + 1 && b.proposer === skewed) skewedProposed++;
      expect(b.time, `block ${h} after its parent`).toBeGreaterThan(parent);
      expect(b.time, `block ${h} not ahead of the honest clock`).toBeLessThanOrEqual(now + 10_000);
      parent = b.time;
    }
    // Its blocks are accepted again once it proposes on the chain's time.
    expect(skewedProposed).toBeGreaterThan(0);
    const log = n.nodes[SKEWED]!.stderr.join("");
    expect(log).toMatch(COMPLAINT);
    expect(log).toContain(word);
    for (const i of [0, 1, 2]) {
      expect(await skewSeconds(n, i), `skew metric on honest node ${i}`).toBe(0);
      expect(n.nodes[i]!.stderr.join(""), `honest node ${i} log`).not.toMatch(COMPLAINT);
    }
  }, 150_000);
});
