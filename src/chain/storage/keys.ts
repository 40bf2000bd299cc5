import { u64be } from "../../util/bytes.js";

/** A position in the chain: (height, index in block). Index keys sort by it, so pages are stable. */
export interface ChainPos {
  height: number;
  index: number;
}

// Written per index entry (several per tx): one buffer filled byte by byte; no BigInt, no
// DataView (the old u64be/u32be form allocated three buffers and a BigInt per call).
export function posBytes(p: ChainPos): Uint8Array {
  const out = new Uint8Array(12);
  writePos(out, 0, p.height, p.index);
  return out;
}

/** Writes the 12 position bytes at `off` (index keys build prefix and position in one buffer). */
export function writePos(out: Uint8Array, off: number, height: number, index: number): void {
  // Heights are safe integers (< 2^53): the high word is exact.
  putU32(out, off, Math.floor(height / 0x1_0000_0000));
  putU32(out, off + 4, height >>> 0);
  putU32(out, off + 8, index >>> 0);
}

function putU32(out: Uint8Array, off: number, v: number): void {
  out[off] = v >>> 24;
  out[off + 1] = (v >>> 16) & 0xff;
  out[off + 2] = (v >>> 8) & 0xff;
  out[off + 3] = v & 0xff;
}

export function readPos(bytes: Uint8Array, offset: number): ChainPos {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, 12);
  return { height: Number(dv.getBigUint64(0)), index: dv.getUint32(8) };
}

export function heightKey(height: number): Uint8Array {
  return u64be(height);
}
