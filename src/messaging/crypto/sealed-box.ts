// The public-key box under both direct messages and channel key wraps: an ephemeral X25519
// key agreement, HKDF-SHA256 to a one-time key, XChaCha20-Poly1305 with a random nonce.
//
//   envelope = version(1) = 0x01
//           || keyType(1)    0x00 = recipient's identity key, 0x01 = a published prekey
//           || prekeyId(8)   only when keyType = 0x01: the prekey's first 8 public-key bytes
//           || ephPub(32)
//           || nonce(24)
//           || ciphertext || tag(16)
//   header  = every byte before the nonce
//   shared  = X25519(ephSecret, recipientKey)             (= X25519(recipientSecret, ephPub))
//   key     = HKDF-SHA256(ikm = shared, salt = 32 zero bytes, info = keyLabel || ephPub || recipientKey, L = 32)
//   AD      = adContext || header
//
// The salt is fixed (RFC 5869's default, written out): the ikm is already a uniformly hard
// Diffie-Hellman output and all domain separation lives in `info`, where it is easy to read.
// The header goes into AD so every byte of the envelope is authenticated, not just the ones
// whose change happens to break the key derivation.
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, toHex } from "../../util/bytes.js";
import { err, ok, type Result } from "../../util/errors.js";
import { fixed, labelField } from "./context.js";
import { cryptoError, type CryptoError } from "./errors.js";
import { PREKEY_ID_LEN, X25519_KEY_LEN, prekeyId, type RecipientKeyKind, type X25519KeyPair } from "./keys.js";
import { sharedSecretKey, type Keyring } from "./keyring.js";

export const ENVELOPE_VERSION = 1;
export const KeyType = { identity: 0, prekey: 1 } as const;
export const NONCE_LEN = 24;
export const TAG_LEN = 16;
const HKDF_SALT = new Uint8Array(32);

/** Injected randomness, for deterministic test vectors only; production leaves it out. */
export interface BoxRandom {
  ephemeralSecret: Uint8Array;
  nonce: Uint8Array;
}

export function deriveBoxKey(keyLabel: string, shared: Uint8Array, ephPub: Uint8Array, recipientKey: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, HKDF_SALT, concatBytes(labelField(keyLabel), ephPub, recipientKey), 32);
}

export function boxHeader(kind: RecipientKeyKind, recipientKey: Uint8Array, ephPub: Uint8Array): Uint8Array {
  return kind === "prekey"
    ? concatBytes(Uint8Array.of(ENVELOPE_VERSION, KeyType.prekey), prekeyId(recipientKey), ephPub)
    : concatBytes(Uint8Array.of(ENVELOPE_VERSION, KeyType.identity), ephPub);
}

/** Envelope size for a payload of `payloadLen` bytes. */
export function boxSize(kind: RecipientKeyKind, payloadLen: number): number {
  return 2 + (kind === "prekey" ? PREKEY_ID_LEN : 0) + X25519_KEY_LEN + NONCE_LEN + payloadLen + TAG_LEN;
}

export interface SealBoxInput {
  keyLabel: string;
  adContext: Uint8Array;
  recipientKey: Uint8Array;
  recipientKeyKind: RecipientKeyKind;
  payload: Uint8Array;
  random?: BoxRandom;
}

/** Throws CryptoError BAD_KEY when the recipient key is malformed or small-order. */
export function sealBox(input: SealBoxInput): Uint8Array {
  const { recipientKey, recipientKeyKind } = input;
  if (recipientKey.length !== X25519_KEY_LEN) throw cryptoError({ code: "BAD_KEY", reason: "recipient key must be 32 bytes" });
  const ephSecret = input.random ? fixed(input.random.ephemeralSecret, 32, "ephemeralSecret") : x25519.utils.randomSecretKey();
  const nonce = input.random ? fixed(input.random.nonce, NONCE_LEN, "nonce") : randomBytes(NONCE_LEN);
  const ephPub = x25519.getPublicKey(ephSecret);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephSecret, recipientKey);
  } catch {
    throw cryptoError({ code: "BAD_KEY", reason: "recipient key is small-order" });
  }
  const key = deriveBoxKey(input.keyLabel, shared, ephPub, recipientKey);
  const header = boxHeader(recipientKeyKind, recipientKey, ephPub);
  const sealed = xchacha20poly1305(key, nonce, concatBytes(input.adContext, header)).encrypt(input.payload);
  shared.fill(0);
  key.fill(0);
  if (!input.random) ephSecret.fill(0);
  return concatBytes(header, nonce, sealed);
}

