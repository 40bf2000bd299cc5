// Secondary indexes written in the same batch as their block: inbox by recipient, sent by
// sender, channel timelines, and per-account history. Keys end in the chain position
// (height, index), which never changes once final, so cursor pages never skip or repeat an
// entry while new blocks arrive.
import { Bucket, bucketKey, type BucketByte } from "./buckets.js";
import type { Database, WriteBatch } from "./db.js";
import { posBytes, readPos, writePos, type ChainPos } from "./keys.js";

export type IndexName = "inbox" | "sent" | "channelLog" | "txByAccount" | "actions" | "mlsGroupLog";

const INDEX_BUCKET: Record<IndexName, BucketByte> = {
  inbox: Bucket.inbox,
  sent: Bucket.sent,
  channelLog: Bucket.channelLog,
  txByAccount: Bucket.txByAccount,
  actions: Bucket.actionsByAccount,
  mlsGroupLog: Bucket.mlsGroupLog,
};

export interface IndexEntry {
  pos: ChainPos;
  txId: Uint8Array;
}

export interface IndexPage {
  entries: IndexEntry[]; // ascending by position (newest last)
  /** Pass as `before` to get the page before this one; null when this page reaches the start. */
  older: ChainPos | null;
  /** Pass as `after` to continue after this page (new entries appear there). */
  newer: ChainPos | null;
}

const AFTER_ALL = new Uint8Array(13).fill(0xff);

export class IndexStore {
  constructor(private readonly db: Database) {}

  put(batch: WriteBatch, index: IndexName, key: Uint8Array, height: number, txIndex: number, txId: Uint8Array): void {
    // bucket || key || position, built in one buffer: several entries per tx.
    const k = new Uint8Array(1 + key.length + 12);
    k[0] = INDEX_BUCKET[index];
    k.set(key, 1);
    writePos(k, 1 + key.length, height, txIndex);
    batch.put(k, txId);
  }

  /**
   * Without a cursor: the newest `limit` entries. `after`: the oldest `limit` entries strictly
   * after that position. `before`: the newest `limit` entries strictly before it.
   */
  async page(index: IndexName, key: Uint8Array, opts: { limit: number; before?: ChainPos | undefined; after?: ChainPos | undefined }): Promise<IndexPage> {
    const bucket = INDEX_BUCKET[index];
    const prefixLen = 1 + key.length;
    let rows: Array<[Uint8Array, Uint8Array]>;
    if (opts.after) {
      rows = await this.db.range({
        gte: bucketKey(bucket, key, posBytes(opts.after), Uint8Array.of(0)),
        lt: bucketKey(bucket, key, AFTER_ALL),
        limit: opts.limit,
      });
    } else {
      const lt = opts.before ? bucketKey(bucket, key, posBytes(opts.before)) : bucketKey(bucket, key, AFTER_ALL);
      rows = (await this.db.range({ gte: bucketKey(bucket, key), lt, limit: opts.limit, reverse: true })).reverse();
    }
    const entries = rows.map(([k, v]) => ({ pos: readPos(k, prefixLen), txId: v }));
    const first = entries[0];
    const last = entries[entries.length - 1];
    let older: ChainPos | null = null;
    if (first) {
      const before = await this.db.range({ gte: bucketKey(bucket, key), lt: bucketKey(bucket, key, posBytes(first.pos)), limit: 1, reverse: true });
      older = before.length > 0 ? first.pos : null;
    }
    return { entries, older, newer: last ? last.pos : opts.after ?? null };
  }
}

export function formatCursor(pos: ChainPos): string {
  return `${pos.height}.${pos.index}`;
}

export function parseCursor(text: string): ChainPos | null {
  const m = /^(\d{1,15})\.(\d{1,9})$/.exec(text);
  if (!m) return null;
  return { height: Number(m[1]), index: Number(m[2]) };
}
