// Remembers why recent txs were rejected after admission (dropped from the pool or left out of
// a block), so `tx_get` can answer "rejected: <reason>" instead of "unknown". Bounded: the
// oldest reasons are forgotten first.
import type { TxError } from "../chain/tx/errors.js";

const MAX_REMEMBERED = 50_000;

export class RejectedTxs {
  private readonly reasons = new Map<string, TxError>();

  add(idHex: string, reason: TxError): void {
    if (this.reasons.size >= MAX_REMEMBERED) {
      const oldest = this.reasons.keys().next().value;
      if (oldest !== undefined) this.reasons.delete(oldest);
    }
    this.reasons.set(idHex, reason);
  }

  get(idHex: string): TxError | undefined {
    return this.reasons.get(idHex);
  }

  delete(idHex: string): void {
    this.reasons.delete(idHex);
  }
}
