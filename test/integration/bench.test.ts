// The throughput benchmark, run small: it must keep starting real nodes, finalizing every tx it
// sends and printing the fields docs/PERFORMANCE.md is built from (issue 6). Figures themselves
// are not asserted here; they are measured in bench/, not in tests.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

// npm test compiles bench/ into dist/ before vitest runs: the bench is run as users run it.
const REPO = resolve(import.meta.dirname, "../..");

interface BenchResult {
  validators: number;
  txs: number;
  final: number;
  refused: number;
  tps: number;
  tps_10_90: number | null;
  sig_checks_per_tx: number | null;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
  rss_per_node_mb: number[];
  verify_ceiling: number;
  verify_ceiling_before: number[];
  verify_ceiling_after: number[];
  verify_ceiling_min: number;
  verify_ceiling_max: number;
  submit: string;
  data_dir_bytes_per_tx: number | null;
  mode?: string;
  offered_sustained?: boolean;
  windows?: Array<{ submitted: number; final: number; rss_mb: number[] }>;
}

function bench(args: string[]): Promise<{ result: BenchResult; log: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(REPO, "dist/bench/throughput.js"), ...args, "--json"], { timeout: 120_000, maxBuffer: 1 << 22 }, (e, stdout, stderr) => {
      if (e) return reject(new Error(`bench failed: ${e.message}\n${stderr.slice(-2000)}`));
      resolve({ result: JSON.parse(stdout.trim().split("\n").pop()!) as BenchResult, log: stderr });
    });
  });
}

function expectWholeRun(r: BenchResult, validators: number, txs: number): void {
  expect(r.validators).toBe(validators);
  expect(r.txs).toBe(txs);
  expect(r.refused).toBe(0);
  expect(r.final).toBe(txs);
  expect(r.tps).toBeGreaterThan(0);
  expect(r.p99_ms).toBeGreaterThanOrEqual(r.p50_ms);
  expect(r.rss_per_node_mb).toHaveLength(validators);
  expect(r.rss_mb).toBeGreaterThan(0);
  expect(r.verify_ceiling).toBeGreaterThan(1000);
  // The ceiling is sampled before and after the load; the ratio uses the median of the samples.
  expect(r.verify_ceiling_before).toHaveLength(3);
  expect(r.verify_ceiling_after).toHaveLength(3);
  expect(r.verify_ceiling_min).toBeLessThanOrEqual(r.verify_ceiling);
  expect(r.verify_ceiling_max).toBeGreaterThanOrEqual(r.verify_ceiling);
  // Every final tx is stored: node 0's data dir grew.
  expect(r.data_dir_bytes_per_tx).toBeGreaterThan(0);
}

describe("npm run bench", () => {
  it("burst on one validator over the binary tx batch: every tx final, the documented JSON fields", async () => {
    const { result, log } = await bench(["--txs", "400", "--senders", "100"]);
    expectWholeRun(result, 1, 400);
    expect(result.submit).toBe("binary");
    // The steady rate, between the moments 10% and 90% were final: null when those were final
    // in one block (a burst this small can be), else a rate.
    expect(result).toHaveProperty("tps_10_90");
    if (result.tps_10_90 !== null) expect(result.tps_10_90).toBeGreaterThan(0);
    expect(log).toMatch(/verify ceiling \(native Ed25519, all cores\), before: \d+, \d+, \d+\/s/);
  });

  it("sustained open-loop rate: windows with their memory, the load sustained", async () => {
    const { result } = await bench(["--rate", "200", "--duration", "3", "--submit", "sendBatch"]);
    expectWholeRun(result, 1, 600);
    expect(result.submit).toBe("sendBatch");
    expect(result.mode).toBe("sustained");
    expect(result.offered_sustained).toBe(true);
    expect(result.windows!.length).toBeGreaterThanOrEqual(1);
    expect(result.windows!.reduce((a, w) => a + w.submitted, 0)).toBe(600);
    expect(result.windows![0]!.rss_mb[0]).toBeGreaterThan(0);
  });

  it("asset mixes: shared assets between holders and each sender's own asset, every payment final", async () => {
    const { result, log } = await bench(["--txs", "400", "--senders", "100", "--mix", "asset=50,assetnew=50"]);
    expectWholeRun(result, 1, 400);
    expect(log).toMatch(/setup: 4 shared assets/);
    expect(log).toMatch(/setup: 100 assets, one per sender/);
  });

  it("burst on four validators: final on every node", async () => {
    const { result } = await bench(["--validators", "4", "--txs", "400", "--senders", "100"]);
    expectWholeRun(result, 4, 400);
    // Node 0 checked every final tx's signature (gossip or proposal), once unless it raced.
    expect(result.sig_checks_per_tx).toBeGreaterThanOrEqual(1);
  });
});
