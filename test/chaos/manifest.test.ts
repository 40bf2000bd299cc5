import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { byzantineValidators, faultNodes, parseManifest, nodeNames } from "../../chaos/manifest.js";
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

  it("link faults (partition, cut, flap) need a network in namespaces and name their nodes", () => {
    const netns = { validators: 4, fullNodes: 1, lightNodes: 1, netns: true, lightPeers: "full" };
    const m = parseManifest({
      ...base(), network: netns, faults: [
        { at: { sec: 1 }, kind: "partition", side: ["v2", "v3"], durationSec: 5 },
        { at: { sec: 2 }, kind: "flap", node: "v1", durationSec: 6 },
        { at: { sec: 3 }, kind: "cut", node: "f0", durationSec: 4 },
      ],
    });
    expect(m.network).toMatchObject({ netns: true, lightPeers: "full" });
    expect(faultNodes(m.faults[0]!)).toEqual(["v2", "v3"]);
    expect(m.faults[0]!.node).toBe("v2");
    expect(m.faults[1]!.periodSec).toBe(2);
    expect(faultNodes(m.faults[2]!)).toEqual(["f0"]);
    const cut = { at: { sec: 1 }, kind: "cut", node: "v0", durationSec: 1 };
    expect(refusal({ ...base(), faults: [cut] })).toMatchObject({ field: "faults[0].kind", reason: 'cut needs "network": {"netns": true}' });
    const split = (side: unknown, extra: object = {}) => refusal({ ...base(), network: netns, faults: [{ at: { sec: 1 }, kind: "partition", side, durationSec: 1, ...extra }] });
    expect(split([]).field).toBe("faults[0].side");
    expect(split(["v0", "v0"]).reason).toBe("names a node twice");
    expect(split(["v0", "v1", "v2", "v3", "f0", "l0"]).reason).toBe("must leave at least one node on the other side");
    expect(split(["v9"]).field).toBe("faults[0].side");
    expect(split(["v0"], { node: "v1" }).field).toBe("faults[0].node");
    // What the parser gives back parses again (node is then side[0]).
    expect(parseManifest(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(refusal({ ...base(), network: netns, faults: [{ ...cut, periodSec: 2 }] }).field).toBe("faults[0].periodSec");
    expect(refusal({ ...base(), network: { ...netns, fullNodes: 0 }, faults: [] }).field).toBe("network.lightPeers");
  });

  it("the new kinds: proxied-link kinds need linkProxies, diskfull a tmpfs, byzantine a validator; fields belong to their kind", () => {
    const at = { sec: 1 };
    const proxied = { validators: 4, fullNodes: 1, lightNodes: 1, linkProxies: true, tmpfsMiB: 64 };
    const m = parseManifest({
      ...base(), network: proxied, faults: [
        { at, kind: "slow", node: "v0", durationSec: 3 },
        { at, kind: "oneway", node: "l0", durationSec: 3 },
        { at, kind: "skew", node: "f0", durationSec: 3 },
        { at, kind: "byzantine", node: "v1", durationSec: 3, behaviour: "equivocate, flood" },
        { at, kind: "diskfull", node: "v2", durationSec: 3 },
      ],
    });
    expect(m.network).toMatchObject({ linkProxies: true, tmpfsMiB: 64 });
    expect(m.faults[2]!.offsetMs).toBe(30_000);
    expect(m.faults[3]!.behaviour).toBe("equivocate,flood");
    expect(byzantineValidators(m)).toEqual(["v1"]);
    expect(refusal({ ...base(), faults: [{ at, kind: "capped", node: "v0", durationSec: 1 }] })).toMatchObject({ field: "faults[0].kind", reason: 'capped needs "network": {"linkProxies": true}' });
    expect(refusal({ ...base(), faults: [{ at, kind: "diskfull", node: "v0", durationSec: 1 }] }).field).toBe("faults[0].kind");
    const on = (f: object) => refusal({ ...base(), network: proxied, faults: [{ at, durationSec: 1, ...f }] });
    expect(on({ kind: "byzantine", node: "f0" }).reason).toContain("for validators");
    expect(on({ kind: "byzantine", node: "v0", behaviour: "lie" }).field).toBe("faults[0].behaviour");
    expect(on({ kind: "skew", node: "l0" }).field).toBe("faults[0].kind");
    expect(on({ kind: "kill", node: "v0", offsetMs: 5 }).field).toBe("faults[0].offsetMs");
    expect(on({ kind: "kill", node: "v0", behaviour: "flood" }).field).toBe("faults[0].behaviour");
    expect(on({ kind: "skew", node: "v0", offsetMs: 1.5 }).field).toBe("faults[0].offsetMs");
    expect(refusal({ ...base(), network: { ...proxied, tmpfsMiB: 8 }, faults: [] }).field).toBe("network.tmpfsMiB");
  });
});
