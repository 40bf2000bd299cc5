// Checking what peers claim about state and txs against verified headers: an account value
// against the header's stateRoot (sparse Merkle proof), a tx against its txRoot (Merkle path).
import { sha256 } from "../crypto/native.js";
import type { BlockHeader } from "../chain/block/types.js";
import { verifyMerkleProof } from "../chain/block/merkle.js";
import { failedTxEntry } from "../chain/block/tx-entry.js";
import { decodeAccount, EMPTY_ACCOUNT } from "../chain/state/account.js";
import { decodeProof, verifyProof } from "../chain/state/smt/proof.js";
import { smtKey } from "../chain/state/state-store.js";
import { decodeTx } from "../chain/tx/codec.js";
import { StateNs, type Account, type StateNsByte } from "../chain/tx/spec.js";
import type { SignedTx } from "../chain/tx/types.js";
import { err, ok, type Result } from "../util/errors.js";
import { VerifyError } from "./errors.js";
import type { ProvenTx } from "../network/light-protocol.js";

/** The account (EMPTY_ACCOUNT when the proof shows it absent) if `value` is under `header.stateRoot`. */
export function verifyAccount(header: BlockHeader, address: Uint8Array, value: Uint8Array | null, proofBytes: Uint8Array): Result<Account, VerifyError> {
  const proof = decodeProof(proofBytes);
  if (!proof) return err(new VerifyError({ code: "MALFORMED", what: "state proof" }));
  // [REJECT] the proof leads from this exact value (or its absence) to the verified stateRoot
  const key = smtKey(StateNs.account, address);
  if (!verifyProof(header.stateRoot, key, value === null ? null : sha256(value), proof, sha256))
    return err(new VerifyError({ code: "BAD_STATE_PROOF", height: header.height }));
  if (value === null) return ok(EMPTY_ACCOUNT);
  const account = decodeAccount(value);
  // A proven value that does not decode would mean the chain itself stores garbage.
  if (!account) return err(new VerifyError({ code: "MALFORMED", what: "account value" }));
  return ok(account);
}

export interface VerifiedTx {
  id: Uint8Array;
  stx: SignedTx;
  height: number;
  index: number;
  /** In the block as failed (fee paid, no effect): its txRoot entry is failedTxEntry(id). */
  failed: boolean;
}

/** The decoded tx if it sits at (height, index) of the block whose verified header is given. */
export function verifyTxInclusion(header: BlockHeader, entry: ProvenTx, maxTxBytes: number): Result<VerifiedTx, VerifyError> {
  const where = { height: entry.height, index: entry.index };
  if (header.height !== entry.height) return err(new VerifyError({ code: "BAD_TX_PROOF", ...where, reason: "header of another height" }));
  // [REJECT] a position inside the block
  if (entry.index >= header.txCount) return err(new VerifyError({ code: "BAD_TX_PROOF", ...where, reason: "index beyond the block's txCount" }));
  const d = decodeTx(entry.tx, maxTxBytes);
  if (!d.ok) return err(new VerifyError({ code: "BAD_TX_PROOF", ...where, reason: `undecodable tx: ${d.error.code}` }));
  const id = sha256(d.value.payload);
  // [REJECT] the tx's entry is the leaf at that index under the header's txRoot: its id when it
  // took effect, failedTxEntry(id) when it is in the block as failed (docs/PROTOCOL.md)
  const path = { index: entry.index, total: header.txCount, siblings: entry.siblings };
  if (verifyMerkleProof(sha256, header.txRoot, id, path)) return ok({ id, stx: d.value, ...where, failed: false });
  if (verifyMerkleProof(sha256, header.txRoot, failedTxEntry(id), path)) return ok({ id, stx: d.value, ...where, failed: true });
  return err(new VerifyError({ code: "BAD_TX_PROOF", ...where, reason: "not in the block (txRoot)" }));
}

/** A state entry proven under a verified header (value null: proven absent). */
export interface ProvenStateEntry {
  ns: number;
  key: Uint8Array;
  value: Uint8Array | null;
  proof: Uint8Array;
}

/** The entries of a light-state answer for `keys`, each checked against `header.stateRoot`. */
export function verifyStateEntries(
  header: BlockHeader,
  keys: ReadonlyArray<{ ns: number; key: Uint8Array }>,
  entries: ReadonlyArray<{ value: Uint8Array | null; proof: Uint8Array }>,
): Result<ProvenStateEntry[], VerifyError> {
  // [REJECT] one entry per key asked, in the order asked
  if (entries.length !== keys.length) return err(new VerifyError({ code: "MALFORMED", what: `state response with ${entries.length} entries for ${keys.length} keys` }));
  const out: ProvenStateEntry[] = [];
  for (let i = 0; i < keys.length; i++) {
    const { ns, key } = keys[i]!;
    const { value, proof: proofBytes } = entries[i]!;
    const proof = decodeProof(proofBytes);
    if (!proof) return err(new VerifyError({ code: "MALFORMED", what: "state proof" }));
    // [REJECT] each value (or its absence) leads to the verified stateRoot
    if (!verifyProof(header.stateRoot, smtKey(ns as StateNsByte, key), value === null ? null : sha256(value), proof, sha256))
      return err(new VerifyError({ code: "BAD_STATE_PROOF", height: header.height }));
    out.push({ ns, key, value, proof: proofBytes });
  }
  return ok(out);
}
