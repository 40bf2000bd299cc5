import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseManifest, nodeNames } from "../../chaos/manifest.js";
import { ChaosError } from "../../chaos/errors.js";

const MANIFESTS = resolve(import.meta.dirname, "../../chaos/manifests");

function base(): Record<string, unknown> {
  return {
    name: "t", seed: 3, network: { validators: 4, fullNodes: 1 }, durationSec: 10,
    faults: [{ at: { sec: 1 }, kind: "kill", node: "v1", durationSec: 2 }],
  };
}

function refusal(raw: unknown): { field: string; reason: string } {
  try {
    parseManifest(raw);
  } catch (e) {
    if (e instanceof ChaosError && e.type.code === "BAD_MANIFEST") return { field: e.type.field, reason: e.type.reason };
    throw e;
  }
  throw new Error("accepted");
}

describe("chaos manifests", () => {
  it("every manifest shipped in chaos/manifests parses", () => {
    const files = readdirSync(MANIFESTS).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => parseManifest(JSON.parse(readFileSync(join(MANIFESTS, f), "utf8")))).not.toThrow();
  });

  it("fills defaults for chain, load and resume limit, and names nodes v*, f*", () => {
    const m = parseManifest(base());
    expect(m.chain.blockTimeMs).toBe(200);
    expect(m.load.accounts).toBe(8);
    expect(m.resumeWithinSec).toBe(30);
    expect(m.honest).toBe(true);
    expect(nodeNames(m.network)).toEqual(["v0", "v1", "v2", "v3", "f0"]);
  });

  it("refuses an unknown field, naming it", () => {
    expect(refusal({ ...base(), faultz: [] })).toMatchObject({ field: "faultz", reason: "unknown field" });
    expect(refusal({ ...base(), load: { transfersPerSecond: 3 } }).field).toBe("load.transfersPerSecond");
  });

  it("refuses a fault on a node the network does not have, or of an unknown kind", () => {
    expect(refusal({ ...base(), faults: [{ at: { sec: 1 }, kind: "kill", node: "v4", durationSec: 1 }] }).field).toBe("faults[0].node");
    expect(refusal({ ...base(), faults: [{ at: { sec: 1 }, kind: "explode", node: "v0", durationSec: 1 }] }).field).toBe("faults[0].kind");
  });

  it("takes a trigger by time or by height, never both", () => {
    const byHeight = parseManifest({ ...base(), faults: [{ at: { height: 20 }, kind: "pause", node: "f0", durationSec: 1 }] });
    expect(byHeight.faults[0]!.at).toEqual({ height: 20 });
    expect(refusal({ ...base(), faults: [{ at: { sec: 1, height: 2 }, kind: "pause", node: "f0", durationSec: 1 }] }).field).toBe("faults[0].at");
  });

  it("a wipe that loses a validator's WAL makes the scenario not honest unless stated", () => {
    const m = parseManifest({ ...base(), faults: [{ at: { sec: 1 }, kind: "wipe", node: "v0", durationSec: 0, keepWal: false }] });
    expect(m.honest).toBe(false);
    expect(refusal({ ...base(), faults: [{ at: { sec: 1 }, kind: "kill", node: "v0", durationSec: 0, keepWal: false }] }).field).toBe("faults[0].keepWal");
  });

  it("refuses networks too small to perturb and rates beyond the harness", () => {
    expect(refusal({ ...base(), network: { validators: 1 }, faults: [] }).field).toBe("network");
    expect(refusal({ ...base(), load: { transfersPerSec: 10_000 } }).field).toBe("load.transfersPerSec");
  });
});
