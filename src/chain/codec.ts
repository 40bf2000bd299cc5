// Canonical encoding: msgpack with positional arrays (never maps), so that the bytes of
// anything hashed or signed are deterministic. Integers that can exceed 2^53 (amounts, fees,
// balances) are bigints, which msgpackr always writes as 64-bit (0xcf/0xd3); counters
// (heights, nonces, rounds) are safe integers written in their shortest form.
// Decoders re-encode what they decoded and reject input whose bytes differ: one value,
// one encoding, so no two byte strings can carry the same transaction.
import { Packr } from "msgpackr";
import { asBytes, bytesEqual } from "../util/bytes.js";

const packr = new Packr({
  useRecords: false,
  mapsAsObjects: false,
  int64AsType: "bigint",
  variableMapSize: true,
  moreTypes: false,
});

export function encode(value: unknown): Uint8Array {
  return asBytes(packr.pack(value));
}

/** Decodes msgpack; returns undefined on malformed input (never throws to the caller). */
export function decodeUnknown(bytes: Uint8Array): unknown {
  try {
    return packr.unpack(bytes);
  } catch {
    return undefined;
  }
}

export function isCanonical(value: unknown, bytes: Uint8Array): boolean {
  try {
    return bytesEqual(encode(value), bytes);
  } catch {
    return false;
  }
}

// Field readers for positional arrays: each returns undefined on a wrong type so decoders
// can turn it into a typed error without try/catch.
export function readBytes(v: unknown, len?: number): Uint8Array | undefined {
  if (!(v instanceof Uint8Array)) return undefined;
  if (len !== undefined && v.length !== len) return undefined;
  return asBytes(v);
}

export function readUint(v: unknown): number | undefined {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

export function readBigUint(v: unknown): bigint | undefined {
  return typeof v === "bigint" && v >= 0n && v < 1n << 64n ? v : undefined;
}

export function readString(v: unknown, maxLen: number): string | undefined {
  return typeof v === "string" && v.length <= maxLen ? v : undefined;
}

export function readArray(v: unknown, len?: number): unknown[] | undefined {
  if (!Array.isArray(v)) return undefined;
  if (len !== undefined && v.length !== len) return undefined;
  return v;
}
