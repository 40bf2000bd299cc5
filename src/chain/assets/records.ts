// What the asset namespace (0x0c) stores, and under which keys (docs/ASSETS.md 2, PROTOCOL.md 5):
//   0x01 || assetId            the asset's record
//   0x02 || assetId || holder  a holding of its own: [balance, frozen]
//   0x03                       how many assets exist (u32); 0x04 || u32 serial -> assetId
//   0x05 || issuer             how many assets the issuer created; 0x06 || issuer || u32 -> assetId
//   0x07 || holder             how many holdings of its own the holder has; 0x08 || holder || u32 -> assetId
// A holder's first INLINE_HOLDINGS holdings live inside its account entry (src/chain/state/account.ts),
// so an asset payment changes the entries a native one does; only later ones get a 0x02 entry and a
// place on the holder's list (src/chain/assets/ledger.ts). The lists make asset_list and
// asset_balances pages of provable reads (the state tree cannot be walked by prefix). A holding
// stays when its balance returns to zero, so a holder's list never repeats an asset and an inline
// slot is never given up. Values are canonical msgpack arrays; decoders return undefined for anything else.
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeUnknown, encode, readArray, readBigUint, readBytes, readString, readUint } from "../codec.js";
import type { Address } from "../tx/types.js";

/** An asset id (32 bytes), or null for the native token. */
export type AssetRef = Uint8Array | null;

/** Fixed at creation (docs/ASSETS.md 2). */
export const ASSET_FLAGS = { transferable: 1, mintable: 2, freezable: 4, clawback: 8 } as const;
export type AssetFlagName = keyof typeof ASSET_FLAGS;
export const ALL_ASSET_FLAGS = 0x0f;

export const ASSET_LIMITS = { maxSymbol: 12, maxName: 64, maxDecimals: 18 } as const;

export interface AssetRecord {
  issuer: Address;
  /** Who mints, freezes, claws back and hands the admin role on (the issuer until setAdmin). */
  admin: Address;
  symbol: string;
  name: string;
  decimals: number;
  /** null: no cap beyond 2^64-1. */
  maxSupply: bigint | null;
  /** SHA-256 of an off-chain metadata document (logo, site), or null. */
  metaHash: Uint8Array | null;
  flags: number;
  /** Units in existence: created + minted - burnt (clawback moves, never destroys). */
  supply: bigint;
  height: number;
  txId: Uint8Array;
}

export interface Holding {
  balance: bigint;
  frozen: boolean;
}

export const AssetKeyPrefix = { asset: 0x01, holding: 0x02, count: 0x03, serial: 0x04, issuerCount: 0x05, issuerItem: 0x06, holderCount: 0x07, holderItem: 0x08 } as const;

const ID_DOMAIN = new TextEncoder().encode("parley/asset/v1");

/** sha256(domain || issuer || creating tx id): distinct per tx, so ids never collide across issuers. */
export function assetIdOf(issuer: Address, txId: Uint8Array): Uint8Array {
  const b = new Uint8Array(ID_DOMAIN.length + 64);
  b.set(ID_DOMAIN, 0);
  b.set(issuer, ID_DOMAIN.length);
  b.set(txId, ID_DOMAIN.length + 32);
  return sha256(b);
}

