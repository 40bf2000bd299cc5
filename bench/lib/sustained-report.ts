// Figures of a sustained run: the burst bench's fields (same names and meaning) plus the
// windows, the memory trend per node, and whether latency held from the first third of the
// run to the last.
import { threadDelta } from "./cluster.js";
import { latencies, latencyStats, percentile } from "./latency.js";
import { LATE_MS, WINDOW_MS, type SustainedRun } from "./sustained.js";

// Latency "stayed" if the last third's p99 is within this factor of the first third's.
const HELD_FACTOR = 1.5;

export interface ReportMeta {
  validators: number;
  submit: string;
  batch: number;
  inflight: number;
  mix: string;
  verifyCeiling: number;
  rate: number;
  durationS: number;
  senders: number;
  expiry: number;
  signMs: number;
  loadMb: number;
  /** Peak RSS (VmHWM) per node at the end, as the burst bench reports it. */
  peakRssMb: Array<number | null>;
}

export function sustainedReport(run: SustainedRun, meta: ReportMeta): { result: Record<string, unknown>; text: string } {
  const { watch, submitAt, windows, pacing, start } = run;
  const all = latencies(submitAt, watch, 0, run.offered);
  const finalCount = all.length;
  const accepted = run.offered - run.refused;
  const seconds = (run.loadMs + run.drainMs) / 1000;
  const tps = Math.round(finalCount / seconds);

  const finalIn = new Array<number>(windows.length).fill(0);
  for (let i = 0; i < run.offered; i++) {
    if (!watch.isFinal(i)) continue;
    const t = watch.finalAt[i]! - start;
    // Windows are WINDOW_MS long but the last, which may end late when sending fell behind.
    const w = Math.min(Math.floor(t / WINDOW_MS), windows.length - 1);
    if (w >= 0 && t >= windows[w]!.startMs && t < windows[w]!.endMs) finalIn[w]!++;
  }
  const rows = windows.map((w, i) => {
    const secs = (w.endMs - w.startMs) / 1000;
    const lat = latencyStats(submitAt, watch, w.firstTx, w.endTx);
    return {
      t_start_s: w.startMs / 1000, t_end_s: w.endMs / 1000, offered_tps: Math.round((w.endTx - w.firstTx) / secs), final_tps: Math.round(finalIn[i]! / secs),
      p50_ms: lat.p50, p99_ms: lat.p99, submitted: lat.submitted, final: lat.final, rss_mb: w.rssMb, bench_rss_mb: w.benchRssMb,
    };
  });

  // Thirds of the windows, each taken as one population (not a mean of window p99s).
  const third = windows.length >= 3 ? Math.floor(windows.length / 3) : windows.length === 2 ? 1 : 0;
  const span = (from: number, to: number): number => percentile(latencies(submitAt, watch, windows[from]!.firstTx, windows[to - 1]!.endTx), 99);
  const p99First = third > 0 ? span(0, third) : NaN;
  const p99Last = third > 0 ? span(windows.length - third, windows.length) : NaN;
  const ratio = third > 0 && p99First > 0 ? Number((p99Last / p99First).toFixed(2)) : null;

  const firstRss = windows[0]?.rssMb ?? [];
  const lastRss = windows[windows.length - 1]?.rssMb ?? [];
  const offeredTps = Math.round(run.offered / (run.loadMs / 1000));
  const sustained = pacing.lateTxs === 0;

  const times = watch.blockTimes.filter((t) => t >= start - 1000);
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const blockTime = intervals.length ? Math.round(intervals.reduce((a, b) => a + b, 0) / intervals.length) : NaN;
  const cpu0 = run.cpuAtEnd[0] ?? null;
  const cpuStart = run.cpuAtStart[0] ?? null;
  const perTx = (a: number | undefined, b: number | undefined): number | null =>
    a === undefined || b === undefined || finalCount === 0 ? null : Math.round(((a - b) * 1000) / finalCount);
  const cpuUsPerTx = perTx(cpu0?.total, cpuStart?.total);
  const mainUsPerTx = perTx(cpu0?.main, cpuStart?.main);
  const benchUsPerTx = finalCount === 0 ? null : Math.round(run.benchCpuUs / finalCount);
  const notify: number[] = [];
  for (let i = 0; i < run.offered; i++) if (run.notifyAt[i]! > 0 && !Number.isNaN(submitAt[i]!)) notify.push(run.notifyAt[i]! - submitAt[i]!);
  notify.sort((a, b) => a - b);
  const peak = meta.peakRssMb;

  const result = {
    notify_p50_ms: percentile(notify, 50), notify_p99_ms: percentile(notify, 99), notified: notify.length,
    validators: meta.validators, submit: meta.submit, batch: meta.batch, inflight: meta.inflight, txs: accepted, final: finalCount, refused: run.refused, mix: meta.mix,
    seconds: Number(seconds.toFixed(2)), tps, p50_ms: percentile(all, 50), p99_ms: percentile(all, 99), block_time_ms: blockTime,
    rss_mb: Math.max(...peak.map((r) => r ?? 0)), rss_per_node_mb: peak, verify_ceiling: meta.verifyCeiling,
    ceiling_share: Number((tps / meta.verifyCeiling).toFixed(3)),
    cpu_us_per_tx: cpuUsPerTx, main_thread_us_per_tx: mainUsPerTx, bench_client_us_per_tx: benchUsPerTx,
    mode: "sustained", rate: meta.rate, duration_s: meta.durationS, senders: meta.senders, expiry: meta.expiry,
    offered_tps: offeredTps, offered_sustained: sustained, late_txs: pacing.lateTxs, max_send_lag_ms: Math.round(pacing.maxLagMs),
    blocked_ticks: pacing.blockedTicks, ticks: pacing.ticks, max_backlog_txs: pacing.maxBacklog,
    load_s: Number((run.loadMs / 1000).toFixed(2)), drain_s: Number((run.drainMs / 1000).toFixed(2)),
    windows: rows, rss_first_window_mb: firstRss, rss_last_window_mb: lastRss, rss_max_mb: run.rssMaxMb, rss_max_all_mb: Math.max(0, ...run.rssMaxMb),
    bench_rss_max_mb: run.benchRssMaxMb, load_mb: meta.loadMb, sign_ms: meta.signMs,
    p99_first_third_ms: p99First, p99_last_third_ms: p99Last, p99_last_over_first_third: ratio,
    p99_within_1_5x: ratio === null ? null : ratio <= HELD_FACTOR,
  };

  const pad = (v: unknown, n: number): string => String(v).padStart(n);
  const table = rows.map((r) => `  ${pad(`${r.t_start_s}-${r.t_end_s}`, 9)} ${pad(r.offered_tps, 9)} ${pad(r.final_tps, 8)} ${pad(r.p50_ms, 7)} ${pad(r.p99_ms, 7)}   ${r.rss_mb.join(", ")} (bench ${r.bench_rss_mb})`).join("\n");
  const text =
    `validators ${meta.validators}  txs ${accepted} (final ${finalCount}, refused ${run.refused})  mix ${meta.mix}\n` +
    `finalized: ${tps} tx/s over ${result.seconds} s  (${(result.ceiling_share * 100).toFixed(1)}% of the verify ceiling ${meta.verifyCeiling}/s)\n` +
    `submit-to-final latency: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms\n` +
    (notify.length > 0 ? `tx_send to subscriber notification (${notify.length} channel posts): p50 ${result.notify_p50_ms} ms, p99 ${result.notify_p99_ms} ms\n` : "") +
    `block time: ${blockTime} ms   peak RSS per node: ${peak.join(", ")} MB\n` +
    `node CPU per tx: ${cpuUsPerTx} us (main thread ${mainUsPerTx} us); this load generator: ${benchUsPerTx} us\n` +
    `node CPU ms by thread: ${threadDelta(cpuStart, cpu0)}\n` +
    `load generator CPU ms by thread: ${threadDelta(...run.benchThreads)}\n` +
    `sustained: ${meta.rate} tx/s offered open-loop for ${meta.durationS} s by ${meta.senders} senders; sent at ${offeredTps} tx/s over ${result.load_s} s, drained in ${result.drain_s} s\n` +
    (sustained
      ? `offered load sustained: no tx sent more than ${LATE_MS} ms late (max lag ${result.max_send_lag_ms} ms; inflight cap reached at ${pacing.blockedTicks} of ${pacing.ticks} ticks)\n`
      : `OFFERED LOAD NOT SUSTAINED: ${pacing.lateTxs} txs sent more than ${LATE_MS} ms late (max lag ${result.max_send_lag_ms} ms): requests piled up at the inflight cap ${meta.inflight} ` +
        `at ${pacing.blockedTicks} of ${pacing.ticks} ticks, backlog up to ${pacing.maxBacklog} txs; sent at ${offeredTps} tx/s, not ${meta.rate}\n`) +
    `windows:   t (s)  offered/s  final/s  p50 ms  p99 ms   VmRSS MB per node (bench)\n${table}\n` +
    `VmRSS first -> last window: ${firstRss.map((r, i) => `${r} -> ${lastRss[i]}`).join(", ")} MB; max sampled ${run.rssMaxMb.join(", ")} MB; bench max ${run.benchRssMaxMb} MB (load ${meta.loadMb} MB)\n` +
    (ratio === null
      ? `latency trend: fewer than 2 windows, no comparison\n`
      : `p99 last third / first third of the windows: ${p99Last} / ${p99First} ms = ${ratio} (${ratio <= HELD_FACTOR ? "within" : "NOT within"} ${HELD_FACTOR}x)\n`);
  return { result, text };
}
