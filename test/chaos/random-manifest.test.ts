import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { randomManifest } from "../../chaos/random-manifest.js";
import { FAULT_KINDS, NETNS_FAULT_KINDS, PROXY_FAULT_KINDS, byzantineValidators, parseManifest, type ChaosManifest } from "../../chaos/manifest.js";

const OLD_KINDS = ["kill", "pause", "disconnect", "restart", "wipe"];
const ROOT_KINDS = [...NETNS_FAULT_KINDS, "diskfull"];

// sha256 (first 16 hex) of JSON.stringify(randomManifest({seed, minutes, lightNodes})) before the
// new kinds existed (commit 774f20a): old seeds must keep giving these manifests.
const OLD_PINS: Record<string, string> = {
  "1/2/0": "c3296c2c47e96a0f",
  "1/2/1": "ab5505011aca3053",
  "1/8/0": "6302f3fc69eb63d5",
  "1/8/1": "5b4c8eb69991bbb4",
  "1/30/0": "388d2324337b4678",
  "1/30/1": "a61ecea39f3fd742",
  "2/2/0": "26450a0c8a21dc0c",
  "2/2/1": "e658f1a6efe776e6",
  "2/8/0": "4d95ec22e3373217",
  "2/8/1": "e1175808c98e6dc4",
  "2/30/0": "a797b36e12bc4c57",
  "2/30/1": "c73a39caadcba43c",
  "3/2/0": "7da8f3d5532521d1",
  "3/2/1": "ca73f5462717da3b",
  "3/8/0": "2722af5269786e14",
  "3/8/1": "af7c93f012ef9689",
  "3/30/0": "540a155b4c148783",
  "3/30/1": "1b23c22f593e25eb",
  "9/2/0": "0aa742f5acbca458",
  "9/2/1": "1f194465c8d10e00",
  "9/8/0": "e472e021c78b1f70",
  "9/8/1": "d174d215e9ca8a59",
  "9/30/0": "9ef97fb43711da48",
  "9/30/1": "d26d278d2e8daced",
  "11/2/0": "b12b0df0e0dfcdb9",
  "11/2/1": "ae6b7d35ce37280e",
  "11/8/0": "26abfecd011a9ea2",
  "11/8/1": "ac37311e1fbf42d7",
  "11/30/0": "dfd9c2d5f31c2b18",
  "11/30/1": "c0e5f5c4301295f0",
  "1802/2/0": "ddf693b62003f0c5",
  "1802/2/1": "fcaaa277e37f3d55",
  "1802/8/0": "0e8e0c18c26de1db",
  "1802/8/1": "fddb175256a3388c",
  "1802/30/0": "98bdd041eb035197",
  "1802/30/1": "277c21d640ebcf01",
  "2026/2/0": "45265c9ba1c538dc",
  "2026/2/1": "74a27ab40f8b6d08",
  "2026/8/0": "5a90511c47b89fde",
  "2026/8/1": "cd298a58b87e8294",
  "2026/30/0": "a6d9d57a3eb6ed53",
  "2026/30/1": "dace26cef35a940a",
};

/** Most validators faulty at once, counting each fault as lasting its duration. */
function maxConcurrentValidators(m: ChaosManifest): number {
  let max = 0;
  for (const f of m.faults) {
    const t = "sec" in f.at ? f.at.sec : 0;
    const overlapping = m.faults.filter((g) => g.node.startsWith("v") && "sec" in g.at && g.at.sec <= t && g.at.sec + g.durationSec > t);
    max = Math.max(max, overlapping.length);
  }
  return max;
}

