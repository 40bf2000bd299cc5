// Hardhat comparison driver (issue 17: "one validator at least 5x the Hardhat node measured beside
// it"). Plain .mjs outside tsc: it imports viem, which only exists in the temp install dir that
// run.sh makes, so it runs from that dir and never touches the repo's dependencies.
//
//   node driver.mjs [--txs 20000] [--senders 2000] [--batch 500] [--inflight 4]
//                   [--mining auto|interval=MS] [--logging off|on] [--json] [--sign-only] [--probe]
//
// --sign-only signs and caches the load and exits (to sign before taking the bench lock).
// --probe sends Hardhat one tx of each kind it should refuse and prints its answers: what it
// checks per tx (docs/PERFORMANCE.md "Hardhat beside one validator" quotes them).
//
// The same shape as bench/throughput.ts: funded senders in genesis, every tx signed before the
// clock starts (sender i % S, recipient (7i + 1) % S, amount 1: the transfer mix's slots), batches
// of `batch` requests with `inflight` of them outstanding, and the clock stops when every tx is
// mined (each sender's last tx has a receipt). CPU per tx is the Hardhat process's own (all
// threads, /proc/PID/stat) over the same interval.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { keccak256, parseTransaction, serializeTransaction, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const DIR = import.meta.dirname;
const CHAIN_ID = 31337;
const GAS_PER_TRANSFER = 21_000n;
// Far above the base fee Hardhat starts from (1 gwei) and where full interval blocks push it.
const MAX_FEE_WEI = 100_000_000_000n;
const BALANCE_WEI = (10n ** 24n).toString();
const RECEIPT_POLL_MS = 20;
const MINED_DEADLINE_MS = 300_000;

const { values: opt } = parseArgs({
  options: {
    txs: { type: "string", default: "20000" },
    senders: { type: "string", default: "2000" },
    batch: { type: "string", default: "500" },
    inflight: { type: "string", default: "4" },
    mining: { type: "string", default: "auto" },
    logging: { type: "string", default: "off" },
    json: { type: "boolean", default: false },
    "sign-only": { type: "boolean", default: false },
    probe: { type: "boolean", default: false },
  },
});
const N_TXS = positiveInt("txs");
const N_SENDERS = positiveInt("senders");
const BATCH = positiveInt("batch");
const INFLIGHT = positiveInt("inflight");
const MINING = parseMining(opt.mining);
if (opt.logging !== "on" && opt.logging !== "off") fail(`--logging must be on or off, not "${opt.logging}"`);
// Senders must outnumber the txs in flight, or a sender's next nonce could reach Hardhat before
// its previous one (a nonce gap Hardhat queues instead of mining).
if (N_SENDERS < BATCH * INFLIGHT) fail(`--senders (${N_SENDERS}) must be at least --batch x --inflight (${BATCH * INFLIGHT})`);

function positiveInt(name) {
  const v = opt[name];
  if (!/^\d+$/.test(v) || Number(v) < 1) fail(`--${name} must be a positive integer, not "${v}"`);
  return Number(v);
}
function parseMining(s) {
  if (s === "auto") return { auto: true, interval: 0 };
  const m = /^interval=(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1) fail(`--mining must be auto or interval=MS, not "${s}"`);
  return { auto: false, interval: Number(m[1]) };
}
function fail(msg) {
  process.stderr.write(`driver: ${msg}\n`);
  process.exit(2);
}
const log = (msg) => process.stderr.write(`[hardhat-bench] ${msg}\n`);
const version = (pkg) => JSON.parse(readFileSync(join(DIR, "node_modules", pkg, "package.json"), "utf8")).version;

// ---- accounts and the pre-signed load (cached per shape: every run starts a fresh chain with the
// same genesis, so the same signed txs are valid again) ----
const keys = Array.from({ length: N_SENDERS }, (_, i) => keccak256(toHex(`parley-hardhat-bench-${i}`)));
const accounts = keys.map((k) => privateKeyToAccount(k));

async function signedLoad() {
  const cache = join(DIR, `signed-${N_TXS}-${N_SENDERS}.json`);
  if (existsSync(cache)) {
    log(`signed load from ${cache} (not timed)`);
    return JSON.parse(readFileSync(cache, "utf8"));
  }
  const t0 = Date.now();
  const nonces = new Array(N_SENDERS).fill(0);
  const raws = [];
  for (let i = 0; i < N_TXS; i++) {
    const s = i % N_SENDERS;
    raws.push(await accounts[s].signTransaction({
      chainId: CHAIN_ID, type: "eip1559", nonce: nonces[s]++, to: accounts[(i * 7 + 1) % N_SENDERS].address,
      value: 1n, gas: GAS_PER_TRANSFER, maxFeePerGas: MAX_FEE_WEI, maxPriorityFeePerGas: 1n,
    }));
  }
  writeFileSync(cache, JSON.stringify(raws));
  log(`signed ${raws.length} txs in ${Date.now() - t0} ms (not timed)`);
  return raws;
}

