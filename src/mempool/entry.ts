// What the pool holds: a tx that already passed decoding, signature and stateless checks
// (admission does those before calling Mempool.add), with the facts the pool orders it by.
import type { SignedTx } from "../chain/tx/types.js";
import { toHex } from "../util/bytes.js";
import { specOf } from "../chain/tx/registry.js";

export interface MempoolEntry {
  readonly stx: SignedTx;
  /** SHA-256 of the payload (32 bytes). */
  readonly id: Uint8Array;
  readonly idHex: string;
  /** Wire bytes (sig || payload): what the tx costs in a block and in the pool. */
  readonly size: number;
  /** When this node first saw the tx (ms); breaks fee-rate ties, first come first served. */
  readonly arrival: number;
  /** Native token the tx takes from its sender at most: fee plus the kind's spend (a payment's amount). */
  readonly cost: bigint;
}

/** Builds an entry from a decoded tx and its id (computed once by admission for the signature check). */
export function mempoolEntry(stx: SignedTx, id: Uint8Array, arrival: number = Date.now()): MempoolEntry {
  const cost = stx.tx.fee + specOf(stx.tx.kind).spend(stx.tx as never);
  return { stx, id, idHex: toHex(id), size: stx.bytes.length, arrival, cost };
}
