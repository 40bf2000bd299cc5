// What the names namespace (0x08) stores (docs/PROTOCOL.md 5, docs/NAMES.md 4): a name's record
// under 0x01 || utf8(name), an address's primary name under 0x02 || address, the names an
// address holds under 0x03 || address, and the total burned by name fees under 0x04. Every
// value is a canonical msgpack array; decoders return undefined for anything else.
import { decodeUnknown, encode, readArray, readBigUint, readBytes, readString, readUint } from "../codec.js";
import type { Address } from "../tx/types.js";
import { utf8 } from "../../util/bytes.js";

export const NameKeyPrefix = { name: 0x01, primary: 0x02, owned: 0x03, burned: 0x04 } as const;

/** Longest name in UTF-16 units a stored record or body may carry (32 characters, each at most 2 units). */
export const MAX_NAME_UNITS = 64;
/** Names one address may hold at once: keeps its list (one state value) small. */
export const MAX_NAMES_PER_OWNER = 64;

export interface NameRecord {
  owner: Address;
  /** The name resolves while the height is below this; the holder alone may renew until expiry + grace. */
  expiry: number;
  /** Height of the first registration by this owner (a transfer keeps it) and of the last change. */
  registered: number;
  updated: number;
  /** The tx that last changed the record. */
  txId: Uint8Array;
}

/** Where a name stands at a height (lazy expiry: nothing is swept, the height decides). */
export type NameStatus = "active" | "grace" | "released";

export function nameStatus(r: NameRecord, height: number, graceBlocks: number): NameStatus {
  if (height < r.expiry) return "active";
  return height < r.expiry + graceBlocks ? "grace" : "released";
}

function prefixed(prefix: number, rest: Uint8Array): Uint8Array {
  const k = new Uint8Array(1 + rest.length);
  k[0] = prefix;
  k.set(rest, 1);
  return k;
}

export const nameKey = (name: string): Uint8Array => prefixed(NameKeyPrefix.name, utf8(name));
export const primaryKey = (addr: Address): Uint8Array => prefixed(NameKeyPrefix.primary, addr);
export const ownedKey = (addr: Address): Uint8Array => prefixed(NameKeyPrefix.owned, addr);
export const BURNED_KEY = new Uint8Array([NameKeyPrefix.burned]);

export function encodeNameRecord(r: NameRecord): Uint8Array {
  return encode([r.owner, r.expiry, r.registered, r.updated, r.txId]);
}

export function decodeNameRecord(bytes: Uint8Array): NameRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 5);
  if (!f) return undefined;
  const owner = readBytes(f[0], 32);
  const [expiry, registered, updated] = [f[1], f[2], f[3]].map(readUint);
  const txId = readBytes(f[4], 32);
  if (!owner || expiry === undefined || registered === undefined || updated === undefined || !txId) return undefined;
  return { owner, expiry, registered, updated, txId };
}

/** A primary (reverse) record: [name]. */
export const encodePrimary = (name: string): Uint8Array => encode([name]);

export function decodePrimary(bytes: Uint8Array): string | undefined {
  const f = readArray(decodeUnknown(bytes), 1);
  return f ? readString(f[0], MAX_NAME_UNITS) : undefined;
}

/** The names an address holds: [name, ...] in registration order. */
export const encodeOwned = (names: readonly string[]): Uint8Array => encode([...names]);

export function decodeOwned(bytes: Uint8Array): string[] | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f || f.length > MAX_NAMES_PER_OWNER) return undefined;
  const out: string[] = [];
  for (const v of f) {
    const n = readString(v, MAX_NAME_UNITS);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

export const encodeBurned = (total: bigint): Uint8Array => encode([total]);

export function decodeBurned(bytes: Uint8Array): bigint | undefined {
  const f = readArray(decodeUnknown(bytes), 1);
  return f ? readBigUint(f[0]) : undefined;
}
