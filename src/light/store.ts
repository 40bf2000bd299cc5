// The light node's storage (classic-level): verified headers by height, the validator sets
// they named by hash, the head pointer and the genesis hash this data dir belongs to. Nothing
// else: no bodies, no state. A batch of verified headers is one flushed write with the head
// pointer, so a restart resumes from the last verified header.
import { Database, WriteBatch } from "../chain/storage/db.js";
import { decodeUnknown, encode, readArray, readBytes } from "../chain/codec.js";
import { bytesEqual, toHex, u64be, utf8, concatBytes } from "../util/bytes.js";
import { LightStoreError } from "./errors.js";

/** One byte per table; never reuse a retired number. */
const LightBucket = {
  header: 0x01,
  validatorSet: 0x02,
  meta: 0x03,
} as const;

const META_HEAD = key(LightBucket.meta, utf8("head"));
const META_GENESIS = key(LightBucket.meta, utf8("genesis"));

function key(bucket: number, ...parts: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(bucket), ...parts);
}

function readU64(v: Uint8Array): number {
  return Number(new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0));
}

export interface HeaderWrite {
  height: number;
  bytes: Uint8Array;
}

export interface SetWrite {
  hash: Uint8Array;
  addresses: readonly Uint8Array[];
}

/** What the verified header chain needs of its storage: LightStore on disk, or memory in a browser. */
export interface HeaderStore {
  headHeight(): Promise<number | undefined>;
  header(height: number): Promise<Uint8Array | undefined>;
  validatorSet(hash: Uint8Array): Promise<Uint8Array[] | undefined>;
  append(headers: readonly HeaderWrite[], sets: readonly SetWrite[]): Promise<void>;
}

/** A store the browser's light client may empty: a stored chain it refused is not kept (memory, IndexedDB). */
export interface ResettableHeaderStore extends HeaderStore {
  clear(): Promise<void>;
}

export class LightStore implements HeaderStore {
  private constructor(private readonly db: Database) {}

  /** Opens (or creates) the store; refuses a data dir made for another genesis. */
  static async open(dir: string, genesisHash: Uint8Array): Promise<LightStore> {
    const db = await Database.open(dir);
    const store = new LightStore(db);
    const stored = await db.get(META_GENESIS);
    if (stored && !bytesEqual(stored, genesisHash)) {
      await db.close();
      throw new LightStoreError({ code: "WRONG_GENESIS", stored: toHex(stored), expected: toHex(genesisHash) }, `data dir belongs to another chain (genesis ${toHex(stored)})`);
    }
    if (!stored) {
      const b = new WriteBatch();
      b.put(META_GENESIS, genesisHash);
      await db.write(b);
    }
    return store;
  }

  /** Height of the last verified header, undefined before the first. */
  async headHeight(): Promise<number | undefined> {
    const v = await this.db.get(META_HEAD);
    return v ? readU64(v) : undefined;
  }

  async header(height: number): Promise<Uint8Array | undefined> {
    return this.db.get(key(LightBucket.header, u64be(height)));
  }

  async validatorSet(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    const v = await this.db.get(key(LightBucket.validatorSet, hash));
    if (!v) return undefined;
    const list = readArray(decodeUnknown(v));
    const out = list?.map((a) => readBytes(a, 32));
    if (!out || out.some((a) => a === undefined)) throw new LightStoreError({ code: "CORRUPT", reason: `validator set ${toHex(hash)}` });
    return out as Uint8Array[];
  }

  /** Stores verified headers (consecutive, ascending) and any new sets; moves the head to the last. */
  async append(headers: readonly HeaderWrite[], sets: readonly SetWrite[]): Promise<void> {
    const last = headers[headers.length - 1];
    if (!last && sets.length === 0) return;
    const b = new WriteBatch();
    for (const h of headers) b.put(key(LightBucket.header, u64be(h.height)), h.bytes);
    for (const s of sets) b.put(key(LightBucket.validatorSet, s.hash), encode(s.addresses));
    if (last) b.put(META_HEAD, u64be(last.height));
    await this.db.write(b);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
