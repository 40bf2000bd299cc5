// Where a member's wrapped channel keys are: for every create, invite and remove that wraps an
// epoch key to a member, one row under (channel, member) in chain order, with the epoch whose key
// it wraps. `channel_keys` reads a member's rows directly instead of scanning the whole channel
// log (a 3,000-post channel took 65 ms per call that way). Written in the block's batch.
import { Bucket, bucketKey } from "./buckets.js";
import type { Database, WriteBatch } from "./db.js";
import { posBytes, readPos, writePos, type ChainPos } from "./keys.js";

export interface ChannelKeyRow {
  pos: ChainPos;
  txId: Uint8Array;
  /** The epoch whose key the tx wraps to the member. */
  epoch: number;
}

// bucket(1) || channel(32) || member(32) || position(12) -> txId(32) || u32 epoch
const PREFIX_LEN = 1 + 32 + 32;
const AFTER_ALL = new Uint8Array(13).fill(0xff);

export class ChannelKeyStore {
  constructor(private readonly db: Database) {}

  put(batch: WriteBatch, channel: Uint8Array, member: Uint8Array, pos: ChainPos, txId: Uint8Array, epoch: number): void {
    const k = new Uint8Array(PREFIX_LEN + 12);
    k[0] = Bucket.channelKeys;
    k.set(channel, 1);
    k.set(member, 33);
    writePos(k, PREFIX_LEN, pos.height, pos.index);
    const v = new Uint8Array(36);
    v.set(txId, 0);
    new DataView(v.buffer).setUint32(32, epoch);
    batch.put(k, v);
  }

  /** The member's rows of the channel strictly after `after` (oldest first), at most `limit`. */
  async rows(channel: Uint8Array, member: Uint8Array, opts: { limit: number; after?: ChainPos }): Promise<ChannelKeyRow[]> {
    const gte = opts.after ? bucketKey(Bucket.channelKeys, channel, member, posBytes(opts.after), Uint8Array.of(0)) : bucketKey(Bucket.channelKeys, channel, member);
    const found = await this.db.range({ gte, lt: bucketKey(Bucket.channelKeys, channel, member, AFTER_ALL), limit: opts.limit });
    return found.map(([k, v]) => ({ pos: readPos(k, PREFIX_LEN), txId: v.subarray(0, 32), epoch: new DataView(v.buffer, v.byteOffset, 36).getUint32(32) }));
  }
}
