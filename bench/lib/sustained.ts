// Open-loop load at a fixed rate (issue 6, "sustained"): every tick the txs due by the clock are
// sent, whatever the node answered so far, so a node that falls behind shows as growing latency
// and a backlog rather than as a slower sender. Requests stay capped at --inflight; when the cap
// holds txs back past their time, that is counted and reported (the offered load was not
// sustained), never hidden. Every 10 s a window records offered and finalized rates, the
// latency of the txs submitted in it and each node's resident memory.
import { WsRpcClient } from "../../src/client/rpc-client.js";
import { cpuTimes, rssMb, type BenchNode, type CpuTimes } from "./cluster.js";
import { FinalityWatch } from "./finality-watch.js";
import type { TxStore } from "./tx-store.js";
import type { Channel } from "./workload.js";
import { latencyStats } from "./latency.js";
import { PostRpc, sendAsBatch, sendBatch, sendFrames } from "./post-rpc.js";

const TICK_MS = 50;
export const WINDOW_MS = 10_000;
const PROGRESS_MS = 2_000;
// A tx sent this long (5 ticks) after its due time means requests piled up at the --inflight
// cap for longer than a brief stall: the rate was not offered.
export const LATE_MS = 250;
// After the load: how long the last txs may take to be final before the run gives up on them.
const DRAIN_MS = 120_000;

export interface SustainedOptions {
  nodes: BenchNode[];
  store: TxStore;
  channels: Channel[];
  /** Offered txs per second. */
  rate: number;
  batch: number;
  inflight: number;
  /** Binary tx batches (POST /txs), tx_sendBatch calls, or JSON-RPC batches of tx_send. */
  submit: "binary" | "sendBatch" | "batch";
  log: (s: string) => void;
}

export interface Window {
  /** ms since the start of the load. */
  startMs: number;
  endMs: number;
  /** Txs [firstTx, endTx) were submitted in this window (txs are sent in load order). */
  firstTx: number;
  endTx: number;
  /** VmRSS of each node (MB) at the window's end. */
  rssMb: Array<number | null>;
  benchRssMb: number;
}

export interface Pacing {
  ticks: number;
  /** Ticks at which due txs waited because --inflight requests were outstanding. */
  blockedTicks: number;
  /** Most txs due but not yet sent at any tick. */
  maxBacklog: number;
  /** Txs sent more than LATE_MS after their due time. */
  lateTxs: number;
  maxLagMs: number;
}

export interface SustainedRun {
  start: number;
  /** ms from start until the last tx was handed to a request. */
  loadMs: number;
  /** ms from the end of the load until the last final tx (or the drain deadline). */
  drainMs: number;
  offered: number;
  refused: number;
  /** Epoch ms when each tx's request was sent; NaN for a refused tx. */
  submitAt: Float64Array;
  watch: FinalityWatch;
  /** Epoch ms of the first channel-subscriber notification per tx (0 = none). */
  notifyAt: Float64Array;
  windows: Window[];
  /** Highest VmRSS sampled per node (every 2 s), MB. */
  rssMaxMb: number[];
  benchRssMaxMb: number;
  pacing: Pacing;
  cpuAtStart: Array<CpuTimes | null>;
  cpuAtEnd: Array<CpuTimes | null>;
  benchCpuUs: number;
  /** The load generator's own threads at start and end (main, libuv, GC helpers). */
  benchThreads: [CpuTimes | null, CpuTimes | null];
}