function key(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  const k = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  k[0] = prefix;
  let at = 1;
  for (const p of parts) {
    k.set(p, at);
    at += p.length;
  }
  return k;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

export const assetKey = (id: Uint8Array): Uint8Array => key(AssetKeyPrefix.asset, id);
/** key(holding, id, holder) built in place: every asset payment builds two (the generic key() with its rest array and sum showed in profiles). */
export function holdingKey(id: Uint8Array, holder: Address): Uint8Array {
  const k = new Uint8Array(1 + id.length + holder.length);
  k[0] = AssetKeyPrefix.holding;
  k.set(id, 1);
  k.set(holder, 1 + id.length);
  return k;
}
export const countKey = (): Uint8Array => Uint8Array.of(AssetKeyPrefix.count);
export const serialKey = (n: number): Uint8Array => key(AssetKeyPrefix.serial, u32(n));
export const issuerCountKey = (issuer: Address): Uint8Array => key(AssetKeyPrefix.issuerCount, issuer);
export const issuerItemKey = (issuer: Address, n: number): Uint8Array => key(AssetKeyPrefix.issuerItem, issuer, u32(n));
export const holderCountKey = (holder: Address): Uint8Array => key(AssetKeyPrefix.holderCount, holder);
export const holderItemKey = (holder: Address, n: number): Uint8Array => key(AssetKeyPrefix.holderItem, holder, u32(n));

export function encodeAsset(r: AssetRecord): Uint8Array {
  return encode([r.issuer, r.admin, r.symbol, r.name, r.decimals, r.maxSupply, r.metaHash, r.flags, r.supply, r.height, r.txId]);
}

export function decodeAsset(bytes: Uint8Array): AssetRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 11);
  if (!f) return undefined;
  const issuer = readBytes(f[0], 32);
  const admin = readBytes(f[1], 32);
  const symbol = readString(f[2], ASSET_LIMITS.maxSymbol);
  const name = readString(f[3], ASSET_LIMITS.maxName);
  const decimals = readUint(f[4]);
  const maxSupply = f[5] === null ? null : readBigUint(f[5]);
  const metaHash = f[6] === null ? null : readBytes(f[6], 32);
  const flags = readUint(f[7]);
  const supply = readBigUint(f[8]);
  const height = readUint(f[9]);
  const txId = readBytes(f[10], 32);
  if (!issuer || !admin || symbol === undefined || name === undefined || decimals === undefined || maxSupply === undefined) return undefined;
  if (metaHash === undefined || flags === undefined || supply === undefined || height === undefined || !txId) return undefined;
  return { issuer, admin, symbol, name, decimals, maxSupply, metaHash, flags, supply, height, txId };
}

// A holding's canonical bytes have one shape: array(2), uint64 (a bigint is always 0xcf + 8
// bytes, canonical-msgpack.ts), false|true. Every asset payment reads and writes two, so they
// are written and read here directly, byte for byte what encode/decodeUnknown give (tested
// against them), carved from a shared slab as the canonical writer's pool is.
const HOLDING_BYTES = 11;
const HOLDING_SLAB = 4096;
const U64_END = 1n << 64n;
let holdingSlab = new Uint8Array(HOLDING_SLAB);
let holdingView = new DataView(holdingSlab.buffer);
let holdingUsed = 0;

export function encodeHolding(h: Holding): Uint8Array {
  // Not a u64: the generic writer throws its CodecError, as it always did.
  if (h.balance < 0n || h.balance >= U64_END) return encode([h.balance, h.frozen]);
  if (holdingUsed + HOLDING_BYTES > HOLDING_SLAB) {
    holdingSlab = new Uint8Array(HOLDING_SLAB);
    holdingView = new DataView(holdingSlab.buffer);
    holdingUsed = 0;
  }
  const at = holdingUsed;
  holdingUsed += HOLDING_BYTES;
  holdingSlab[at] = 0x92;
  holdingSlab[at + 1] = 0xcf;
  holdingView.setBigUint64(at + 2, h.balance);
  holdingSlab[at + 10] = h.frozen ? 0xc3 : 0xc2;
  return holdingSlab.subarray(at, at + HOLDING_BYTES);
}

export function decodeHolding(bytes: Uint8Array): Holding | undefined {
  if (bytes.length === HOLDING_BYTES && bytes[0] === 0x92 && bytes[1] === 0xcf && (bytes[10] === 0xc2 || bytes[10] === 0xc3)) {
    const hi = bytes[2]! * 0x1000000 + ((bytes[3]! << 16) | (bytes[4]! << 8) | bytes[5]!);
    const lo = bytes[6]! * 0x1000000 + ((bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!);
    return { balance: (BigInt(hi) << 32n) | BigInt(lo), frozen: bytes[10] === 0xc3 };
  }
  // Any other shape (none is ever written) goes through the generic reader, as before.
  const f = readArray(decodeUnknown(bytes), 2);
  const balance = f && readBigUint(f[0]);
  if (!f || balance === undefined || typeof f[1] !== "boolean") return undefined;
  return { balance, frozen: f[1] };
}

/** A list's length or an item's position: a u32 as msgpack. */
export const encodeCount = (n: number): Uint8Array => encode(n);
export function decodeCount(bytes: Uint8Array | undefined): number {
  const n = bytes && readUint(decodeUnknown(bytes));
  return n ?? 0;
}

export const hasFlag = (r: { flags: number }, flag: AssetFlagName): boolean => (r.flags & ASSET_FLAGS[flag]) !== 0;

/** The asset field of a value-moving body: nil for the native token, else 32 bytes. */
export function readAsset(v: unknown): AssetRef | undefined {
  if (v === null) return null;
  return readBytes(v, 32);
}
