// Starts node processes for a benchmark (real processes, 127.0.0.1, temp dirs) and stops them by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { join, resolve } from "node:path";
import { NODE_PROCESS_FLAGS } from "../../src/node/process-flags.js";

export const REPO = resolve(import.meta.dirname, "../../..");
const CLI = join(REPO, "bin/parley.js");

export interface BenchNode {
  proc: ChildProcess;
  rpc: string;
  p2p: string | null;
}

// The flags every node process of ours gets (src/node/process-flags.ts), then extra ones for
// profiling, e.g. PARLEY_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (a later flag wins).
const NODE_ARGS = [...NODE_PROCESS_FLAGS, ...(process.env.PARLEY_BENCH_NODE_ARGS ?? "").split(/\s+/).filter((a) => a.length > 0)];

export function startNode(args: string[], timeoutMs = 60_000): Promise<BenchNode> {
  const proc = spawn(process.execPath, [...NODE_ARGS, CLI, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let errText = "";
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`node not ready: ${errText.slice(-1000)}`)), timeoutMs);
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const rpc = /rpc: (http:\/\/\S+)/.exec(out);
      const needP2p = args.includes("--p2p-port");
      const p2p = /p2p: (\/\S+)/.exec(out);
      if (rpc && (!needP2p || p2p)) {
        clearTimeout(timer);
        res({ proc, rpc: rpc[1]!, p2p: p2p ? p2p[1]! : null });
      }
    });
    const logDir = process.env["PARLEY_BENCH_LOG_DIR"];
    if (logDir) proc.stderr!.pipe(createWriteStream(`${logDir}/node-${proc.pid}.log`));
    proc.stderr!.on("data", (d: Buffer) => {
      errText += d.toString();
      if (errText.length > 100_000) errText = errText.slice(-50_000);
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== "SIGTERM") process.stderr.write(`node ${proc.pid} exited ${code ?? signal}: ${errText.slice(-2000)}\n`);
      rej(new Error(`node exited ${code}: ${errText.slice(-1000)}`));
    });
  });
}

/** A memory field of /proc/<pid>/status in MB; null when /proc is not there. */
function statusMb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Peak resident memory (VmHWM) of a process, in MB; null when /proc is not there. */
export function peakRssMb(pid: number): number | null {
  return statusMb(pid, "VmHWM");
}

/** Current resident memory (VmRSS) of a process, in MB: what a leak shows in, unlike the peak. */
export function rssMb(pid: number): number | null {
  return statusMb(pid, "VmRSS");
}

export interface CpuTimes {
  /** CPU ms of every thread of the process (main, verify workers, libuv pool, GC helpers). */
  total: number;
  /** CPU ms of the main (JavaScript) thread alone: the node's usual bottleneck. */
  main: number;
  /** CPU ms per thread name (threads of one name summed), e.g. GC helpers, libuv, LevelDB. */
  byName: Record<string, number>;
}

// /proc stat times are in clock ticks; 100 per second on Linux everywhere we run.
const MS_PER_TICK = 10;

function statTicks(path: string): number {
  // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
  const text = readFileSync(path, "utf8");
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

/** CPU time used so far by a process; null when /proc is not there. */
export function cpuTimes(pid: number): CpuTimes | null {
  try {
    const byName: Record<string, number> = {};
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim() + (tid === String(pid) ? " (main)" : "");
        byName[name] = (byName[name] ?? 0) + statTicks(`/proc/${pid}/task/${tid}/stat`) * MS_PER_TICK;
      } catch {
        // the thread ended between listing and reading
      }
    }
    return { total: statTicks(`/proc/${pid}/stat`) * MS_PER_TICK, main: statTicks(`/proc/${pid}/task/${pid}/stat`) * MS_PER_TICK, byName };
  } catch {
    return null;
  }
}

/** Per-thread-name CPU ms between two readings, busiest first; empty when either is missing. */
export function threadMs(a: CpuTimes | null, b: CpuTimes | null): Record<string, number> {
  if (!a || !b) return {};
  return Object.fromEntries(Object.entries(b.byName)
    .map(([name, ms]) => [name, ms - (a.byName[name] ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((x, y) => y[1] - x[1]));
}

/** Per-thread CPU ms between two readings, busiest first, as text. */
export function threadDelta(a: CpuTimes | null, b: CpuTimes | null): string {
  if (!a || !b) return "n/a";
  return Object.entries(threadMs(a, b)).map(([name, ms]) => `${name} ${ms}`).join(", ");
}

export async function stopAll(nodes: BenchNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => new Promise<void>((r) => {
    if (n.proc.exitCode !== null || !n.proc.pid) return r();
    const t = setTimeout(() => {
      try {
        process.kill(n.proc.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }, 5_000);
    n.proc.once("exit", () => {
      clearTimeout(t);
      r();
    });
    process.kill(n.proc.pid, "SIGTERM");
  })));
}

/** Bytes of the files under a directory (a node's data dir), 0 when it is not there. */
export function dirBytes(path: string): number {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(path, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) {
      try {
        total += statSync(p).size;
      } catch {
        // removed while we walked (LevelDB compaction): not part of the size any more
      }
    }
  }
  return total;
}

/** One unlabelled counter or gauge from a node's GET /metrics; null when absent (an older node) or unreachable. */
export async function metricValue(rpcUrl: string, name: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${rpcUrl}/metrics`)).text();
    const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
