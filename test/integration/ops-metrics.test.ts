// The Grafana dashboard and the Prometheus alert rules in ops/ use only metrics a node really
// exports: a node is started, its /metrics scraped, and every parley_* name in the two files
// must be among the scraped ones (a renamed metric would leave a panel blank and an alert mute).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, REPO, spawnDevNode, type NodeProcess } from "./harness.js";

const DASHBOARD = join(REPO, "ops/grafana/parley-node.json");
const ALERTS = join(REPO, "ops/prometheus/parley-alerts.yml");

let node: NodeProcess;
let exported: Set<string>;
let scrape: string;

/** Every sample name a scrape can hold: `# TYPE` lines name each metric, histograms add their series. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
  }
  return names;
}

function usedNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\bparley_[a-z0-9_]+\b/g)].map((m) => m[0]))].sort();
}

beforeAll(async () => {
  const chain = devChain({ validators: 1, funded: 1 });
  node = await spawnDevNode(chain);
  scrape = await (await fetch(`${node.rpc}/metrics`)).text();
  exported = exportedNames(scrape);
});

afterAll(async () => {
  await cleanup();
});

describe("ops/ dashboards and alerts", () => {
  it("the node exports the metrics the alerts need, disk and caps included", () => {
    for (const name of ["parley_height", "parley_consensus_round", "parley_peers", "parley_validators", "parley_mempool_txs", "parley_mempool_max_txs", "parley_last_block_timestamp_seconds", "parley_data_dir_bytes", "parley_disk_free_bytes", "parley_disk_size_bytes"])
      expect(exported, name).toContain(name);
    // The disk gauges measure something: a data dir with a LevelDB in it is not empty.
    expect(Number(/^parley_data_dir_bytes (\S+)$/m.exec(scrape)?.[1])).toBeGreaterThan(0);
    expect(Number(/^parley_disk_size_bytes (\S+)$/m.exec(scrape)?.[1])).toBeGreaterThan(0);
    expect(Number(/^parley_validators (\S+)$/m.exec(scrape)?.[1])).toBe(1);
  });

  it("every metric the Grafana dashboard queries is exported", () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    expect(dashboard.panels.length).toBeGreaterThan(5);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      const names = usedNames(panel.targets.map((t) => t.expr).join("\n"));
      expect(names.length, panel.title).toBeGreaterThan(0);
      for (const name of names) expect(exported, `${panel.title}: ${name}`).toContain(name);
    }
  });

  it("every metric the alert rules use is exported, and the five required alerts exist", () => {
    const text = readFileSync(ALERTS, "utf8");
    const names = usedNames(text);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(exported, name).toContain(name);
    const alerts = [...text.matchAll(/^\s*- alert: (\S+)$/gm)].map((m) => m[1]);
    for (const a of ["ParleyNoFinality", "ParleyPeersBelowQuorum", "ParleyMempoolNearCap", "ParleyDiskFilling", "ParleyConsensusRoundHigh"]) expect(alerts).toContain(a);
  });
});
