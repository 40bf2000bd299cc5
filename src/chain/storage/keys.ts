import { u32be, u64be } from "../../util/bytes.js";

/** A position in the chain: (height, index in block). Index keys sort by it, so pages are stable. */
export interface ChainPos {
  height: number;
  index: number;
}

export function posBytes(p: ChainPos): Uint8Array {
  const out = new Uint8Array(12);
  out.set(u64be(p.height), 0);
  out.set(u32be(p.index), 8);
  return out;
}

export function readPos(bytes: Uint8Array, offset: number): ChainPos {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, 12);
  return { height: Number(dv.getBigUint64(0)), index: dv.getUint32(8) };
}

export function heightKey(height: number): Uint8Array {
  return u64be(height);
}