export interface ParsedBox {
  header: Uint8Array;
  keyType: RecipientKeyKind;
  prekeyId: Uint8Array | null;
  ephPub: Uint8Array;
  nonce: Uint8Array;
  /** ciphertext || tag */
  sealed: Uint8Array;
}

/** Splits an envelope into its fields; BAD_ENVELOPE when the layout is wrong or the payload is out of [minPayload, maxPayload]. */
export function parseBox(bytes: Uint8Array, minPayload: number, maxPayload: number): Result<ParsedBox, CryptoError> {
  const bad = (reason: string) => err(cryptoError({ code: "BAD_ENVELOPE", reason }));
  if (bytes.length < 2) return bad("shorter than the header");
  if (bytes[0] !== ENVELOPE_VERSION) return bad(`unknown version ${bytes[0]}`);
  let keyType: RecipientKeyKind;
  if (bytes[1] === KeyType.identity) keyType = "identity";
  else if (bytes[1] === KeyType.prekey) keyType = "prekey";
  else return bad(`unknown key type ${bytes[1]}`);
  const idLen = keyType === "prekey" ? PREKEY_ID_LEN : 0;
  const nonceAt = 2 + idLen + X25519_KEY_LEN;
  const sealedAt = nonceAt + NONCE_LEN;
  const payloadLen = bytes.length - sealedAt - TAG_LEN;
  if (payloadLen < minPayload) return bad("too short");
  if (payloadLen > maxPayload) return bad("too long");
  return ok({
    header: bytes.subarray(0, nonceAt),
    keyType,
    prekeyId: idLen ? bytes.subarray(2, 2 + idLen) : null,
    ephPub: bytes.subarray(2 + idLen, nonceAt),
    nonce: bytes.subarray(nonceAt, sealedAt),
    sealed: bytes.subarray(sealedAt),
  });
}

function candidates(box: ParsedBox, keyring: Keyring): readonly X25519KeyPair[] {
  if (box.keyType === "identity") return [keyring.identity];
  return keyring.byPrekeyId.get(toHex(box.prekeyId!)) ?? [];
}

/** DECRYPT_FAILED when no key of ours opens it: not addressed to us, a deleted prekey, tampered, or another context. */
export function openBox(keyLabel: string, adContext: Uint8Array, box: ParsedBox, keyring: Keyring): Result<Uint8Array, CryptoError> {
  const ad = concatBytes(adContext, box.header);
  for (const pair of candidates(box, keyring)) {
    let shared: Uint8Array;
    try {
      // A copy: the secret is wiped below, the cache keeps its own.
      shared = keyring.shared?.get(sharedSecretKey(pair.public, box.ephPub))?.slice() ?? x25519.getSharedSecret(pair.secret, box.ephPub);
    } catch {
      // A small-order ephemeral key: the peer made it so, and no key of ours can open it.
      return err(cryptoError({ code: "DECRYPT_FAILED" }));
    }
    const key = deriveBoxKey(keyLabel, shared, box.ephPub, pair.public);
    shared.fill(0);
    try {
      return ok(xchacha20poly1305(key, box.nonce, ad).decrypt(box.sealed));
    } catch {
      // Wrong key or tampered bytes: try the next candidate (only on a prekey-id collision).
    } finally {
      key.fill(0);
    }
  }
  return err(cryptoError({ code: "DECRYPT_FAILED" }));
}
