// The one admission path for a transaction, whether it came over JSON-RPC or gossip:
// decode once, check the common rules against the next height, verify the signature
// natively (on a worker thread), then offer it to the mempool. Returns a result; never throws
// on bad input.
import { err, ok, type Result } from "../util/errors.js";
import { verifyEd25519 } from "../crypto/native.js";
import type { Chain } from "../chain/chain.js";
import { txIdOf } from "../chain/chain.js";
import { decodeTx, signingMessage } from "../chain/tx/codec.js";
import { txError, type TxError } from "../chain/tx/errors.js";
import { checkCommon } from "../chain/execution/executor.js";
import type { Mempool } from "../mempool/pool.js";
import { hexKey, mempoolEntry, type MempoolEntry as PoolEntry } from "../mempool/entry.js";
import { defaultPoolSize, VerifyPool } from "./verify-pool.js";

export interface Admitted {
  id: string;
  entry: PoolEntry;
}

export interface AdmissionOptions {
  /**
   * Worker threads verifying signatures; 0 verifies on the calling thread. Default: the
   * PARLEY_VERIFY_WORKERS environment variable, else max(1, cores - 1).
   */
  verifyWorkers?: number;
}

/** Worker count from PARLEY_VERIFY_WORKERS (a whole number >= 0), else the pool default. */
export function verifyWorkersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["PARLEY_VERIFY_WORKERS"];
  if (raw !== undefined && /^\d{1,3}$/.test(raw)) return Number(raw);
  return defaultPoolSize();
}

export class Admission {
  private readonly workers: number;
  // Started on the first admit, so an Admission that only prechecks costs no threads.
  private verifier: VerifyPool | null = null;
  private closed = false;

  constructor(private readonly chain: Chain, private readonly pool: Mempool, opts: AdmissionOptions = {}) {
    this.workers = opts.verifyWorkers ?? verifyWorkersFromEnv();
  }

  /** Everything but the signature and the pool: cheap checks first, so garbage costs little. */
  precheck(bytes: Uint8Array): Result<PoolEntry, TxError> {
    const decoded = decodeTx(bytes, this.chain.params.maxTxBytes);
    if (!decoded.ok) return decoded;
    const stx = decoded.value;
    // mempoolEntry keys by native hex: a flat string, cheap to hash in every pool map it enters.
    const entry = mempoolEntry(stx, txIdOf(stx));
    // [IGNORE] already pending: resubmission is harmless and answered with the same id.
    if (this.pool.has(entry.idHex)) return err(txError({ code: "ALREADY_KNOWN" }));
    const common = checkCommon(stx, { chainId: this.chain.chainId, params: this.chain.params, height: this.chain.head.height + 1 });
    if (common) return err(common);
    return ok(entry);
  }

  /** The id of well-formed tx bytes, or null. */
  precheckId(bytes: Uint8Array): string | null {
    const d = decodeTx(bytes, this.chain.params.maxTxBytes);
    return d.ok ? hexKey(txIdOf(d.value)) : null;
  }

  /** Strict signature check on the calling thread. */
  verify(entry: PoolEntry): boolean {
    const { tx, payload, sig } = entry.stx;
    return verifyEd25519(tx.from, signingMessage(tx.chainId, payload), sig);
  }

  /** The same check on the verify pool; falls back to the calling thread if the pool is gone. */
  async verifyAsync(entry: PoolEntry): Promise<boolean> {
    const pool = this.verifyPool();
    if (pool === null) return this.verify(entry);
    const { tx, payload, sig } = entry.stx;
    try {
      return await pool.verify(tx.from, signingMessage(tx.chainId, payload), sig);
    } catch {
      // POOL_CLOSED (node stopping) or WORKER_FAILED: the answer must still be right.
      return this.verify(entry);
    }
  }

  /** The full path for one tx. Async so that verification runs off the main thread. */
  async admit(bytes: Uint8Array): Promise<Result<Admitted, TxError>> {
    const pre = this.precheck(bytes);
    if (!pre.ok) return pre;
    // [REJECT] strict Ed25519: canonical S, no weak keys, valid signature.
    if (!(await this.verifyAsync(pre.value))) return err(txError({ code: "BAD_SIGNATURE" }));
    return this.offer(pre.value);
  }

  /** Adds an entry whose signature is already verified (e.g. by the worker pool). */
  offer(entry: PoolEntry): Result<Admitted, TxError> {
    const added = this.pool.add(entry);
    if (!added.ok) return added;
    return ok({ id: entry.idHex, entry });
  }

  /** Stops the verify threads after answering what is queued; later admits verify inline. */
  async close(): Promise<void> {
    const pool = this.verifier;
    this.verifier = null;
    this.closed = true;
    await pool?.close();
  }

  private verifyPool(): VerifyPool | null {
    if (this.verifier === null && this.workers > 0 && !this.closed) this.verifier = new VerifyPool({ size: this.workers });
    return this.verifier;
  }
}
