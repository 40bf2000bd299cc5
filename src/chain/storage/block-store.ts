// Blocks are stored normalised: header, tx id list and certificates by height, each tx once by
// id (so `tx_get` and message pages read one key, not a whole block).
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../codec.js";
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
}

const META_HEAD = bucketKey(Bucket.meta, utf8("head"));
const META_GENESIS = bucketKey(Bucket.meta, utf8("genesis"));

export class BlockStore {
  constructor(private readonly db: Database) {}

  putBlock(batch: WriteBatch, block: Block, hash: Uint8Array, txIds: Uint8Array[], commit: Uint8Array | null): void {
    const h = block.header.height;
    batch.put(bucketKey(Bucket.header, heightKey(h)), encodeHeader(block.header));
    const ids = new Uint8Array(32 * txIds.length);
    txIds.forEach((id, i) => ids.set(id, i * 32));
    batch.put(bucketKey(Bucket.blockTxIds, heightKey(h)), ids);
    if (block.lastCommit) batch.put(bucketKey(Bucket.lastCommit, heightKey(h)), block.lastCommit);
    if (commit) batch.put(bucketKey(Bucket.commit, heightKey(h)), commit);
    batch.put(bucketKey(Bucket.blockHash, hash), heightKey(h));
    block.txs.forEach((bytes, index) => batch.put(bucketKey(Bucket.tx, txIds[index]!), encode([h, index, bytes])));
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
  const f = readArray(decodeUnknown(v), 3);
  const height = f && readUint(f[0]);
  const index = f && readUint(f[1]);
  const bytes = f && readBytes(f[2]);
  if (height === undefined || index === undefined || !bytes) return undefined;
  return { height, index, bytes };
}
