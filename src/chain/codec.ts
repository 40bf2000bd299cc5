// Canonical encoding: msgpack with positional arrays (never maps), so that the bytes of
// anything hashed or signed are deterministic (rules in src/chain/canonical-msgpack.ts):
// counters are JS numbers, written as unsigned integers in their shortest form; 64-bit amounts
// are bigints, always written as uint64.
// Decoders re-encode what they decoded and reject input whose bytes differ: one value,
// one encoding, so no two byte strings can carry the same transaction. That check is what
// refuses floats, signed forms and over-long integers, lengths and headers.
import { Unpackr } from "msgpackr";
import { asBytes } from "../util/bytes.js";
import { encodeCanonical, encodesTo } from "./canonical-msgpack.js";

// Reading is msgpackr's (fast, and whatever it accepts beyond the canonical subset the
// re-encoding check refuses). uint64 (0xcf) always reads as a bigint, so a u64 is never rounded.
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: false,
  int64AsType: "bigint",
  moreTypes: false,
});

export function encode(value: unknown): Uint8Array {
  return encodeCanonical(value);
}

/** Decodes msgpack; returns undefined on malformed input (never throws to the caller). */
export function decodeUnknown(bytes: Uint8Array): unknown {
  try {
    return unpackr.unpack(bytes);
  } catch {
    return undefined;
  }
}

/** True when `bytes` is the canonical encoding of `value` (never throws). */
export function isCanonical(value: unknown, bytes: Uint8Array): boolean {
  return encodesTo(value, bytes);
}

// Field readers for positional arrays: each returns undefined on a wrong type so decoders
// can turn it into a typed error without try/catch.
export function readBytes(v: unknown, len?: number): Uint8Array | undefined {
  if (!(v instanceof Uint8Array)) return undefined;
  if (len !== undefined && v.length !== len) return undefined;
  return asBytes(v);
}

// msgpackr reads uint64 and int64 (0xcf, 0xd3) as bigints and every other integer form as a
// number, so the JS type of a decoded integer tells the 64-bit forms from the short ones.
const TWO_POW_32 = 1n << 32n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const U64_LIMIT = 1n << 64n;

/**
 * A counter (height, nonce, round, time in ms): an unsigned safe integer. One read from a
 * 64-bit form must be at least 2^32, where uint64 is its shortest form; below that the
 * 64-bit form is refused here, since a check that re-encodes what msgpackr decoded (a bigint,
 * always written as uint64) would take it for canonical.
 */
export function readUint(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  return typeof v === "bigint" && v >= TWO_POW_32 && v <= MAX_SAFE ? Number(v) : undefined;
}

/** A 64-bit amount (balance, fee, amount): only a 64-bit form is one; the re-encoding check refuses int64. */
export function readBigUint(v: unknown): bigint | undefined {
  return typeof v === "bigint" && v >= 0n && v < U64_LIMIT ? v : undefined;
}

export function readString(v: unknown, maxLen: number): string | undefined {
  return typeof v === "string" && v.length <= maxLen ? v : undefined;
}

export function readArray(v: unknown, len?: number): unknown[] | undefined {
  if (!Array.isArray(v)) return undefined;
  if (len !== undefined && v.length !== len) return undefined;
  return v;
}