// ---- the Hardhat node process ----
function startHardhat() {
  writeFileSync(join(DIR, "bench-network.json"), JSON.stringify({
    chainId: CHAIN_ID, privateKeys: keys, balanceWei: BALANCE_WEI, mining: MINING,
    blockGasLimit: MINING.auto ? null : (GAS_PER_TRANSFER * BigInt(N_TXS + 1000)).toString(),
  }));
  const cli = join(DIR, "node_modules", "hardhat", "dist", "src", "cli.js");
  const proc = spawn(process.execPath, [cli, "--config", join(DIR, "hardhat.config.js"), "node", "--hostname", "127.0.0.1", "--port", "0"], {
    cwd: DIR, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HARDHAT_DISABLE_TELEMETRY: "true" },
  });
  // However the driver ends (a thrown error, a closed stdout), the node it started goes with it.
  process.on("exit", () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL"); });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));
  const out = { bytes: 0, tail: "" };
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Hardhat did not start in 60 s; output: ${out.tail}`)), 60_000);
    const onData = (chunk) => {
      out.bytes += chunk.length;
      out.tail = (out.tail + chunk.toString()).slice(-4000);
      const m = /Started HTTP and WebSocket JSON-RPC server at (http:\/\/127\.0\.0\.1:\d+)/.exec(out.tail);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => { clearTimeout(timer); reject(new Error(`Hardhat exited (${code}) before listening: ${out.tail}`)); });
  });
  return { proc, url, out };
}

async function stopHardhat(proc) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  process.kill(proc.pid, "SIGTERM");
  const t = setTimeout(() => process.kill(proc.pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(t);
}

/** utime + stime of the process, all threads, in ms (/proc/PID/stat fields 14 and 15). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ is 100 on Linux
}
function peakRssMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}
/** Direct children of pid (the CPU figure would miss work Hardhat handed to a child process). */
function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}

// ---- JSON-RPC ----
let nextId = 1;
async function batchCall(url, calls) {
  const body = calls.map(([method, params]) => ({ jsonrpc: "2.0", id: nextId++, method, params }));
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`HTTP ${res.status} from Hardhat: ${(await res.text()).slice(0, 300)}`);
  const answers = await res.json();
  const byId = new Map(answers.map((a) => [a.id, a]));
  return body.map((b) => byId.get(b.id) ?? { error: { message: "no answer for this id" } });
}
async function call(url, method, params = []) {
  const [a] = await batchCall(url, [[method, params]]);
  if (a.error) throw new Error(`${method}: ${a.error.message}`);
  return a.result;
}

/** Each sender's last tx: when it has a receipt, every earlier nonce of that sender is mined too. */
function lastTxHashes(raws) {
  const last = new Map();
  raws.forEach((raw, i) => last.set(i % N_SENDERS, raw));
  return [...last.values()].map((raw) => keccak256(raw));
}

async function waitMined(url, hashes) {
  let pending = hashes;
  let failed = 0;
  const deadline = Date.now() + MINED_DEADLINE_MS;
  while (pending.length > 0 && Date.now() < deadline) {
    const still = [];
    for (let i = 0; i < pending.length; i += BATCH) {
      const slice = pending.slice(i, i + BATCH);
      const answers = await batchCall(url, slice.map((h) => ["eth_getTransactionReceipt", [h]]));
      answers.forEach((a, j) => {
        if (!a.result) still.push(slice[j]);
        else if (a.result.status !== "0x1") failed++;
      });
    }
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, MINING.auto ? RECEIPT_POLL_MS : Math.min(100, MINING.interval)));
  }
  return { unmined: pending.length, failed };
}

/** Untimed check after the clock: every sender's nonce says how many of its txs were mined. */
async function minedCount(url) {
  let total = 0;
  for (let i = 0; i < N_SENDERS; i += BATCH) {
    const slice = accounts.slice(i, i + BATCH);
    const answers = await batchCall(url, slice.map((a) => ["eth_getTransactionCount", [a.address, "latest"]]));
    for (const a of answers) total += Number(BigInt(a.result ?? "0x0"));
  }
  return total;
}


const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** One tx per rule, each answer printed; the valid tx goes in between to test the replay. */
async function probeChecks(url) {
  const a = accounts[0];
  const base = { chainId: CHAIN_ID, type: "eip1559", nonce: 0, to: accounts[1].address, value: 1n, gas: GAS_PER_TRANSFER, maxFeePerGas: MAX_FEE_WEI, maxPriorityFeePerGas: 1n };
  const good = await a.signTransaction(base);
  const sig = parseTransaction(good);
  const withSig = (r, s, yParity) => serializeTransaction(base, { r, s: toHex(s, { size: 32 }), yParity });
  const cases = [
    ["one bit of s flipped", withSig(sig.r, BigInt(sig.s) ^ 1n, sig.yParity)],
    ["high-s twin of a valid signature", withSig(sig.r, SECP256K1_N - BigInt(sig.s), sig.yParity ^ 1)],
    ["s = 0", withSig(sig.r, 0n, 0)],
    ["another chain id", await a.signTransaction({ ...base, chainId: 1 })],
    ["gas under 21,000", await a.signTransaction({ ...base, gas: 20_000n })],
    ["nonce gap", await a.signTransaction({ ...base, nonce: 5 })],
    ["valid", good],
    ["replay of the valid tx", good],
    ["value above the balance", await a.signTransaction({ ...base, nonce: 1, value: 10n ** 30n })],
  ];
  for (const [name, raw] of cases) {
    const [answer] = await batchCall(url, [["eth_sendRawTransaction", [raw]]]);
    process.stdout.write(`${name}: ${answer.error ? "refused: " + answer.error.message : "accepted " + answer.result}\n`);
  }
}

async function main() {
  const raws = opt.probe ? [] : await signedLoad();
  if (opt["sign-only"]) return;
  const hashes = lastTxHashes(raws);
  const hh = startHardhat();
  try {
    const url = await hh.url;
    if (opt.probe) return await probeChecks(url);
    const pid = hh.proc.pid;
    log(`Hardhat ${version("hardhat")} (EDR ${version("@nomicfoundation/edr")}) pid ${pid} at ${url}, ${N_SENDERS} funded accounts, mining ${opt.mining}, logging ${opt.logging}`);
    await call(url, "hardhat_setLoggingEnabled", [opt.logging === "on"]);
    const startBlock = Number(BigInt(await call(url, "eth_blockNumber")));
    const outBytesAtStart = hh.out.bytes;
    const loadBefore = loadavg()[0];

    const cpuAtStart = cpuMs(pid);
    const driverAtStart = process.cpuUsage();
    const start = performance.now();
    let next = 0;
    let refused = 0;
    const firstErrors = [];
    let lastProgress = start;
    async function worker() {
      while (next < raws.length) {
        const slice = raws.slice(next, next + BATCH);
        next += slice.length;
        const answers = await batchCall(url, slice.map((raw) => ["eth_sendRawTransaction", [raw]]));
        for (const a of answers) {
          if (!a.error) continue;
          refused++;
          if (firstErrors.length < 5) firstErrors.push(a.error.message);
        }
        const now = performance.now();
        if (now - lastProgress >= 2000) {
          lastProgress = now;
          log(`  t=${((now - start) / 1000).toFixed(1)}s submitted=${next} refused=${refused}`);
        }
      }
    }
    await Promise.all(Array.from({ length: INFLIGHT }, () => worker()));
    const mined = await waitMined(url, hashes);
    const seconds = (performance.now() - start) / 1000;
    const cpuUsed = cpuMs(pid) - cpuAtStart;
    const driverCpu = process.cpuUsage(driverAtStart);
    const loadAfter = loadavg()[0];

    const count = await minedCount(url);
    const blocks = Number(BigInt(await call(url, "eth_blockNumber"))) - startBlock;
    const result = {
      system: "hardhat", hardhat: version("hardhat"), edr: version("@nomicfoundation/edr"), viem: version("viem"), node: process.version,
      mining: opt.mining, logging: opt.logging, txs: N_TXS, senders: N_SENDERS, batch: BATCH, inflight: INFLIGHT,
      mined: count, refused, unmined_last_txs: mined.unmined, failed_receipts: mined.failed,
      seconds: Number(seconds.toFixed(3)), tps: Math.round(count / seconds),
      cpu_us_per_tx: count ? Math.round((cpuUsed * 1000) / count) : null,
      // CPU seconds per wall second: ~1.0 says the node is bound to one core (EDR mines serially).
      hardhat_cores_busy: Number((cpuUsed / 1000 / seconds).toFixed(2)),
      driver_cpu_us_per_tx: count ? Math.round((driverCpu.user + driverCpu.system) / count) : null,
      blocks, txs_per_block: blocks ? Number((count / blocks).toFixed(1)) : null,
      rss_mb: peakRssMb(pid), child_processes: childPids(pid).length, log_bytes_during_load: hh.out.bytes - outBytesAtStart,
      load_avg_before: Number(loadBefore.toFixed(2)), load_avg_after: Number(loadAfter.toFixed(2)),
    };
    if (firstErrors.length) log(`first refusals: ${firstErrors.join(" | ")}`);
    if (count !== N_TXS) log(`NOT ALL MINED: ${count} of ${N_TXS}`);
    if (opt.json) process.stdout.write(JSON.stringify(result) + "\n");
    else process.stdout.write(
      `Hardhat ${result.hardhat} (EDR ${result.edr}), ${opt.mining} mining, logging ${opt.logging}\n` +
      `mined ${count}/${N_TXS} (refused ${refused}) in ${result.seconds} s = ${result.tps} tx/s; ${blocks} blocks (${result.txs_per_block} tx/block)\n` +
      `Hardhat CPU per tx: ${result.cpu_us_per_tx} us (all threads, ${result.hardhat_cores_busy} cores busy); this driver: ${result.driver_cpu_us_per_tx} us; peak RSS ${result.rss_mb} MB\n` +
      `load average ${result.load_avg_before} -> ${result.load_avg_after}\n`);
    if (count !== N_TXS) process.exitCode = 1;
  } finally {
    await stopHardhat(hh.proc);
  }
}

await main();
