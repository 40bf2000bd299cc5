// The short, seeded subset of the every-kind soak (docs/RELIABILITY.md 8.7) in `npm test`: a
// random scenario of 50 s under load with link faults through proxies (slow, lossy, one-way),
// clock skew and kills, plus, as root, partitions and cuts over real links (network namespaces)
// and a full disk (tmpfs data dirs); then every invariant. Without root the root kinds are left
// out of the same seed's scenario and the test says so; the no-root kinds always run.
// The 30-minute run with every kind is `npm run chaos -- --random --seed 2718 --minutes 30
// --all-kinds --root-kinds --light-nodes 1`.
import { describe, expect, it } from "vitest";
import type { FaultKind } from "../../chaos/manifest.js";
import { needsRoot } from "../../chaos/netns.js";
import { randomManifest } from "../../chaos/random-manifest.js";
import { formatReport, runAndReport } from "../../chaos/runner.js";

const NO_ROOT_KINDS: FaultKind[] = ["kill", "slow", "oneway", "skew", "lossy"];
const ROOT_KINDS: FaultKind[] = ["partition", "cut", "diskfull"];
// Seed 2096 (50 s, one full node) was picked because its scenario holds each no-root kind
// without root, and each root kind and four of the five no-root ones as root; checked below.
const SEED = 2096;

const rootSkip = needsRoot();
if (rootSkip) process.stdout.write(`soak-short: partition, cut and diskfull SKIPPED (${rootSkip}); the no-root kinds still run\n`);

const manifest = randomManifest({
  seed: SEED, minutes: 50 / 60, fullNodes: 1, allKinds: true, rootKinds: rootSkip === null,
  only: rootSkip === null ? [...NO_ROOT_KINDS, ...ROOT_KINDS] : NO_ROOT_KINDS,
});

describe("short soak with the new fault kinds", () => {
  it("every invariant holds after link, clock, kill (and as root partition, cut, full-disk) faults under load", async () => {
    const planned = new Set(manifest.faults.map((f) => f.kind));
    if (rootSkip === null) for (const k of ROOT_KINDS) expect(planned.has(k), `seed ${SEED} plans ${k}`).toBe(true);
    else for (const k of NO_ROOT_KINDS) expect(planned.has(k), `seed ${SEED} plans ${k}`).toBe(true);

    const report = await runAndReport(manifest);
    if (!report.ok || report.faults.errors.length > 0) console.error(formatReport(report));
    expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
    expect(report.invariants.length).toBe(13);
    expect(report.faults.errors).toEqual([]);
    // On a saturated machine (load average 35-50 measured) heals take far longer than planned,
    // later faults wait for their busy node and those still waiting when the load ends are
    // skipped (counted). So coverage is reported, and only most of the plan is required.
    const injected = Object.entries(report.faults.injected).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
    process.stdout.write(`soak-short: ${report.faults.total} of ${manifest.faults.length} faults injected (${injected.join(", ")}), skipped ${report.faults.skipped}, wall ${report.wallSec} s; proxies relayed ${((report.proxiedBytes?.total ?? 0) / 2 ** 20).toFixed(1)} MiB, silent pairs ${report.proxiedBytes?.silentPairs.length ?? "-"}, connections around them ${report.proxiedBytes?.directLinks.length ?? "-"}\n`);
    expect(report.faults.total).toBeGreaterThanOrEqual(Math.ceil(manifest.faults.length / 2));
    // The links really went through the proxies: every pair of nodes talked through one of its
    // two proxies (libp2p keeps one connection a pair), and no connection went around them.
    expect(report.proxiedBytes?.total).toBeGreaterThan(0);
    expect(report.proxiedBytes?.silentPairs).toEqual([]);
    expect(report.proxiedBytes?.directLinks).toEqual([]);
    expect(report.txs.finalTotal).toBeGreaterThan(50);
  }, 240_000);
});
