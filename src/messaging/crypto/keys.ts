// Key material: the Ed25519 identity seen as an X25519 key, prekeys, and the signature a
// key.publish tx carries over its prekey.
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { isCanonicalSignature, isWeakPublicKey } from "../../crypto/ed25519-rules.js";
import { concatBytes } from "../../util/bytes.js";
import { chainIdField, fixed, labelField } from "./context.js";
import { cryptoError } from "./errors.js";
import { Label } from "./labels.js";

export const X25519_KEY_LEN = 32;
/** A prekey is named in an envelope by this many leading bytes of its public key (see envelope layout). */
export const PREKEY_ID_LEN = 8;

export interface X25519KeyPair {
  secret: Uint8Array;
  public: Uint8Array;
}

/**
 * The X25519 secret of an Ed25519 identity: clamp(SHA-512(seed)[0..32]), the same scalar
 * Ed25519 signs with (libsodium's crypto_sign_ed25519_sk_to_curve25519).
 */
export function edSecretToX25519(edSecret: Uint8Array): Uint8Array {
  // noble returns a view into the 64-byte hash; copy so the other half is not kept alive.
  return ed25519.utils.toMontgomerySecret(fixed(edSecret, 32, "edSecret")).slice();
}

/**
 * The X25519 public key of an Ed25519 identity: u = (1 + y) / (1 - y). Throws BAD_KEY for keys
 * that are not points or are small-order (a DM to them would have a guessable shared secret).
 */
export function edPublicToX25519(edPublic: Uint8Array): Uint8Array {
  if (edPublic.length !== 32 || isWeakPublicKey(edPublic)) throw cryptoError({ code: "BAD_KEY", reason: "weak or malformed Ed25519 key" });
  try {
    return ed25519.utils.toMontgomery(edPublic);
  } catch {
    throw cryptoError({ code: "BAD_KEY", reason: "Ed25519 key is not a curve point" });
  }
}

export function x25519Public(secret: Uint8Array): Uint8Array {
  return x25519.getPublicKey(fixed(secret, X25519_KEY_LEN, "X25519 secret"));
}

/** A fresh X25519 prekey pair; `secret` may be injected for deterministic tests. */
export function newPrekey(secret: Uint8Array = x25519.utils.randomSecretKey()): X25519KeyPair {
  return { secret, public: x25519Public(secret) };
}

/** The 8-byte name of a prekey inside an envelope: its public key's first 8 bytes. */
export function prekeyId(prekeyPublic: Uint8Array): Uint8Array {
  return fixed(prekeyPublic, X25519_KEY_LEN, "prekey").slice(0, PREKEY_ID_LEN);
}

/** utf8("parley/prekey/v1") || u8(len chainId) || chainId || prekeyPub(32) */
export function prekeySignatureMessage(prekeyPublic: Uint8Array, chainId: string): Uint8Array {
  return concatBytes(labelField(Label.prekeySignature), chainIdField(chainId), fixed(prekeyPublic, X25519_KEY_LEN, "prekey"));
}

/** The Ed25519 signature a key.publish tx carries: the identity vouches for its prekey on one chain. */
export function prekeySignature(edSecret: Uint8Array, prekeyPublic: Uint8Array, chainId: string): Uint8Array {
  return ed25519.sign(prekeySignatureMessage(prekeyPublic, chainId), fixed(edSecret, 32, "edSecret"));
}

/**
 * Strict check of a prekey signature: canonical S, no small-order identity key, RFC 8032 (not
 * ZIP-215) decoding, the same rules the node applies to tx signatures. Never throws.
 */
export function verifyPrekeySignature(edPublic: Uint8Array, prekeyPublic: Uint8Array, chainId: string, signature: Uint8Array): boolean {
  if (prekeyPublic.length !== X25519_KEY_LEN || !isCanonicalSignature(signature) || isWeakPublicKey(edPublic)) return false;
  try {
    return ed25519.verify(signature, prekeySignatureMessage(prekeyPublic, chainId), edPublic, { zip215: false });
  } catch {
    return false;
  }
}

export type RecipientKeyKind = "identity" | "prekey";

export interface RecipientKey {
  recipientKey: Uint8Array;
  recipientKeyKind: RecipientKeyKind;
}

/**
 * Which X25519 key to encrypt to: the recipient's latest published prekey, or, if they never
 * published one, their identity converted to X25519 (anyone can write to an address unseen).
 */
export function chooseRecipientKey(recipientAddress: Uint8Array, latestPrekey: Uint8Array | null | undefined): RecipientKey {
  if (latestPrekey) return { recipientKey: fixed(latestPrekey, X25519_KEY_LEN, "prekey"), recipientKeyKind: "prekey" };
  return { recipientKey: edPublicToX25519(recipientAddress), recipientKeyKind: "identity" };
}
