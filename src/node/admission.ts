// The one admission path for a transaction, whether it came over JSON-RPC or gossip:
// decode once, check the common rules against the next height, verify the signature
// natively, then offer it to the mempool. Returns a result; never throws on bad input.
import { toHex } from "../util/bytes.js";
import { err, ok, type Result } from "../util/errors.js";
import { verifyEd25519 } from "../crypto/native.js";
import type { Chain } from "../chain/chain.js";
import { txIdOf } from "../chain/chain.js";
import { decodeTx, signingMessage } from "../chain/tx/codec.js";
import { txError, type TxError } from "../chain/tx/errors.js";
import { checkCommon } from "../chain/execution/executor.js";
import type { Mempool } from "../mempool/pool.js";
import type { MempoolEntry as PoolEntry } from "../mempool/entry.js";

export interface Admitted {
  id: string;
  entry: PoolEntry;
}

export class Admission {
  constructor(private readonly chain: Chain, private readonly pool: Mempool) {}

  /** Everything but the signature and the pool: cheap checks first, so garbage costs little. */
  precheck(bytes: Uint8Array): Result<PoolEntry, TxError> {
    const decoded = decodeTx(bytes, this.chain.params.maxTxBytes);
    if (!decoded.ok) return decoded;
    const stx = decoded.value;
    const id = txIdOf(stx);
    const idHex = toHex(id);
    // [IGNORE] already pending: resubmission is harmless and answered with the same id.
    if (this.pool.has(idHex)) return err(txError({ code: "ALREADY_KNOWN" }));
    const common = checkCommon(stx, { chainId: this.chain.chainId, params: this.chain.params, height: this.chain.head.height + 1 });
    if (common) return err(common);
    return ok({ stx, id, idHex, size: bytes.length, arrival: Date.now() });
  }

  /** The id of well-formed tx bytes, or null. */
  precheckId(bytes: Uint8Array): string | null {
    const d = decodeTx(bytes, this.chain.params.maxTxBytes);
    return d.ok ? toHex(txIdOf(d.value)) : null;
  }

  verify(entry: PoolEntry): boolean {
    const { tx, payload, sig } = entry.stx;
    return verifyEd25519(tx.from, signingMessage(tx.chainId, payload), sig);
  }

  /** The full path for one tx. Async so that verification can run off the main thread. */
  async admit(bytes: Uint8Array): Promise<Result<Admitted, TxError>> {
    const pre = this.precheck(bytes);
    if (!pre.ok) return pre;
    // [REJECT] strict Ed25519: canonical S, no weak keys, valid signature.
    if (!this.verify(pre.value)) return err(txError({ code: "BAD_SIGNATURE" }));
    return this.offer(pre.value);
  }

  /** Adds an entry whose signature is already verified (e.g. by the worker pool). */
  offer(entry: PoolEntry): Result<Admitted, TxError> {
    const added = this.pool.add(entry);
    if (!added.ok) return added;
    return ok({ id: entry.idHex, entry });
  }
}
