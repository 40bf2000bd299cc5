import { describe, expect, it } from "vitest";
import { randomManifest } from "../../chaos/random-manifest.js";
import { FAULT_KINDS, NETNS_FAULT_KINDS, type ChaosManifest } from "../../chaos/manifest.js";

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
    // Link faults need root and namespaces: the generator leaves them out (random-manifest.ts).
    expect(new Set(m.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS.filter((k) => !NETNS_FAULT_KINDS.includes(k))));
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
});
