// Node-side crypto on the hot path: node:crypto's native Ed25519 verifies ~12x faster than
// noble on these machines (~7,100/s per core measured). Never import this from src/client.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, hash, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { isCanonicalSignature, isWeakPublicKey } from "./ed25519-rules.js";
import { latin1 } from "../util/latin1.js";

// One-shot crypto.hash builds no Hash object: ~40% cheaper than createHash for the short inputs
// hashed here (ids, state keys, tree nodes: several per tx). Its Buffer owns a fresh 32-byte
// ArrayBuffer, so the view below neither copies nor pins a shared pool.
export function sha256(data: Uint8Array): Uint8Array {
  const d = hash("sha256", data, "buffer");
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

export function sha256Many(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return sha256(parts[0]!);
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

// node:crypto takes a raw Ed25519 key only as SPKI DER: this fixed prefix + the 32 key bytes.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

// Active senders sign many txs; building a KeyObject costs about as much as a verify.
const KEY_CACHE_MAX = 50_000;
const keyCache = new Map<string, KeyObject | null>();

function keyObject(pk: Uint8Array): KeyObject | null {
  const id = latin1(pk);
  let key = keyCache.get(id);
  if (key !== undefined) return key;
  if (isWeakPublicKey(pk)) key = null;
  else {
    try {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: "der", type: "spki" });
    } catch {
      key = null;
    }
  }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(id, key);
  return key;
}

/** Strict verify: canonical S, no small-order or non-canonical keys, then RFC 8032 verify. */
export function verifyEd25519(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!isCanonicalSignature(sig)) return false;
  const key = keyObject(pk);
  if (key === null) return false;
  return nodeVerify(null, msg, key, sig);
}

// node:crypto takes a raw Ed25519 seed only as PKCS#8 DER: this fixed prefix + the 32 seed bytes.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** A native signer for a validator's seed: the key object is built once, not per signature. */
export function nativeSigner(seed: Uint8Array): (msg: Uint8Array) => Uint8Array {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  return (msg) => new Uint8Array(nodeSign(null, msg, key));
}

/** Incremental SHA-256 (file blobs: hashed as they stream). */
export function sha256Stream(): { update(data: Uint8Array): void; digest(): Uint8Array } {
  const h = createHash("sha256");
  return {
    update: (data) => void h.update(data),
    digest: () => {
      const d = h.digest();
      return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    },
  };
}

/**
 * ChaCha20-Poly1305 (RFC 8439, 12-byte nonce): the inner AEAD of XChaCha20-Poly1305 for file
 * chunks (blob-cipher.ts), native here: ~20x @noble's speed on these machines. decrypt
 * returns null when the tag does not verify.
 */
export function chacha20Poly1305(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array): { encrypt(plain: Uint8Array): Uint8Array; decrypt(sealed: Uint8Array): Uint8Array | null } {
  return {
    encrypt: (plain) => {
      const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
      c.setAAD(ad, { plaintextLength: plain.length });
      const head = c.update(plain);
      const tail = c.final();
      const out = new Uint8Array(head.length + tail.length + 16);
      out.set(head, 0);
      out.set(tail, head.length);
      out.set(c.getAuthTag(), head.length + tail.length);
      return out;
    },
    decrypt: (sealed) => {
      if (sealed.length < 16) return null;
      const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
      d.setAAD(ad, { plaintextLength: sealed.length - 16 });
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      try {
        const head = d.update(sealed.subarray(0, sealed.length - 16));
        const tail = d.final();
        if (tail.length === 0) return new Uint8Array(head.buffer, head.byteOffset, head.byteLength);
        return new Uint8Array(Buffer.concat([head, tail]));
      } catch {
        return null;
      }
    },
  };
}
