// MLS state at rest (docs/ENCRYPTION.md 12.9): a store's contents (group states, key package
// private halves) sealed with XChaCha20-Poly1305 under a key derived from the identity's own
// secret key, so the file is as safe as the key file it sits beside. Browser-safe (@noble only),
// so the web app can seal its copy the same way.
//   key = HKDF-SHA256(ikm = secretKey(32), salt = utf8("parley/mls-store/v2"), info = address(32), 32)
//   AD  = utf8("parley/mls-store/v2") || address(32)
// A fresh 24-byte random nonce per write. Why the key and not the passphrase: the passphrase's
// scrypt (~0.7 s) would run again on every CLI call, and the key it unlocks is already a
// 256-bit secret; a plaintext key file (explicit flag) leaves the store only as safe as that file.
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { concatBytes, utf8 } from "../../util/bytes.js";
import type { Identity } from "../keys.js";

const LABEL = utf8("parley/mls-store/v2");
export const STORE_NONCE_BYTES = 24;

function storeKey(identity: Identity): Uint8Array {
  return hkdf(sha256, identity.secretKey, LABEL, identity.publicKey, 32);
}

/** Seals `plaintext` for `identity`'s store: nonce and ciphertext (with its 16-byte tag). */
export function sealStore(identity: Identity, plaintext: Uint8Array, nonce: Uint8Array = randomBytes(STORE_NONCE_BYTES)): { nonce: Uint8Array; ciphertext: Uint8Array } {
  return { nonce, ciphertext: xchacha20poly1305(storeKey(identity), nonce, concatBytes(LABEL, identity.publicKey)).encrypt(plaintext) };
}

/** Opens a sealed store, or null when it was sealed for another key or altered. */
export function openStore(identity: Identity, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  if (nonce.length !== STORE_NONCE_BYTES) return null;
  try {
    return xchacha20poly1305(storeKey(identity), nonce, concatBytes(LABEL, identity.publicKey)).decrypt(ciphertext);
  } catch {
    return null;
  }
}
