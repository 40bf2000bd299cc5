// Commit certificate: Q precommit signatures of one round for one value id. Stored beside the
// block and carried by its child, it proves finality from signatures alone (sync, light nodes).
// Canonical form lists signers in ascending address order without repeats.
import { decodeUnknown, encode, isCanonical, readArray, readBytes, readUint } from "../chain/codec.js";
import { compareBytes, toHex } from "../util/bytes.js";
import { ParleyError, err, ok, type Result } from "../util/errors.js";
import { ADDRESS_LEN, HASH_LEN, SIGNATURE_LEN, verifyVoteSignature, type SignedVote } from "./messages.js";
import type { VerifyFn } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

export interface CommitSignature {
  validator: Uint8Array;
  signature: Uint8Array;
}

export interface CommitCertificate {
  height: number;
  round: number;
  valueId: Uint8Array;
  precommits: CommitSignature[];
}

export type CertificateErrorType =
  | { code: "MALFORMED" }
  | { code: "NON_CANONICAL" }
  | { code: "BAD_FIELD"; field: string }
  | { code: "NOT_VALIDATOR"; validator: string }
  | { code: "BAD_SIGNATURE"; validator: string }
  | { code: "INSUFFICIENT"; have: number; need: number };

export class CertificateError extends ParleyError<CertificateErrorType> {}

// A certificate never needs more entries than validators; this bounds decoding work.
const MAX_SIGNERS = 10_000;

/** Builds the canonical certificate from precommits the engine counted (all for `valueId`). */
export function buildCertificate(height: number, round: number, valueId: Uint8Array, precommits: SignedVote[]): CommitCertificate {
  const sigs = precommits
    .map((v) => ({ validator: v.validator, signature: v.signature }))
    .sort((a, b) => compareBytes(a.validator, b.validator));
  return { height, round, valueId, precommits: sigs };
}

/**
 * Checks that at least Q distinct members of `set` signed a precommit for exactly
 * (cert.height, cert.round, cert.valueId). A signer outside the set or a bad signature fails
 * the whole certificate; a repeated signer counts once. The caller checks that `set` is the
 * set of cert.height and that cert.height/valueId are the block it expects.
 */
export function verifyCertificate(
  cert: CommitCertificate,
  set: ValidatorSet,
  chainId: string,
  verify: VerifyFn,
): Result<void, CertificateError> {
  const seen = new Set<string>();
  for (const p of cert.precommits) {
    const who = toHex(p.validator);
    // [REJECT] every signer is a member of the set of that height
    if (!set.has(p.validator)) return err(new CertificateError({ code: "NOT_VALIDATOR", validator: who }));
    if (seen.has(who)) continue;
    const vote: SignedVote = {
      kind: "vote",
      type: "precommit",
      height: cert.height,
      round: cert.round,
      valueId: cert.valueId,
      validator: p.validator,
      signature: p.signature,
    };
    // [REJECT] each signature is a precommit for exactly this (height, round, id) on this chain
    if (!verifyVoteSignature(chainId, vote, verify)) return err(new CertificateError({ code: "BAD_SIGNATURE", validator: who }));
    seen.add(who);
  }
  // [REJECT] more than two thirds of the set
  if (seen.size < set.quorum) return err(new CertificateError({ code: "INSUFFICIENT", have: seen.size, need: set.quorum }));
  return ok(undefined);
}

export function encodeCertificate(cert: CommitCertificate): Uint8Array {
  return encode([cert.height, cert.round, cert.valueId, cert.precommits.map((p) => [p.validator, p.signature])]);
}

export function decodeCertificate(bytes: Uint8Array): Result<CommitCertificate, CertificateError> {
  const raw = decodeUnknown(bytes);
  const a = readArray(raw, 4);
  if (a === undefined) return err(new CertificateError({ code: "MALFORMED" }));
  if (!isCanonical(raw, bytes)) return err(new CertificateError({ code: "NON_CANONICAL" }));
  const height = readUint(a[0]);
  if (height === undefined) return err(bad("height"));
  const round = readUint(a[1]);
  if (round === undefined) return err(bad("round"));
  const valueId = readBytes(a[2], HASH_LEN);
  if (valueId === undefined) return err(bad("valueId"));
  const list = readArray(a[3]);
  if (list === undefined || list.length > MAX_SIGNERS) return err(bad("precommits"));
  const precommits: CommitSignature[] = [];
  for (const item of list) {
    const pair = readArray(item, 2);
    const validator = pair === undefined ? undefined : readBytes(pair[0], ADDRESS_LEN);
    const signature = pair === undefined ? undefined : readBytes(pair[1], SIGNATURE_LEN);
    if (validator === undefined || signature === undefined) return err(bad("precommits"));
    // Canonical order: strictly ascending signers, so one certificate has one encoding.
    const prev = precommits[precommits.length - 1];
    if (prev !== undefined && compareBytes(prev.validator, validator) >= 0) return err(bad("precommits.order"));
    precommits.push({ validator, signature });
  }
  return ok({ height, round, valueId, precommits });
}

function bad(field: string): CertificateError {
  return new CertificateError({ code: "BAD_FIELD", field });
}
