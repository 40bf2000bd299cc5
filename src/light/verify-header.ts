// Extending a verified header chain by one header: the rules of docs/LIGHT.md 2, in order.
// Pure: the caller holds the trusted head and the validator set of the next height.
import { sha256, verifyEd25519 } from "../crypto/native.js";
import { decodeHeader } from "../chain/block/codec.js";
import { BLOCK_VERSION, type BlockHeader } from "../chain/block/types.js";
import { validatorsHash } from "../chain/execution/validators.js";
import { decodeCertificate, verifyCertificate } from "../consensus/certificate.js";
import { ValidatorSet } from "../consensus/validator-set.js";
import { bytesEqual } from "../util/bytes.js";
import { err, ok, type Result } from "../util/errors.js";
import { VerifyError } from "./errors.js";
import type { HeaderEntry } from "../network/light-protocol.js";

/** A verified header and the validator set that must finalize the one after it. */
export interface TrustedHead {
  height: number;
  hash: Uint8Array;
  header: BlockHeader;
  bytes: Uint8Array;
  /** The set of height + 1; hashes to header.nextValidatorsHash. */
  nextSet: ValidatorSet;
}

export interface VerifiedHeader extends TrustedHead {
  /** The next set when it differs from this header's set (to be stored), else null. */
  changedSet: readonly Uint8Array[] | null;
}

function bad(height: number, reason: string): VerifyError {
  return new VerifyError({ code: "BAD_HEADER", height, reason });
}

/** Null when `commit` is a valid certificate of `set` for exactly (height, hash). */
export function checkCommit(chainId: string, height: number, hash: Uint8Array, commit: Uint8Array, set: ValidatorSet): VerifyError | null {
  const cert = decodeCertificate(commit);
  if (!cert.ok) return new VerifyError({ code: "BAD_COMMIT", height, reason: cert.error.message });
  // [REJECT] the certificate is for exactly this header
  if (cert.value.height !== height || !bytesEqual(cert.value.valueId, hash)) return new VerifyError({ code: "BAD_COMMIT", height, reason: "certificate is for another block" });
  // [REJECT] more than two thirds of this height's validators signed it
  const checked = verifyCertificate(cert.value, set, chainId, verifyEd25519);
  return checked.ok ? null : new VerifyError({ code: "BAD_COMMIT", height, reason: checked.error.message });
}

export function verifyNextHeader(chainId: string, trusted: TrustedHead, entry: HeaderEntry): Result<VerifiedHeader, VerifyError> {
  const decoded = decodeHeader(entry.header);
  if (!decoded.ok) return err(new VerifyError({ code: "MALFORMED", what: `header: ${decoded.error.message}` }));
  const h = decoded.value;
  const height = trusted.height + 1;
  // [REJECT] the next height of this chain, in this block format
  if (h.height !== height) return err(bad(h.height, `expected height ${height}`));
  if (h.chainId !== chainId || h.version !== BLOCK_VERSION) return err(bad(height, "wrong chain or version"));
  // [REJECT] it builds on the header we verified last
  if (!bytesEqual(h.parentHash, trusted.hash)) return err(bad(height, "parent is not our verified head"));
  // [REJECT] time strictly increases
  if (h.time <= trusted.header.time) return err(bad(height, "time does not increase"));
  // [REJECT] its validators are the set the parent announced
  if (!bytesEqual(h.validatorsHash, trusted.header.nextValidatorsHash)) return err(bad(height, "validatorsHash differs from parent's nextValidatorsHash"));

  const hash = sha256(entry.header);
  const badCommit = checkCommit(chainId, height, hash, entry.commit, trusted.nextSet);
  if (badCommit) return err(badCommit);

  // [REJECT] a changing set comes with the addresses that hash to nextValidatorsHash
  let nextSet = trusted.nextSet;
  let changedSet: readonly Uint8Array[] | null = null;
  if (!bytesEqual(h.nextValidatorsHash, h.validatorsHash)) {
    const list = entry.nextValidators;
    if (!list || list.length === 0) return err(new VerifyError({ code: "BAD_VALIDATOR_SET", height, reason: "next validator set missing" }));
    const set = ValidatorSet.from(list);
    if (set.size !== list.length) return err(new VerifyError({ code: "BAD_VALIDATOR_SET", height, reason: "duplicate validator" }));
    if (!bytesEqual(validatorsHash([...set.addresses]), h.nextValidatorsHash)) return err(new VerifyError({ code: "BAD_VALIDATOR_SET", height, reason: "does not hash to nextValidatorsHash" }));
    nextSet = set;
    changedSet = set.addresses;
  }
  return ok({ height, hash, header: h, bytes: entry.header, nextSet, changedSet });
}