export async function runSustained(o: SustainedOptions): Promise<SustainedRun> {
  const { store, rate, log } = o;
  const n = store.count;
  const watch = await FinalityWatch.start(o.nodes.map((x) => x.rpc), store, log);
  const notifyAt = new Float64Array(n);
  const chatWs = o.channels.length > 0 ? await WsRpcClient.connect(o.nodes[o.nodes.length - 1]!.rpc.replace("http", "ws")) : null;
  for (const ch of o.channels) {
    await chatWs!.subscribe("messages", ["0x" + Buffer.from(ch.id).toString("hex")], (m) => {
      const i = store.indexOf((m as { id: string }).id);
      if (i >= 0 && notifyAt[i] === 0) notifyAt[i] = Date.now();
    });
  }

  const rpcs = o.nodes.map((x) => new PostRpc(x.rpc));
  const submitTxs = o.submit === "sendBatch" ? sendBatch : sendAsBatch;
  const submitAt = new Float64Array(n);
  const pacing: Pacing = { ticks: 0, blockedTicks: 0, maxBacklog: 0, lateTxs: 0, maxLagMs: 0 };
  const windows: Window[] = [];
  const rssMaxMb = o.nodes.map(() => 0);
  let benchRssMaxMb = 0;
  let finalAtWindowStart = 0;
  let offered = 0;
  let answered = 0;
  let refused = 0;
  let inflight = 0;
  let rr = 0;
  const cpuAtStart = o.nodes.map((x) => cpuTimes(x.proc.pid!));
  const benchCpu0 = process.cpuUsage();
  const benchThreads0 = cpuTimes(process.pid);
  const start = Date.now();
  const loadMs = (n / rate) * 1000;
  const dueBy = (now: number): number => (now - start >= loadMs ? n : Math.min(n, Math.floor((rate * (now - start)) / 1000)));
  const dueAt = (i: number): number => start + ((i + 1) / rate) * 1000;

  const send = async (a: number, b: number, sentAt: number): Promise<void> => {
    inflight++;
    const rpc = rpcs[rr++ % rpcs.length]!;
    for (let i = a; i < b; i++) submitAt[i] = sentAt;
    let errors: Array<string | null>;
    try {
      errors = o.submit === "binary" ? await sendFrames(rpc, range(a, b, (i) => store.bytesOf(i))) : await submitTxs(rpc, range(a, b, (i) => store.hex(i)));
    } catch (e) {
      errors = range(a, b, () => `request failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    errors.forEach((e, k) => {
      if (e === null) return;
      refused++;
      submitAt[a + k] = NaN;
      if (refused <= 5) log(`  refused: ${e}`);
    });
    answered += b - a;
    inflight--;
    pump(Date.now());
  };

  // Sends what is due, up to the in-flight cap; true when nothing due is left waiting.
  function pump(now: number): boolean {
    const due = dueBy(now);
    while (offered < due && inflight < o.inflight) {
      const a = offered;
      const b = Math.min(due, a + o.batch);
      offered = b;
      const lag = now - dueAt(a);
      if (lag > pacing.maxLagMs) pacing.maxLagMs = lag;
      if (lag > LATE_MS) pacing.lateTxs += b - a;
      void send(a, b, now);
    }
    if (due - offered > pacing.maxBacklog) pacing.maxBacklog = due - offered;
    return offered >= due;
  }

  const sampleRss = (): Array<number | null> => {
    const rss = o.nodes.map((x) => rssMb(x.proc.pid!));
    rss.forEach((r, i) => {
      if (r !== null && r > rssMaxMb[i]!) rssMaxMb[i] = r;
    });
    benchRssMaxMb = Math.max(benchRssMaxMb, Math.round(process.memoryUsage.rss() / 2 ** 20));
    return rss;
  };
  const closeWindow = (endMs: number): void => {
    const prev = windows[windows.length - 1];
    const w: Window = { startMs: prev?.endMs ?? 0, endMs, firstTx: prev?.endTx ?? 0, endTx: offered, rssMb: sampleRss(), benchRssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) };
    windows.push(w);
    const secs = (w.endMs - w.startMs) / 1000;
    const lat = latencyStats(submitAt, watch, w.firstTx, w.endTx);
    log(`  window ${windows.length} [${(w.startMs / 1000).toFixed(0)}-${(w.endMs / 1000).toFixed(0)} s]: offered ${Math.round((w.endTx - w.firstTx) / secs)} tx/s, ` +
      `final ${Math.round((watch.finalAll - finalAtWindowStart) / secs)} tx/s, latency p50 ${lat.p50} p99 ${lat.p99} ms (${lat.final}/${lat.submitted} final so far), ` +
      `RSS ${w.rssMb.join(", ")} MB (bench ${w.benchRssMb} MB)`);
    finalAtWindowStart = watch.finalAll;
  };

  let lastProgress = start;
  const progress = (now: number, behind: number): void => {
    if (now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    sampleRss();
    const fin = Math.min(...watch.perNode);
    log(`  t=${((now - start) / 1000).toFixed(1)}s submitted=${answered} final(all nodes)=${fin} refused=${refused} tps=${Math.round(fin / ((now - start) / 1000))}` +
      (behind > 0 ? ` behind=${behind} (inflight cap ${o.inflight} reached)` : ""));
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      pacing.ticks++;
      if (!pump(now)) pacing.blockedTicks++;
      progress(now, dueBy(now) - offered);
      const elapsed = now - start;
      while (elapsed >= (windows.length + 1) * WINDOW_MS && (windows.length + 1) * WINDOW_MS <= loadMs) closeWindow((windows.length + 1) * WINDOW_MS);
      if (offered === n && elapsed >= loadMs) {
        const lastEnd = windows[windows.length - 1]?.endMs ?? 0;
        // A short tail of the load is a window of its own only if it is long enough to mean
        // something. It ends when its last tx went out, which is later than planned if behind.
        if (loadMs - lastEnd >= 1_000) closeWindow(Math.max(loadMs, elapsed));
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const loadEnd = Date.now();
  // Drain: the requests still out, then finality of everything the nodes accepted.
  const deadline = loadEnd + DRAIN_MS;
  const drainTicker = setInterval(() => progress(Date.now(), 0), 500);
  while ((answered < offered || watch.finalAll < offered - refused) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(drainTicker);
  let lastFinal = loadEnd;
  for (let i = 0; i < n; i++) if (watch.isFinal(i) && watch.finalAt[i]! > lastFinal) lastFinal = watch.finalAt[i]!;
  const cpuAtEnd = o.nodes.map((x) => cpuTimes(x.proc.pid!));
  const benchCpu = process.cpuUsage(benchCpu0);
  sampleRss();
  watch.close();
  chatWs?.close();
  for (const r of rpcs) r.close();
  if (watch.finalAll < offered - refused) log(`  drain: ${offered - refused - watch.finalAll} accepted txs not final on every node after ${DRAIN_MS / 1000} s`);
  return {
    start, loadMs: loadEnd - start, drainMs: lastFinal - loadEnd, offered, refused, submitAt, watch, notifyAt, windows, rssMaxMb, benchRssMaxMb,
    pacing, cpuAtStart, cpuAtEnd, benchCpuUs: benchCpu.user + benchCpu.system, benchThreads: [benchThreads0, cpuTimes(process.pid)],
  };
}

function range<T>(a: number, b: number, f: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = a; i < b; i++) out.push(f(i));
  return out;
}
