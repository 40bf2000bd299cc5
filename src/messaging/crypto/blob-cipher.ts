// Chunked AEAD for files (docs/ENCRYPTION.md section "Attachments"). A file is encrypted on the
// client with a fresh random 32-byte key, in chunks, so neither side ever needs it whole in
// memory and a download can be checked and decrypted as it streams.
//
//   chunkKey  = HKDF-SHA256(ikm = fileKey, salt = 32 zero bytes, info = "parley/blob/v1", L = 32)
//   nonce_i   = u64be(i) || u8(final) || 15 zero bytes          (24 bytes, XChaCha20-Poly1305)
//   AD        = "parley/blob-ad/v1" || u32be(chunkSize)
//   chunk_i   = XChaCha20-Poly1305(chunkKey, nonce_i, AD, plain[i*chunkSize, (i+1)*chunkSize)) (+16-byte tag)
//   blob      = chunk_0 || chunk_1 || ... || chunk_{n-1}
//
// n = max(1, ceil(size / chunkSize)); every chunk but the last holds exactly chunkSize bytes;
// only the last has final = 1 (an empty file is one empty final chunk). The counter in the
// nonce refuses reordered or dropped chunks, the final flag a blob cut at a chunk boundary or
// extended after its end. The key is never reused (one key per file), so a counter nonce is
// safe. The blob id is SHA-256 of the whole blob (the ciphertext), which nodes check.
import { hchacha } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { chacha20Poly1305 } from "../../crypto/native.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 as sha256Hash } from "@noble/hashes/sha2.js";
import { concatBytes, u32be, utf8 } from "../../util/bytes.js";
import { err, ok, type Result } from "../../util/errors.js";
import { cryptoError, type CryptoError } from "./errors.js";
import { Label } from "./labels.js";

export const BLOB_KEY_LEN = 32;
export const BLOB_TAG_LEN = 16;
// 64 KiB: big enough that the tag and per-call cost vanish (0.02 % overhead), small enough that
// a browser decrypts a chunk between frames and a resumed download re-reads at most one.
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
export const MIN_CHUNK_SIZE = 1024;
export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;

const NONCE_LEN = 24;

export function newBlobKey(): Uint8Array {
  return randomBytes(BLOB_KEY_LEN);
}

export function validChunkSize(chunkSize: number): boolean {
  return Number.isInteger(chunkSize) && chunkSize >= MIN_CHUNK_SIZE && chunkSize <= MAX_CHUNK_SIZE;
}

