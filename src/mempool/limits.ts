// The pool's caps, each with the reason for its default. Caps bound memory and the work one
// sender can cause; the fee market decides who gets the space inside them.
import { ParleyError } from "../util/errors.js";

export interface MempoolLimits {
  /** Most txs held at once. */
  maxTxs: number;
  /** Most wire bytes held at once. */
  maxBytes: number;
  /** Most txs one sender may hold. */
  maxPerSender: number;
  /** A same-nonce replacement must raise the fee by at least this much (percent). */
  minFeeBumpPercent: number;
  /**
   * How far a nonce may run ahead of the sender's next executable nonce (account nonce plus
   * the contiguous queued run). Txs past a gap cannot execute; this bounds how many wait.
   */
  maxNonceGap: number;
}

export const DEFAULT_MEMPOOL_LIMITS: Readonly<MempoolLimits> = {
  // 5 full blocks at maxBlockTxs 20k: enough to ride out a burst or a slow round, and at
  // ~300 B per chat tx plus ~300 B of index overhead about 60 MB of heap.
  maxTxs: 100_000,
  // 8 full blocks at maxBlockBytes 16 MiB; caps memory when txs are large (80 KiB envelopes),
  // where the count cap alone would allow 8 GB.
  maxBytes: 128 * 1024 * 1024,
  // 1% of the pool: one spammer (or one runaway bot) cannot fill it, yet a busy account can
  // queue a few blocks' worth of messages. Also bounds the O(k) per-sender queue work.
  maxPerSender: 1_000,
  // As in geth: each replacement costs the sender 10% more, so replace-and-regossip churn is paid for.
  minFeeBumpPercent: 10,
  // Wallets and gossip may deliver nonces out of order; 64 ahead covers that while bounding
  // txs that cannot execute until a missing nonce arrives.
  maxNonceGap: 64,
};

export class MempoolLimitsError extends ParleyError<{ code: "INVALID_LIMITS"; reason: string }> {}

/** Defaults overlaid with `partial`; rejects values that would make the pool misbehave (operator config). */
export function resolveLimits(partial: Partial<MempoolLimits>): MempoolLimits {
  const limits: MempoolLimits = { ...DEFAULT_MEMPOOL_LIMITS };
  for (const [k, v] of Object.entries(partial) as [keyof MempoolLimits, number | undefined][]) if (v !== undefined) limits[k] = v;
  const positive = ["maxTxs", "maxBytes", "maxPerSender"] as const;
  for (const k of positive)
    if (!Number.isSafeInteger(limits[k]) || limits[k] < 1)
      throw new MempoolLimitsError({ code: "INVALID_LIMITS", reason: `${k} must be a positive integer, got ${limits[k]}` });
  if (!Number.isSafeInteger(limits.maxNonceGap) || limits.maxNonceGap < 0)
    throw new MempoolLimitsError({ code: "INVALID_LIMITS", reason: `maxNonceGap must be a non-negative integer, got ${limits.maxNonceGap}` });
  if (!Number.isFinite(limits.minFeeBumpPercent) || limits.minFeeBumpPercent < 0)
    throw new MempoolLimitsError({ code: "INVALID_LIMITS", reason: `minFeeBumpPercent must be >= 0, got ${limits.minFeeBumpPercent}` });
  return limits;
}

/** Smallest fee that may replace a queued tx paying `oldFee` (rounded up, in basis points). */
export function minReplacementFee(oldFee: bigint, bumpPercent: number): bigint {
  const bps = 10_000n + BigInt(Math.ceil(bumpPercent * 100));
  return (oldFee * bps + 9_999n) / 10_000n;
}
