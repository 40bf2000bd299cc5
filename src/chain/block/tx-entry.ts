// What a tx contributes to its block's txRoot. A tx whose own effect failed is still in the
// block (it paid its fee), but under a different entry than its id, so a Merkle proof of "this
// message, with this payment, is final" can only be made for a tx that took effect: a light
// client checking a proof against the id (verify-proof.ts) can never be shown a failed tx as done.
import { sha256 } from "../../crypto/native.js";
import { concatBytes, utf8 } from "../../util/bytes.js";

const FAILED_TAG = utf8("parley/tx-failed/v1");

/** The txRoot entry of a failed tx: SHA-256("parley/tx-failed/v1" || id). */
export function failedTxEntry(id: Uint8Array): Uint8Array {
  return sha256(concatBytes(FAILED_TAG, id));
}

/** txRoot entries in block order: the id of a tx that took effect, failedTxEntry(id) otherwise. */
export function txRootEntries(txs: ReadonlyArray<{ id: Uint8Array; failure?: unknown }>): Uint8Array[] {
  return txs.map((t) => (t.failure ? failedTxEntry(t.id) : t.id));
}
