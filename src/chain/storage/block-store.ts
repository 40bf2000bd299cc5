// Blocks are stored normalised: header, tx id list and certificates by height, each tx once by
// id (so `tx_get` and message pages read one key, not a whole block).
import { decodeUnknown, encode, readArray, readBytes, readString, readUint } from "../codec.js";
import { txRootEntries } from "../block/tx-entry.js";
import { decodeHeader, encodeHeader } from "../block/codec.js";
import type { Block, BlockHeader } from "../block/types.js";
import { Bucket, bucketKey } from "./buckets.js";
import type { Database, WriteBatch } from "./db.js";
import { heightKey } from "./keys.js";
import { utf8 } from "../../util/bytes.js";

export interface StoredTx {
  height: number;
  index: number;
  bytes: Uint8Array;
  /** The error code of a tx included as failed (fee paid, no effect); absent when it took effect. */
  failure?: string;
}

/** A tx of a block as the store is given it: its id and, if its effect failed, why. */
export interface BlockTxOutcome {
  id: Uint8Array;
  failure?: { code: string };
}

const META_HEAD = bucketKey(Bucket.meta, utf8("head"));
const META_GENESIS = bucketKey(Bucket.meta, utf8("genesis"));

export class BlockStore {
  constructor(private readonly db: Database) {}

  putBlock(batch: WriteBatch, block: Block, hash: Uint8Array, txs: readonly BlockTxOutcome[], commit: Uint8Array | null): void {
    const h = block.header.height;
    batch.put(bucketKey(Bucket.header, heightKey(h)), encodeHeader(block.header));
    const ids = new Uint8Array(32 * txs.length);
    const failed: number[] = [];
    txs.forEach((t, i) => {
      ids.set(t.id, i * 32);
      if (t.failure) failed.push(i);
    });
    batch.put(bucketKey(Bucket.blockTxIds, heightKey(h)), ids);
    if (failed.length > 0) batch.put(bucketKey(Bucket.blockFailedTxs, heightKey(h)), encode(failed));
    if (block.lastCommit) batch.put(bucketKey(Bucket.lastCommit, heightKey(h)), block.lastCommit);
    if (commit) batch.put(bucketKey(Bucket.commit, heightKey(h)), commit);
    batch.put(bucketKey(Bucket.blockHash, hash), heightKey(h));
    block.txs.forEach((bytes, index) => {
      const failure = txs[index]!.failure;
      batch.put(bucketKey(Bucket.tx, txs[index]!.id), encode(failure ? [h, index, bytes, failure.code] : [h, index, bytes]));
    });
    batch.put(META_HEAD, heightKey(h));
  }

  putGenesisHash(batch: WriteBatch, hash: Uint8Array): void {
    batch.put(META_GENESIS, hash);
  }

  async genesisHash(): Promise<Uint8Array | undefined> {
    return this.db.get(META_GENESIS);
  }

  async headHeight(): Promise<number | undefined> {
    const v = await this.db.get(META_HEAD);
    return v ? Number(new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0)) : undefined;
  }

  async header(height: number): Promise<BlockHeader | undefined> {
    const v = await this.db.get(bucketKey(Bucket.header, heightKey(height)));
    if (!v) return undefined;
    const h = decodeHeader(v);
    return h.ok ? h.value : undefined;
  }

  async heightOf(hash: Uint8Array): Promise<number | undefined> {
    const v = await this.db.get(bucketKey(Bucket.blockHash, hash));
    return v ? Number(new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0)) : undefined;
  }

  async txIds(height: number): Promise<Uint8Array[]> {
    const v = await this.db.get(bucketKey(Bucket.blockTxIds, heightKey(height)));
    if (!v) return [];
    const out: Uint8Array[] = [];
    for (let i = 0; i < v.length; i += 32) out.push(v.subarray(i, i + 32));
    return out;
  }

  /** The block's txRoot entries (tx-entry.ts): what a Merkle proof of one of its txs is made over. */
  async txRootEntries(height: number): Promise<Uint8Array[]> {
    const ids = await this.txIds(height);
    const raw = await this.db.get(bucketKey(Bucket.blockFailedTxs, heightKey(height)));
    if (!raw) return ids;
    const failed = new Set((readArray(decodeUnknown(raw)) ?? []).map((i) => readUint(i)));
    return txRootEntries(ids.map((id, i) => (failed.has(i) ? { id, failure: true } : { id })));
  }

  async block(height: number): Promise<Block | undefined> {
    const header = await this.header(height);
    if (!header) return undefined;
    const ids = await this.txIds(height);
    const txs = await this.txs(ids);
    const lastCommit = (await this.db.get(bucketKey(Bucket.lastCommit, heightKey(height)))) ?? null;
    return { header, txs: txs.map((t) => t!.bytes), lastCommit };
  }

  async commit(height: number): Promise<Uint8Array | undefined> {
    return this.db.get(bucketKey(Bucket.commit, heightKey(height)));
  }

  async tx(id: Uint8Array): Promise<StoredTx | undefined> {
    const v = await this.db.get(bucketKey(Bucket.tx, id));
    return v ? decodeStoredTx(v) : undefined;
  }

  async txs(ids: Uint8Array[]): Promise<(StoredTx | undefined)[]> {
    const vs = await this.db.getMany(ids.map((id) => bucketKey(Bucket.tx, id)));
    return vs.map((v) => (v ? decodeStoredTx(v) : undefined));
  }
}

function decodeStoredTx(v: Uint8Array): StoredTx | undefined {
  const f = readArray(decodeUnknown(v));
  if (!f || (f.length !== 3 && f.length !== 4)) return undefined;
  const height = readUint(f[0]);
  const index = readUint(f[1]);
  const bytes = readBytes(f[2]);
  if (height === undefined || index === undefined || !bytes) return undefined;
  if (f.length === 3) return { height, index, bytes };
  const failure = readString(f[3], 64);
  return failure === undefined ? undefined : { height, index, bytes, failure };
}
