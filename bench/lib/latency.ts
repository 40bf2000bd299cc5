// Submit-to-final latency over a range of a load's txs (sorted, for percentiles).
import type { FinalityWatch } from "./finality-watch.js";

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Submit-to-final latencies (sorted) of the txs [a, b) that were accepted and are final everywhere. */
export function latencies(submitAt: Float64Array, watch: FinalityWatch, a: number, b: number): Float64Array {
  const out = new Float64Array(b - a);
  let k = 0;
  for (let i = a; i < b; i++) if (!Number.isNaN(submitAt[i]!) && watch.isFinal(i)) out[k++] = watch.finalAt[i]! - submitAt[i]!;
  return out.subarray(0, k).sort();
}

export function latencyStats(submitAt: Float64Array, watch: FinalityWatch, a: number, b: number): { p50: number; p99: number; final: number; submitted: number } {
  const l = latencies(submitAt, watch, a, b);
  return { p50: percentile(l, 50), p99: percentile(l, 99), final: l.length, submitted: b - a };
}
