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

/**
 * Finalized tx/s between the moments 10% and 90% of the load was final (`finalTimes`: epoch ms
 * at which each final tx was final everywhere, any order): a burst's steady rate without its
 * ramp (the first blocks fill while txs are still arriving) and drain (the last, part-full
 * blocks), which are ~30% of a 20,000-tx burst. Txs become final a block at a time, so it
 * counts the txs final in (t10, t90]: those of the block that crossed 10% are the start line,
 * not part of the rate. Coarse when the burst spans only a few blocks (four validators). null
 * when fewer than 10 txs, or when the 10% and 90% marks fell in one block.
 */
export function steadyTps(finalTimes: number[]): number | null {
  if (finalTimes.length < 10) return null;
  const sorted = [...finalTimes].sort((a, b) => a - b);
  const t10 = sorted[Math.floor(0.1 * sorted.length)]!;
  const t90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
  if (t90 <= t10) return null;
  let count = 0;
  for (const t of sorted) if (t > t10 && t <= t90) count++;
  return Math.round((count * 1000) / (t90 - t10));
}
