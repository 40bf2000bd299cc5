// NIP-44-style padding: the ciphertext length reveals only a bucket, not the exact length.
//   padded = prefix(len) || plaintext || zeros(calcPaddedLen(len) - len)
// prefix is u16be when maxLength <= 65535 (the protocol default) and u32be above that; both
// sides must use the same maxLength. Buckets: 32 bytes minimum, then steps of 32 up to 256,
// then steps of one eighth of the next power of two (NIP-44's calc_padded_len).
import { cryptoError, type CryptoError } from "./errors.js";
import { err, ok, type Result } from "../../util/errors.js";

/** Protocol default: every message, post and metadata blob uses this (u16 length prefix). */
export const DEFAULT_MAX_PLAINTEXT = 65_535;
const MIN_PADDED = 32;
const U32_MAX = 0xffff_ffff;

export interface PaddingOptions {
  maxLength?: number;
}

function maxOf(opts: PaddingOptions | undefined): number {
  const max = opts?.maxLength ?? DEFAULT_MAX_PLAINTEXT;
  if (!Number.isInteger(max) || max < 0 || max > U32_MAX) throw new RangeError("maxLength must be an integer in [0, 2^32)");
  return max;
}

export function prefixLength(maxLength: number = DEFAULT_MAX_PLAINTEXT): 2 | 4 {
  return maxLength <= 0xffff ? 2 : 4;
}

/** Bucket size for `len` plaintext bytes (without the length prefix). */
export function calcPaddedLen(len: number): number {
  if (len <= MIN_PADDED) return MIN_PADDED;
  // 2 ** (floor(log2(len - 1)) + 1): the next power of two >= len. Math.pow, not <<, so lengths
  // past 2^31 do not overflow a 32-bit shift.
  const nextPower = 2 ** (Math.floor(Math.log2(len - 1)) + 1);
  const chunk = nextPower <= 256 ? 32 : nextPower / 8;
  return chunk * (Math.floor((len - 1) / chunk) + 1);
}

/** Padded size including the prefix, i.e. what the AEAD encrypts. */
export function paddedSize(len: number, opts?: PaddingOptions): number {
  return prefixLength(maxOf(opts)) + calcPaddedLen(len);
}

/** Throws CryptoError TOO_LARGE when the plaintext exceeds maxLength. */
export function pad(plaintext: Uint8Array, opts?: PaddingOptions): Uint8Array {
  const max = maxOf(opts);
  if (plaintext.length > max) throw cryptoError({ code: "TOO_LARGE", max });
  const prefix = prefixLength(max);
  const out = new Uint8Array(prefix + calcPaddedLen(plaintext.length)); // zero-filled
  const view = new DataView(out.buffer);
  if (prefix === 2) view.setUint16(0, plaintext.length);
  else view.setUint32(0, plaintext.length);
  out.set(plaintext, prefix);
  return out;
}

/** Rejects (BAD_PADDING) a wrong total size, a length above maxLength, or non-zero padding bytes. */
export function unpad(padded: Uint8Array, opts?: PaddingOptions): Result<Uint8Array, CryptoError> {
  const max = maxOf(opts);
  const prefix = prefixLength(max);
  if (padded.length < prefix + MIN_PADDED) return err(cryptoError({ code: "BAD_PADDING" }));
  const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  const len = prefix === 2 ? view.getUint16(0) : view.getUint32(0);
  if (len > max || padded.length !== prefix + calcPaddedLen(len)) return err(cryptoError({ code: "BAD_PADDING" }));
  // Padding must be zeros: one canonical encoding per plaintext, no side channel inside the bucket.
  for (let i = prefix + len; i < padded.length; i++) if (padded[i] !== 0) return err(cryptoError({ code: "BAD_PADDING" }));
  return ok(padded.slice(prefix, prefix + len));
}
