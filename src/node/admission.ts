// The one admission path for a transaction, whether it came over JSON-RPC or gossip:
// decode once, check the common rules against the next height, verify the signature
// natively (on a worker thread), then offer it to the mempool. Returns a result; never throws
// on bad input.
import { err, ok, type Result } from "../util/errors.js";
import { latin1 } from "../util/latin1.js";
import type { BlockTxSource, Chain } from "../chain/chain.js";
import type { SignedTx } from "../chain/tx/types.js";
import { txIdOf, txSignatureValid } from "../chain/chain.js";
import { decodeTx, signingPrefix } from "../chain/tx/codec.js";
import { txError, type TxError } from "../chain/tx/errors.js";
import { checkCommon } from "../chain/execution/executor.js";
import type { Mempool } from "../mempool/pool.js";
import { mempoolEntry, type MempoolEntry as PoolEntry } from "../mempool/entry.js";
import { bytesEqual, toHex } from "../util/bytes.js";
import { isWeakPublicKey } from "../crypto/ed25519-rules.js";
import { defaultPoolSize, VerifyPool } from "./verify-pool.js";

// Recent valid signatures kept (verified, above): ~15 s of four validators' load, ~3 s of one
// validator's; ~200 bytes each, so at most ~7 MB.
const VERIFIED_MAX = 32_768;
const VALID = Promise.resolve(true);

export interface Admitted {
  id: string;
  entry: PoolEntry;
}

export interface AdmissionOptions {
  /**
   * Worker threads verifying signatures; 0 verifies on the calling thread. Default: the
   * PARLEY_VERIFY_WORKERS environment variable, else one per core.
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
  // Signature checks under way, by the exact signed bytes (id and signature): the same tx
  // arriving again (RPC and gossip, or in a proposal before its gossip was admitted) waits for
  // that answer instead of verifying twice. The id alone would not do: it excludes the
  // signature, so a forged copy of an honest tx would share (and poison) the honest verdict.
  // Keyed by id, each check with its signature: a key per tx of id and signature in hex was a
  // 192-character string per tx on the main thread.
  private readonly verifying = new Map<string, Array<{ sig: Uint8Array; check: Promise<boolean> }>>();
  // Signatures found valid lately, id hex -> signature (latin1: one string, no view pinning a
  // request buffer). A tx checked in a proposal is often gossiped to us between that check and
  // the block's commit (it is then neither pooled nor final yet): without this it was verified
  // a second time. Same exact bytes, as above: the id fixes the payload, the signature is compared.
  private readonly verified = new Map<string, string>();

  constructor(private readonly chain: Chain, private readonly pool: Mempool, opts: AdmissionOptions = {}) {
    this.workers = opts.verifyWorkers ?? verifyWorkersFromEnv();
  }

  /** Everything but the signature and the pool: cheap checks first, so garbage costs little. */
  precheck(bytes: Uint8Array): Result<PoolEntry, TxError> {
    const decoded = decodeTx(bytes, this.chain.params.maxTxBytes);
    if (!decoded.ok) return decoded;
    const stx = decoded.value;
    const entry = mempoolEntry(stx, txIdOf(stx));
    // [IGNORE] already pending, byte for byte: resubmission is harmless and answered with the
    // same id. A different signature over the same payload is checked like any new tx.
    const pooled = this.pool.get(entry.idHex);
    if (pooled && bytesEqual(pooled.stx.bytes, stx.bytes)) return err(txError({ code: "ALREADY_KNOWN" }));
    // [REJECT] strict Ed25519: a small-order or non-canonical sender key proves nothing it signs.
    if (isWeakPublicKey(stx.tx.from)) return err(txError({ code: "WEAK_KEY" }));
    const common = checkCommon(stx, { chainId: this.chain.chainId, params: this.chain.params, height: this.chain.head.height + 1 });
    if (common) return err(common);
    // [REJECT] the nonce is already used on chain: checked before the signature, so a tx that
    // arrives by gossip after its block was committed costs no verify.
    const next = this.chain.state.account(stx.tx.from).nonce;
    if (stx.tx.nonce < next) return err(txError({ code: "NONCE_TOO_LOW", expected: next, got: stx.tx.nonce }));
    return ok(entry);
  }

  /** The id of well-formed tx bytes, or null. */
  precheckId(bytes: Uint8Array): string | null {
    const d = decodeTx(bytes, this.chain.params.maxTxBytes);
    return d.ok ? toHex(txIdOf(d.value)) : null;
  }

  /** Strict signature check on the calling thread. */
  verify(entry: PoolEntry): boolean {
    return txSignatureValid(entry.stx);
  }

  /** The full path for one tx. Async so that verification runs off the main thread. */
  async admit(bytes: Uint8Array): Promise<Result<Admitted, TxError>> {
    const pre = this.precheck(bytes);
    if (!pre.ok) return pre;
    // [REJECT] strict Ed25519: canonical S, valid signature.
    if (!(await this.verifyOnce(pre.value.stx, pre.value.idHex))) return err(txError({ code: "BAD_SIGNATURE" }));
    return this.offer(pre.value);
  }

  /** The signature check of exactly these signed bytes, shared by everyone asking while it runs. */
  private verifyOnce(stx: SignedTx, idHex: string): Promise<boolean> {
    const sig = latin1(stx.sig);
    if (this.verified.get(idHex) === sig) return VALID;
    const running = this.verifying.get(idHex);
    const same = running?.find((r) => bytesEqual(r.sig, stx.sig));
    if (same) return same.check;
    const check: Promise<boolean> = this.verifyStx(stx).then((valid) => {
      this.forget(idHex, check);
      if (valid) this.remember(idHex, sig);
      return valid;
    });
    if (running) running.push({ sig: stx.sig, check });
    else this.verifying.set(idHex, [{ sig: stx.sig, check }]);
    return check;
  }

  private forget(idHex: string, check: Promise<boolean>): void {
    const running = this.verifying.get(idHex);
    if (!running) return;
    const left = running.filter((r) => r.check !== check);
    if (left.length === 0) this.verifying.delete(idHex);
    else this.verifying.set(idHex, left);
  }

  private remember(idHex: string, sig: string): void {
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(idHex, sig);
  }

  /** Set by the node: one tx signature verified (parley_tx_signature_checks_total). */
  onSignatureCheck: (() => void) | null = null;

  private async verifyStx(stx: SignedTx): Promise<boolean> {
    this.onSignatureCheck?.();
    const pool = this.verifyPool();
    if (pool === null) return txSignatureValid(stx);
    try {
      return await pool.verify(stx.tx.from, stx.payload, stx.sig, signingPrefix(stx.tx.chainId));
    } catch {
      // POOL_CLOSED (node stopping) or WORKER_FAILED: the answer must still be right.
      return txSignatureValid(stx);
    }
  }

  /**
   * Signature checks for the txs of a proposed or synced block: pooled txs were checked at
   * admission, txs being admitted share that check, the rest go to the verify threads.
   */
  blockTxSource(): BlockTxSource {
    return {
      known: (id) => this.pool.get(toHex(id))?.stx,
      verify: (stx, id) => this.verifyOnce(stx, toHex(id)),
    };
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
