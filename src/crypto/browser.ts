// The browser's stand-in for native.ts: the same functions on @noble (node:crypto does not exist
// there). The app's bundler maps every import of crypto/native.js to this file, so the light
// client's verification code (src/light/verify-*.ts) runs unchanged in the browser: one
// implementation of the rules, two crypto back ends. Results must be identical to native.ts
// (test/unit/crypto/browser.test.ts checks them side by side).
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { isCanonicalSignature, isWeakPublicKey } from "./ed25519-rules.js";

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function sha256Many(...parts: Uint8Array[]): Uint8Array {
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Strict verify as native.ts: canonical S, no small-order or non-canonical keys, RFC 8032 (not ZIP-215). */
export function verifyEd25519(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!isCanonicalSignature(sig) || isWeakPublicKey(pk)) return false;
  try {
    return ed25519.verify(sig, msg, pk, { zip215: false });
  } catch {
    return false;
  }
}

export function nativeSigner(seed: Uint8Array): (msg: Uint8Array) => Uint8Array {
  return (msg) => ed25519.sign(msg, seed);
}

export function sha256Stream(): { update(data: Uint8Array): void; digest(): Uint8Array } {
  const h = nobleSha256.create();
  return { update: (data) => void h.update(data), digest: () => h.digest() };
}

export function chacha20Poly1305(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array): { encrypt(plain: Uint8Array): Uint8Array; decrypt(sealed: Uint8Array): Uint8Array | null } {
  return {
    encrypt: (plain) => chacha20poly1305(key, nonce, ad).encrypt(plain),
    decrypt: (sealed) => {
      try {
        return chacha20poly1305(key, nonce, ad).decrypt(sealed);
      } catch {
        return null;
      }
    },
  };
}

// Compile-time proof that this file offers what native.ts offers, with the same types.
export const browserCrypto: typeof import("./native.js") = { sha256, sha256Many, verifyEd25519, nativeSigner, sha256Stream, chacha20Poly1305 };
