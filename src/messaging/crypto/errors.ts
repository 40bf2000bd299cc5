import { ParleyError } from "../../util/errors.js";

/**
 * Every way sealing or opening can fail because of what a user or a peer supplied.
 * DECRYPT_FAILED deliberately does not say why (wrong key, tampered bytes, replayed into another
 * tx or chain): telling them apart would need secrets the opener does not have, and an oracle
 * that did would help an attacker.
 */
export type CryptoErrorType =
  | { code: "DECRYPT_FAILED" }
  | { code: "BAD_ENVELOPE"; reason: string }
  | { code: "BAD_PADDING" }
  /** A file blob that ends before its final chunk (an interrupted or cut download). */
  | { code: "TRUNCATED" }
  | { code: "TOO_LARGE"; max: number }
  | { code: "BAD_KEY"; reason: string };

export type CryptoErrorCode = CryptoErrorType["code"];

export class CryptoError extends ParleyError<CryptoErrorType> {}

export function cryptoError(type: CryptoErrorType): CryptoError {
  return new CryptoError(type);
}
