// What the pool holds: a tx that already passed decoding, signature and stateless checks
// (admission does those before calling Mempool.add), with the facts the pool orders it by.
import type { SignedTx } from "../chain/tx/types.js";

export interface MempoolEntry {
  readonly stx: SignedTx;
  /** SHA-256 of the payload (32 bytes). */
  readonly id: Uint8Array;
  readonly idHex: string;
  /** Wire bytes (sig || payload): what the tx costs in a block and in the pool. */
  readonly size: number;
  /** When this node first saw the tx (ms); breaks fee-rate ties, first come first served. */
  readonly arrival: number;
}

/**
 * Lowercase hex, same text as util/bytes toHex, but native and flat: toHex builds a string by
 * concatenation, which V8 must flatten (allocate again) before every Map lookup by it.
 */
export function hexKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Builds an entry from a decoded tx and its id (computed once by admission for the signature check). */
export function mempoolEntry(stx: SignedTx, id: Uint8Array, arrival: number = Date.now()): MempoolEntry {
  return { stx, id, idHex: hexKey(id), size: stx.bytes.length, arrival };
}