describe("random chaos scenarios", () => {
  it("the same seed gives the same scenario, another seed another one", () => {
    expect(randomManifest({ seed: 42, minutes: 3 })).toEqual(randomManifest({ seed: 42, minutes: 3 }));
    expect(randomManifest({ seed: 43, minutes: 3 })).not.toEqual(randomManifest({ seed: 42, minutes: 3 }));
  });

  it("a long run uses every kind of fault and keeps them inside the run", () => {
    const m = randomManifest({ seed: 9, minutes: 10 });
    expect(m.durationSec).toBe(600);
    // Without allKinds/rootKinds the generator makes the old kinds only (random-manifest.ts).
    expect(new Set(m.faults.map((f) => f.kind))).toEqual(new Set(OLD_KINDS));
    for (const f of m.faults) {
      expect("sec" in f.at).toBe(true);
      const at = (f.at as { sec: number }).sec;
      expect(at).toBeGreaterThanOrEqual(4);
      expect(at + f.durationSec).toBeLessThanOrEqual(m.durationSec - 4);
    }
  });

  it("never has more than two of four validators faulty at once, and at most one most of the time", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const m = randomManifest({ seed, minutes: 5 });
      expect(maxConcurrentValidators(m)).toBeLessThanOrEqual(2);
      const busyNodes = m.faults.map((f) => f.node);
      expect(busyNodes.every((n) => /^[vf]\d$/.test(n))).toBe(true);
    }
  });

  it("is an honest scenario: wipes keep the signing WAL", () => {
    const m = randomManifest({ seed: 5, minutes: 10 });
    expect(m.honest).toBe(true);
    expect(m.faults.filter((f) => f.kind === "wipe").every((f) => f.keepWal !== false)).toBe(true);
  });

  it("light nodes get faults, but never a disconnect", () => {
    const m = randomManifest({ seed: 3, minutes: 10, lightNodes: 1 });
    const onLight = m.faults.filter((f) => f.node === "l0");
    expect(onLight.length).toBeGreaterThan(0);
    expect(onLight.some((f) => f.kind === "disconnect")).toBe(false);
  });

  it("old seeds give the manifests they gave before the new kinds existed", () => {
    for (const [key, pin] of Object.entries(OLD_PINS)) {
      const [seed, minutes, lightNodes] = key.split("/").map(Number) as [number, number, number];
      const m = randomManifest({ seed, minutes, lightNodes });
      // The load's asset rate came later (a fixed 2/s, no draw): it changes the load, not the scenario.
      const { assetTransfersPerSec: _asset, ...load } = m.load;
      const hash = createHash("sha256").update(JSON.stringify({ ...m, load })).digest("hex").slice(0, 16);
      expect(hash, key).toBe(pin);
    }
  });

  it("allKinds adds every kind that needs no root, and proxies the links; rootKinds adds the rest", () => {
    const noRoot = randomManifest({ seed: 9, minutes: 30, allKinds: true });
    expect(noRoot.network.linkProxies).toBe(true);
    expect(noRoot.network.netns).toBeUndefined();
    expect(new Set(noRoot.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS.filter((k) => !ROOT_KINDS.includes(k))));
    const every = randomManifest({ seed: 9, minutes: 30, allKinds: true, rootKinds: true });
    expect(every.network).toMatchObject({ netns: true, linkProxies: true, tmpfsMiB: 512 });
    expect(new Set(every.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
    for (const k of PROXY_FAULT_KINDS) expect(every.faults.some((f) => f.kind === k)).toBe(true);
    // What it generates parses again unchanged (a printed manifest can be run as a file).
    expect(parseManifest(JSON.parse(JSON.stringify(every)))).toEqual(every);
    expect(randomManifest({ seed: 9, minutes: 30, allKinds: true, rootKinds: true })).toEqual(every);
  });

  it("new kinds land only where they can: byzantine on validators, faulty-node and diskfull never on light nodes", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = randomManifest({ seed, minutes: 20, lightNodes: 1, allKinds: true, rootKinds: true });
      for (const f of m.faults) {
        if (f.kind === "byzantine") expect(f.node.startsWith("v")).toBe(true);
        if (["skew", "byzantine", "diskfull", "disconnect"].includes(f.kind)) expect(f.node).not.toBe("l0");
        if (f.kind === "skew") expect(Math.abs(f.offsetMs!)).toBe(30_000);
        if (f.kind === "partition") expect(f.side!.length).toBeLessThanOrEqual(2);
      }
      expect(maxConcurrentValidators(m)).toBeLessThanOrEqual(2);
      expect(m.honest).toBe(true);
    }
  });

  it("a byzantine validator stays counted as faulty for its ban, and no byzantine spell ends within the ban of the run's end", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = randomManifest({ seed, minutes: 30, allKinds: true });
      for (const f of m.faults.filter((g) => g.kind === "byzantine")) {
        const at = (f.at as { sec: number }).sec;
        expect(at + f.durationSec + 310).toBeLessThanOrEqual(m.durationSec - 8);
        // Nothing else on that validator while it is banned.
        const later = m.faults.filter((g) => g !== f && g.node === f.node && (g.at as { sec: number }).sec >= at && (g.at as { sec: number }).sec < at + f.durationSec + 310);
        expect(later).toEqual([]);
      }
      expect(byzantineValidators(m).every((n) => n.startsWith("v"))).toBe(true);
    }
  });

  it("a halt can fall inside a byzantine validator's ban (the banned one and one more validator out), never a third validator", () => {
    let halts = 0;
    for (const seed of [2718, 1, 2, 3, 4, 5]) {
      const m = randomManifest({ seed, minutes: 30, lightNodes: 1, allKinds: true, rootKinds: true });
      const sec = (g: { at: unknown }): number => (g.at as { sec: number }).sec;
      const validatorsOf = (g: ChaosManifest["faults"][number]): string[] => (g.side ?? [g.node]).filter((n) => n.startsWith("v"));
      for (const f of m.faults.filter((g) => g.kind === "byzantine")) {
        const banFrom = sec(f) + f.durationSec;
        const inBan = m.faults.filter((g) => sec(g) >= banFrom && sec(g) < banFrom + 300 && validatorsOf(g).some((n) => n !== f.node));
        halts += inBan.length;
        for (const g of inBan) {
          // While g runs, the banned validator and g's are the only validators faulty.
          const others = m.faults.filter((h) => h !== g && h !== f && validatorsOf(h).length > 0 && sec(h) < sec(g) + g.durationSec && sec(h) + h.durationSec > sec(g));
          expect(others.flatMap(validatorsOf).filter((n) => n !== f.node), `seed ${seed} ${g.kind}@${sec(g)}`).toEqual([]);
          expect(validatorsOf(g)).toHaveLength(1);
        }
      }
      if (seed === 2718) expect(halts).toBeGreaterThan(0);
    }
  });
});
