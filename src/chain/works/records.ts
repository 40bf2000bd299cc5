// What the works namespace (0x09) stores, and under which keys (docs/PROTOCOL.md 5, docs/WORKS.md 2):
// a work record under 0x01 || workId, each offer under 0x02 || workId || u16 offer, each licence
// sold under 0x03 || workId || u32 serial. A work's id is its content hash, so anyone holding
// the file finds (and proves) its record without an index. Every value is a canonical msgpack
// array; decoders return undefined for anything else (a proven value that does not decode means
// the chain stores garbage).
import { decodeUnknown, encode, readArray, readBigUint, readBytes, readString, readUint } from "../codec.js";
import type { Address } from "../tx/types.js";

/** A payee or creator and their share in basis points (all shares of a list sum to 10,000). */
export interface Share {
  address: Address;
  bps: number;
}

/** An asset id (32 bytes), or null for the native token (docs/WORKS.md 4). */
export type AssetRef = Uint8Array | null;

/** How long a licence runs: for ever, a number of blocks, or a number of seconds of block time. */
export type LicenceTerm = { clock: "perpetual" } | { clock: "blocks"; length: number } | { clock: "seconds"; length: number };
export const TermClock = { perpetual: 0, blocks: 1, seconds: 2 } as const;

export interface WorkRecord {
  /** Who manages offers and may transfer the work (the registrant, then each buyer of the work). */
  owner: Address;
  /** SHA-256 of the work's metadata document (title, description; kept off chain). */
  metaHash: Uint8Array;
  /** Authorship as registered; never changes, not even by a transfer. */
  creators: Share[];
  /** Who sales and tips pay now: the creators until a transfer names new payees. */
  payees: Share[];
  /** Height and block time (ms) of the registering tx, and its id. */
  height: number;
  time: number;
  txId: Uint8Array;
  /** Offers ever added (withdrawn ones included): the next offer's index. */
  offerCount: number;
  /** Licences ever sold: the next licence's serial. */
  licenceCount: number;
  /** Transfers so far. */
  transfers: number;
}

export interface OfferRecord {
  asset: AssetRef;
  price: bigint;
  /** The kind of use the licence allows ("personal", "commercial", "broadcast", ...). */
  use: string;
  term: LicenceTerm;
  withdrawn: boolean;
  /** Height of the tx that added it. */
  height: number;
}

export interface LicenceRecord {
  holder: Address;
  offer: number;
  /** What was paid, and in which asset (the offer's price at the time). */
  asset: AssetRef;
  price: bigint;
  use: string;
  /** Valid from this height and block time (ms). */
  fromHeight: number;
  fromTime: number;
  term: LicenceTerm["clock"];
  /** Valid while the height (blocks) or block time in ms (seconds) is below this; null when perpetual. */
  until: number | null;
  txId: Uint8Array;
}

export const WorkKeyPrefix = { work: 0x01, offer: 0x02, licence: 0x03 } as const;

export function workKey(workId: Uint8Array): Uint8Array {
  const k = new Uint8Array(33);
  k[0] = WorkKeyPrefix.work;
  k.set(workId, 1);
  return k;
}

export function offerKey(workId: Uint8Array, offer: number): Uint8Array {
  const k = new Uint8Array(35);
  k[0] = WorkKeyPrefix.offer;
  k.set(workId, 1);
  new DataView(k.buffer).setUint16(33, offer);
  return k;
}

export function licenceKey(workId: Uint8Array, serial: number): Uint8Array {
  const k = new Uint8Array(37);
  k[0] = WorkKeyPrefix.licence;
  k.set(workId, 1);
  new DataView(k.buffer).setUint32(33, serial);
  return k;
}

// ---- shares, terms, assets as positional fields (shared with the tx bodies) ----

export const encodeShares = (list: readonly Share[]): unknown[] => list.map((s) => [s.address, s.bps]);

/** At most `max` [address(32), bps] pairs; the rules on them are checkShares' (rules.ts). */
export function readShares(v: unknown, max: number): Share[] | undefined {
  const list = readArray(v);
  if (!list || list.length > max) return undefined;
  const out: Share[] = [];
  for (const item of list) {
    const f = readArray(item, 2);
    const address = f && readBytes(f[0], 32);
    const bps = f && readUint(f[1]);
    if (!address || bps === undefined) return undefined;
    out.push({ address, bps });
  }
  return out;
}

