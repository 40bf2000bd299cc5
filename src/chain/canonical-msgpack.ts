// The canonical msgpack writer: the one encoding of every structure Parley hashes or signs.
// Rule (docs/PROTOCOL.md section 1): arrays, bin, str, nil, true/false and unsigned integers
// only, with the shortest length header. A counter (a JS number: height, nonce, round, time
// in ms, ...) is an unsigned integer in its shortest form: positive fixint, uint8, uint16,
// uint32 or uint64. A 64-bit amount (a JS bigint: fee, amount, balance) is always uint64
// (0xcf + 8 bytes), so the size of a tx never depends on its fee. Signed forms, floats, maps
// and extensions never appear.
// msgpackr is not used to write: it packs a number >= 2^32 as float64 and a bigint below 2^63
// as int64 (0xd3). Reading stays with msgpackr (src/chain/codec.ts); decoders re-encode here
// and compare.
import { bytesEqual } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";

export type CodecErrorType = { code: "UNENCODABLE"; reason: string };

/** A value outside the canonical subset: a bug in the caller, never something a peer sent. */
export class CodecError extends ParleyError<CodecErrorType> {}

const TWO_POW_32 = 0x1_0000_0000;
const U64_LIMIT = 1n << 64n;
// Encodings are written straight into a shared pool and handed out as views of it, as Node's
// Buffer pool does (a fresh ArrayBuffer per call made tx encoding ~40% slower). A value that
// outgrows the pool gets a buffer of its own, which it keeps; writing never touches a region
// already handed out. Encoding is synchronous and never re-entered.
const POOL_BYTES = 8 * 1024;

let buf = new Uint8Array(POOL_BYTES);
let view = new DataView(buf.buffer);
let start = 0; // where the value being written begins
let pos = 0; // next byte to write
const textEncoder = new TextEncoder();

export function encodeCanonical(value: unknown): Uint8Array {
  writeAll(value);
  const out = buf.subarray(start, pos);
  if (buf.length > POOL_BYTES) newPool();
  else start = pos;
  return out;
}

/**
 * True when `value` encodes to exactly `bytes` (false when it cannot be encoded at all): the
 * decoders' canonicality check, which hands nothing out, so the pool space is reused.
 */
export function encodesTo(value: unknown, bytes: Uint8Array): boolean {
  try {
    writeAll(value);
  } catch {
    return false;
  }
  const same = bytesEqual(buf.subarray(start, pos), bytes);
  if (buf.length > POOL_BYTES) newPool();
  else pos = start;
  return same;
}

function writeAll(value: unknown): void {
  pos = start;
  try {
    write(value);
  } catch (e) {
    pos = start;
    throw e;
  }
}

function newPool(): void {
  buf = new Uint8Array(POOL_BYTES);
  view = new DataView(buf.buffer);
  start = pos = 0;
}

/** Room for n more bytes; the part of the current value written so far moves along. */
function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const written = pos - start;
  let size = POOL_BYTES;
  while (size < written + n) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(start, pos));
  buf = next;
  view = new DataView(buf.buffer);
  start = 0;
  pos = written;
}

function unencodable(reason: string): CodecError {
  return new CodecError({ code: "UNENCODABLE", reason });
}

function write(v: unknown): void {
  switch (typeof v) {
    case "number":
      return writeNumber(v);
    case "bigint":
      return writeBigint(v);
    case "string":
      return writeString(v);
    case "boolean":
      ensure(1);
      buf[pos++] = v ? 0xc3 : 0xc2;
      return;
    case "object":
      if (v === null) {
        ensure(1);
        buf[pos++] = 0xc0;
        return;
      }
      if (v instanceof Uint8Array) return writeBin(v);
      if (Array.isArray(v)) {
        writeHeader(v.length, 0x90, 16, 0xdc, 0xdd);
        for (let i = 0; i < v.length; i++) write(v[i]);
        return;
      }
      throw unencodable(`object of type ${v.constructor?.name ?? "null-prototype"}`);
    default:
      throw unencodable(typeof v);
  }
}

function writeNumber(n: number): void {
  if (n >>> 0 === n) return writeUint32(n);
  if (!Number.isSafeInteger(n) || n < 0) throw unencodable(`number ${n} is not an unsigned safe integer`);
  ensure(9);
  buf[pos] = 0xcf;
  view.setUint32(pos + 1, Math.floor(n / TWO_POW_32));
  view.setUint32(pos + 5, n >>> 0);
  pos += 9;
}

function writeBigint(n: bigint): void {
  if (n < 0n || n >= U64_LIMIT) throw unencodable(`bigint ${n} is outside u64`);
  ensure(9);
  buf[pos] = 0xcf;
  view.setBigUint64(pos + 1, n);
  pos += 9;
}

/** n is an integer in [0, 2^32). */
function writeUint32(n: number): void {
  ensure(5);
  if (n < 0x80) {
    buf[pos++] = n;
  } else if (n < 0x100) {
    buf[pos++] = 0xcc;
    buf[pos++] = n;
  } else if (n < 0x10000) {
    buf[pos++] = 0xcd;
    buf[pos++] = n >>> 8;
    buf[pos++] = n & 0xff;
  } else {
    buf[pos] = 0xce;
    view.setUint32(pos + 1, n);
    pos += 5;
  }
}

/** A length header: the fix form when it fits, else the 8- (when it exists), 16- or 32-bit form. */
function writeHeader(length: number, fix: number, fixLimit: number, form16: number, form32: number, form8?: number): void {
  ensure(5);
  if (length < fixLimit) {
    buf[pos++] = fix | length;
  } else if (form8 !== undefined && length < 0x100) {
    buf[pos++] = form8;
    buf[pos++] = length;
  } else if (length < 0x10000) {
    buf[pos++] = form16;
    buf[pos++] = length >>> 8;
    buf[pos++] = length & 0xff;
  } else {
    buf[pos] = form32;
    view.setUint32(pos + 1, length);
    pos += 5;
  }
}

function writeBin(b: Uint8Array): void {
  // bin has no fix form: a fixLimit of 0 starts at bin8.
  writeHeader(b.length, 0, 0, 0xc5, 0xc6, 0xc4);
  ensure(b.length);
  buf.set(b, pos);
  pos += b.length;
}

function writeString(s: string): void {
  const n = s.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    writeHeader(n, 0xa0, 32, 0xda, 0xdb, 0xd9);
    ensure(n);
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    return;
  }
  const bytes = textEncoder.encode(s);
  writeHeader(bytes.length, 0xa0, 32, 0xda, 0xdb, 0xd9);
  ensure(bytes.length);
  buf.set(bytes, pos);
  pos += bytes.length;
}