/** How many chunks a file of `size` bytes makes (at least one). */
export function chunkCount(size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

/** Bytes of the blob (ciphertext) for a file of `size` bytes. */
export function blobSize(size: number, chunkSize: number): number {
  return size + chunkCount(size, chunkSize) * BLOB_TAG_LEN;
}

type ChunkAead = ReturnType<typeof chacha20Poly1305>;

// HChaCha20's key and nonce as the little-endian words it works on.
function words(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(4 * i, true);
  return out;
}

// XChaCha20-Poly1305 built the standard way (draft-irtf-cfrg-xchacha 2.3): subkey =
// HChaCha20(key, nonce[0..16]), then ChaCha20-Poly1305 with nonce 0x00000000 || nonce[16..24].
// Built here so Node runs the inner AEAD natively (crypto/native.ts; ~20x @noble's
// xchacha20poly1305 on these machines) while browsers use @noble; the bytes are XChaCha20-Poly1305's
// (test/unit/messaging/blob-cipher.test.ts checks them against @noble's xchacha20poly1305).
function chunkCipher(key: Uint8Array, chunkSize: number): (index: number, final: boolean) => ChunkAead {
  if (key.length !== BLOB_KEY_LEN) throw cryptoError({ code: "BAD_KEY", reason: `a file key is ${BLOB_KEY_LEN} bytes` });
  if (!validChunkSize(chunkSize)) throw cryptoError({ code: "BAD_ENVELOPE", reason: `chunk size must be ${MIN_CHUNK_SIZE}..${MAX_CHUNK_SIZE}` });
  const chunkKey = words(hkdf(sha256Hash, key, new Uint8Array(32), utf8(Label.blobKey), 32));
  const ad = concatBytes(utf8(Label.blobAd), u32be(chunkSize));
  // nonce[16..24] is always zero in our nonces, so the inner nonce is twelve zero bytes.
  const inner = new Uint8Array(12);
  return (index, final) => {
    const nonce = new Uint8Array(NONCE_LEN);
    new DataView(nonce.buffer).setBigUint64(0, BigInt(index));
    nonce[8] = final ? 1 : 0;
    const sub = new Uint32Array(8);
    hchacha(SIGMA, chunkKey, words(nonce.subarray(0, 16)), sub);
    const subkey = new Uint8Array(32);
    const view = new DataView(subkey.buffer);
    for (let i = 0; i < 8; i++) view.setUint32(4 * i, sub[i]!, true);
    return chacha20Poly1305(subkey, inner, ad);
  };
}

// "expand 32-byte k" as four little-endian words: ChaCha's constant.
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

/**
 * Encrypts a file as it arrives: push() plaintext in any sizes, then finish(). Holds at most one
 * chunk: a full chunk is only sealed once more data shows it is not the last.
 */
export class BlobEncryptor {
  private readonly cipher: ReturnType<typeof chunkCipher>;
  private readonly buf: Uint8Array;
  private fill = 0;
  private index = 0;
  private done = false;

  constructor(key: Uint8Array, readonly chunkSize: number = DEFAULT_CHUNK_SIZE) {
    this.cipher = chunkCipher(key, chunkSize);
    this.buf = new Uint8Array(chunkSize);
  }

  /** Sealed chunks that are certainly not the last. */
  push(data: Uint8Array): Uint8Array[] {
    if (this.done) throw new Error("BlobEncryptor: push after finish");
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < data.length) {
      if (this.fill === this.chunkSize) {
        out.push(this.cipher(this.index++, false).encrypt(this.buf.slice()));
        this.fill = 0;
      }
      const n = Math.min(this.chunkSize - this.fill, data.length - at);
      this.buf.set(data.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
    }
    return out;
  }

  /** The final chunk. */
  finish(): Uint8Array {
    if (this.done) throw new Error("BlobEncryptor: finish twice");
    this.done = true;
    return this.cipher(this.index++, true).encrypt(this.buf.subarray(0, this.fill));
  }
}

/**
 * Decrypts a blob as it arrives. push() ciphertext in any sizes; it returns plaintext of the
 * chunks proven not to be last; finish() opens the final one. Any failure is DECRYPT_FAILED
 * (wrong key, tampered or reordered chunks) or TRUNCATED (the blob ends at a chunk boundary
 * before its final chunk); the plaintext given out so far must then be thrown away.
 */
export class BlobDecryptor {
  private readonly cipher: ReturnType<typeof chunkCipher>;
  private readonly sealedLen: number;
  private readonly buf: Uint8Array;
  private fill = 0;
  private index = 0;
  private failed: CryptoError | null = null;
  private done = false;

  constructor(key: Uint8Array, readonly chunkSize: number = DEFAULT_CHUNK_SIZE) {
    this.cipher = chunkCipher(key, chunkSize);
    this.sealedLen = chunkSize + BLOB_TAG_LEN;
    this.buf = new Uint8Array(this.sealedLen);
  }

  push(data: Uint8Array): Result<Uint8Array[], CryptoError> {
    if (this.failed) return err(this.failed);
    if (this.done) return this.fail(cryptoError({ code: "BAD_ENVELOPE", reason: "data after the end of the blob" }));
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < data.length) {
      if (this.fill === this.sealedLen) {
        const plain = this.open(this.buf, false);
        if (!plain.ok) return plain;
        out.push(plain.value);
        this.fill = 0;
      }
      const n = Math.min(this.sealedLen - this.fill, data.length - at);
      this.buf.set(data.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
    }
    return ok(out);
  }

  finish(): Result<Uint8Array, CryptoError> {
    if (this.failed) return err(this.failed);
    this.done = true;
    if (this.fill < BLOB_TAG_LEN) return this.fail(cryptoError({ code: "TRUNCATED" }));
    const last = this.buf.subarray(0, this.fill);
    const plain = this.open(last, true);
    if (plain.ok) return plain;
    // Authentic as a middle chunk: the blob was cut at a chunk boundary.
    if (this.fill === this.sealedLen && this.tryOpen(last, false)) return this.fail(cryptoError({ code: "TRUNCATED" }));
    return plain;
  }

  private tryOpen(sealed: Uint8Array, final: boolean): Uint8Array | null {
    return this.cipher(this.index, final).decrypt(sealed);
  }

  private open(sealed: Uint8Array, final: boolean): Result<Uint8Array, CryptoError> {
    const plain = this.tryOpen(sealed, final);
    if (plain === null) return this.fail(cryptoError({ code: "DECRYPT_FAILED" }));
    this.index++;
    return ok(plain);
  }

  private fail(e: CryptoError): Result<never, CryptoError> {
    this.failed = e;
    return err(e);
  }
}

/** The whole blob of a file held in memory (small files, tests, vectors). */
export function encryptBlob(key: Uint8Array, plain: Uint8Array, chunkSize: number = DEFAULT_CHUNK_SIZE): Uint8Array {
  const enc = new BlobEncryptor(key, chunkSize);
  return concatBytes(...enc.push(plain), enc.finish());
}

export function decryptBlob(key: Uint8Array, blob: Uint8Array, chunkSize: number = DEFAULT_CHUNK_SIZE): Result<Uint8Array, CryptoError> {
  const dec = new BlobDecryptor(key, chunkSize);
  const parts = dec.push(blob);
  if (!parts.ok) return parts;
  const last = dec.finish();
  return last.ok ? ok(concatBytes(...parts.value, last.value)) : last;
}