export const encodeTerm = (t: LicenceTerm): unknown[] => (t.clock === "perpetual" ? [TermClock.perpetual, 0] : [TermClock[t.clock], t.length]);

export function readTerm(clock: unknown, length: unknown): LicenceTerm | undefined {
  const n = readUint(length);
  if (n === undefined) return undefined;
  if (clock === TermClock.perpetual) return n === 0 ? { clock: "perpetual" } : undefined;
  if (clock === TermClock.blocks) return { clock: "blocks", length: n };
  if (clock === TermClock.seconds) return { clock: "seconds", length: n };
  return undefined;
}

const clockName = (v: unknown): LicenceTerm["clock"] | undefined => (Object.keys(TermClock) as LicenceTerm["clock"][]).find((k) => TermClock[k] === v);

/** nil (native token) or 32 bytes; undefined for anything else. */
export function readAsset(v: unknown): AssetRef | undefined {
  if (v === null) return null;
  return readBytes(v, 32);
}

// ---- the records ----

// Larger than any tx body allows: a stored record is only ever written by apply.
const MAX_LIST = 64;
const MAX_USE = 64;

export function encodeWork(r: WorkRecord): Uint8Array {
  return encode([r.owner, r.metaHash, encodeShares(r.creators), encodeShares(r.payees), r.height, r.time, r.txId, r.offerCount, r.licenceCount, r.transfers]);
}

export function decodeWork(bytes: Uint8Array): WorkRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 10);
  if (!f) return undefined;
  const owner = readBytes(f[0], 32);
  const metaHash = readBytes(f[1], 32);
  const creators = readShares(f[2], MAX_LIST);
  const payees = readShares(f[3], MAX_LIST);
  const [height, time, offerCount, licenceCount, transfers] = [f[4], f[5], f[7], f[8], f[9]].map(readUint);
  const txId = readBytes(f[6], 32);
  if (!owner || !metaHash || !creators || !payees || !txId) return undefined;
  if (height === undefined || time === undefined || offerCount === undefined || licenceCount === undefined || transfers === undefined) return undefined;
  return { owner, metaHash, creators, payees, height, time, txId, offerCount, licenceCount, transfers };
}

export function encodeOffer(r: OfferRecord): Uint8Array {
  return encode([r.asset, r.price, r.use, ...encodeTerm(r.term), r.withdrawn, r.height]);
}

export function decodeOffer(bytes: Uint8Array): OfferRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 7);
  if (!f) return undefined;
  const asset = readAsset(f[0]);
  const price = readBigUint(f[1]);
  const use = readString(f[2], MAX_USE);
  const term = readTerm(f[3], f[4]);
  const height = readUint(f[6]);
  if (asset === undefined || price === undefined || use === undefined || !term || typeof f[5] !== "boolean" || height === undefined) return undefined;
  return { asset, price, use, term, withdrawn: f[5], height };
}

export function encodeLicence(r: LicenceRecord): Uint8Array {
  return encode([r.holder, r.offer, r.asset, r.price, r.use, r.fromHeight, r.fromTime, TermClock[r.term], r.until, r.txId]);
}

export function decodeLicence(bytes: Uint8Array): LicenceRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 10);
  if (!f) return undefined;
  const holder = readBytes(f[0], 32);
  const offer = readUint(f[1]);
  const asset = readAsset(f[2]);
  const price = readBigUint(f[3]);
  const use = readString(f[4], MAX_USE);
  const fromHeight = readUint(f[5]);
  const fromTime = readUint(f[6]);
  const term = clockName(f[7]);
  const until = f[8] === null ? null : readUint(f[8]);
  const txId = readBytes(f[9], 32);
  if (!holder || offer === undefined || asset === undefined || price === undefined || use === undefined) return undefined;
  if (fromHeight === undefined || fromTime === undefined || !term || until === undefined || !txId) return undefined;
  // [REJECT] a perpetual licence has no end, and a timed one has one
  if ((term === "perpetual") !== (until === null)) return undefined;
  return { holder, offer, asset, price, use, fromHeight, fromTime, term, until, txId };
}

/** Whether a licence is in force at a height and block time (ms). */
export function licenceValid(l: LicenceRecord, height: number, time: number): boolean {
  if (l.until === null) return true;
  return l.term === "blocks" ? height < l.until : time < l.until;
}
