// Field readers and writers shared by the action record codecs (positional msgpack arrays).
// Each reader returns undefined on a wrong shape, like the readers in chain/codec.ts.
import { compareBytes } from "../../util/bytes.js";
import { readArray, readBytes, readUint } from "../codec.js";
import type { AssetRef } from "../assets/records.js";
import { Clock, type Address, type ClockName, type Deadline } from "./types.js";

export function readAddress(v: unknown): Address | undefined {
  return readBytes(v, 32);
}

/** An address or nil ("anyone"); undefined when it is neither. */
export function readOptionalAddress(v: unknown): Address | null | undefined {
  return v === null ? null : readBytes(v, 32);
}

/** A list of at most `max` addresses, strictly ascending (one spelling per set). */
export function readAddressSet(v: unknown, max: number): Address[] | undefined {
  const list = readArray(v);
  if (!list || list.length > max) return undefined;
  const out: Address[] = [];
  for (const item of list) {
    const a = readBytes(item, 32);
    if (!a || (out.length > 0 && compareBytes(out[out.length - 1]!, a) >= 0)) return undefined;
    out.push(a);
  }
  return out;
}

/** A list of at most `max` strictly ascending non-negative integers. */
export function readUintSet(v: unknown, max: number): number[] | undefined {
  const list = readArray(v);
  if (!list || list.length > max) return undefined;
  const out: number[] = [];
  for (const item of list) {
    const n = readUint(item);
    if (n === undefined || (out.length > 0 && out[out.length - 1]! >= n)) return undefined;
    out.push(n);
  }
  return out;
}

export function readClockName(v: unknown): ClockName | undefined {
  return v === Clock.height ? "height" : v === Clock.time ? "time" : undefined;
}

/** Deadlines are two flat fields: clock (0 height, 1 time ms), at. */
export function encodeDeadline(d: Deadline): [number, number] {
  return [Clock[d.clock], d.at];
}

export function readDeadline(clock: unknown, at: unknown): Deadline | undefined {
  const c = readClockName(clock);
  const n = readUint(at);
  return c && n !== undefined ? { clock: c, at: n } : undefined;
}

/** A record's asset field: nil (the native token) or a 32-byte asset id. */
export function readAssetField(v: unknown): AssetRef | undefined {
  return v === null ? null : readBytes(v, 32);
}

/** A status byte -> its name in `table`. */
export function readEnum<T extends string>(v: unknown, table: Record<T, number>): T | undefined {
  const n = readUint(v);
  return (Object.keys(table) as T[]).find((k) => table[k] === n);
}

/** Whether `list` is strictly ascending (so unique). */
export function isAscendingSet(list: readonly Address[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareBytes(list[i - 1]!, list[i]!) >= 0) return false;
  return true;
}
