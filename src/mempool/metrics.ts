// What the mempool reports. The node wires these to prom-client; tests pass null or a
// recording fake. Codes are TxError codes, so dashboards and RPC errors use one vocabulary.
import type { TxErrorCode } from "../chain/tx/errors.js";

/** Why a pooled tx left the pool other than by eviction: a TxError code, or a plain remove(). */
export type DropReason = TxErrorCode | "REMOVED";

export interface MempoolMetrics {
  /** Txs and wire bytes held right now (gauges). */
  poolSize(txs: number, bytes: number): void;
  /** A tx entered the pool (replacements included). */
  admitted(): void;
  /** An admitted tx took the place of a queued one with the same sender and nonce. */
  replaced(): void;
  /** add() refused a tx. */
  rejected(code: TxErrorCode): void;
  /** Pooled txs pushed out by better-paying ones while the pool was full. */
  evicted(count: number): void;
  /** Pooled txs that left because a block included them. */
  included(count: number): void;
  /** Pooled txs dropped after a block (stale, expired, unaffordable) or by remove(). */
  dropped(reason: DropReason, count: number): void;
}
