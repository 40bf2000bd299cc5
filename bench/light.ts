// Light node benchmark (docs/PERFORMANCE-light.md). A single validator with 10 ms blocks and a
// 10 ms heartbeat builds a long chain quickly; one light node follows it from the start, and
// once the chain is `--blocks` long a second light node syncs those headers from scratch.
// Reports the follower's RSS and disk after following, and the from-scratch sync time.
//   npx tsc -p tsconfig.json && node dist/bench/light.js [--blocks 10000] [--json]
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newIdentity, encodeKeyFile } from "../src/client/keys.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { HttpRpcClient } from "../src/client/rpc-client.js";
import { startNode, stopAll, type BenchNode } from "./lib/cluster.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const BLOCKS = arg("blocks", 10_000);
const JSON_OUT = process.argv.includes("--json");

function rssMb(pid: number): { rss: number; peak: number } {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

function duBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? duBytes(p) : s.size;
  }
  return total;
}

async function head(rpc: string): Promise<number> {
  return (await new HttpRpcClient(rpc, 5_000).call<{ height: number }>("chain_getHead")).height;
}

async function waitHeight(rpc: string, height: number, timeoutMs: number, label: string): Promise<number> {
  const start = performance.now();
  let last = -1;
  let lastLog = 0;
  while (performance.now() - start < timeoutMs) {
    last = await head(rpc).catch(() => last);
    if (last >= height) return performance.now() - start;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      if (!JSON_OUT) process.stderr.write(`${label}: ${last}/${height}\n`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${label}: height ${last} after ${timeoutMs} ms, wanted ${height}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-light-"));
  const nodes: BenchNode[] = [];
  try {
    const validator = newIdentity();
    const genesisPath = join(dir, "genesis.json");
    writeFileSync(genesisPath, genesisJson("parley-bench-light", [validator], [{ address: validator.address, balance: 1_000_000_000n }], { blockTimeMs: 10, heartbeatMs: 10 }));
    const keyPath = join(dir, "validator.key");
    writeFileSync(keyPath, encodeKeyFile(validator), { mode: 0o600 });
    const full = await startNode(["node", "--data-dir", join(dir, "full"), "--genesis", genesisPath, "--key", keyPath, "--rpc-port", "0", "--p2p-port", "0", "--log-level", "warn"]);
    nodes.push(full);
    const lightArgs = (name: string) => ["light", "--data-dir", join(dir, name), "--genesis", genesisPath, "--peers", full.p2p!, "--rpc-port", "0", "--log-level", "warn"];
    const follower = await startNode(lightArgs("light-follow"));
    nodes.push(follower);

    const buildStart = performance.now();
    await waitHeight(full.rpc, BLOCKS, 30 * 60_000, "chain");
    const buildMs = performance.now() - buildStart;
    await waitHeight(follower.rpc, BLOCKS, 60_000, "follower");
    const followMem = rssMb(follower.proc.pid!);
    const followDisk = duBytes(join(dir, "light-follow"));
    const fullDisk = duBytes(join(dir, "full"));
    const fullMem = rssMb(full.proc.pid!);

    const syncer = await startNode(lightArgs("light-sync"));
    nodes.push(syncer);
    const syncMs = await waitHeight(syncer.rpc, BLOCKS, 10 * 60_000, "from-scratch sync");
    const syncMem = rssMb(syncer.proc.pid!);

    const result = {
      blocks: BLOCKS,
      chainBuildSeconds: +(buildMs / 1000).toFixed(1),
      follower: { rssMb: followMem.rss, peakRssMb: followMem.peak, diskBytes: followDisk },
      fromScratch: { seconds: +(syncMs / 1000).toFixed(2), headersPerSecond: Math.round(BLOCKS / (syncMs / 1000)), rssMb: syncMem.rss, peakRssMb: syncMem.peak },
      fullNode: { rssMb: fullMem.rss, diskBytes: fullDisk },
    };
    if (JSON_OUT) process.stdout.write(JSON.stringify(result) + "\n");
    else {
      process.stdout.write(`blocks: ${BLOCKS} (built in ${result.chainBuildSeconds} s by one validator, 10 ms blocks)\n`);
      process.stdout.write(`light node after following ${BLOCKS} blocks: RSS ${followMem.rss} MB (peak ${followMem.peak} MB), disk ${(followDisk / 1024 / 1024).toFixed(2)} MB\n`);
      process.stdout.write(`light node sync of ${BLOCKS} headers from scratch: ${result.fromScratch.seconds} s (${result.fromScratch.headersPerSecond} headers/s), RSS ${syncMem.rss} MB (peak ${syncMem.peak} MB)\n`);
      process.stdout.write(`full node for comparison: RSS ${fullMem.rss} MB, disk ${(fullDisk / 1024 / 1024).toFixed(2)} MB\n`);
    }
  } finally {
    await stopAll(nodes);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
