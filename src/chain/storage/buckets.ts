// Every LevelDB key starts with one bucket byte. Numbers are never reused: retire a bucket by
// commenting its row out.
import { concatBytes } from "../../util/bytes.js";

export const Bucket = {
  meta: 0x00, // name -> value (head height, genesis hash, schema version)
  header: 0x01, // u64 height -> header bytes
  blockTxIds: 0x02, // u64 height -> concatenated 32-byte tx ids, in block order
  lastCommit: 0x03, // u64 height -> the parent's certificate carried in block `height`
  commit: 0x04, // u64 height -> certificate that finalized block `height`
  blockHash: 0x05, // 32-byte hash -> u64 height
  tx: 0x06, // 32-byte tx id -> [height, index, tx bytes]
  state: 0x07, // ns byte || key -> value bytes (accounts, channels, anchors, governance)
  smtNode: 0x08, // 32-byte node hash -> node bytes
  inbox: 0x09, // recipient(32) || u64 height || u32 index -> tx id (messages and transfers received)
  sent: 0x0a, // sender(32) || u64 height || u32 index -> tx id
  channelLog: 0x0b, // channel(32) || u64 height || u32 index -> tx id (create, invite, remove, post)
  evidence: 0x0c, // u64 height || validator(32) || u8 type -> evidence bytes
  txByAccount: 0x0d, // account(32) || u64 height || u32 index -> tx id (every tx touching the account: wallet history)
  blockFailedTxs: 0x0e, // u64 height -> msgpack [index, ...] of the block's txs included as failed (absent when none)
  channelKeys: 0x0f, // channel(32) || member(32) || u64 height || u32 index -> tx id || u32 epoch (key wraps to a member)
  actionsByAccount: 0x10, // account(32) || u64 height || u32 index -> id of the tx that created an action the account is a party to (= the action id)
  mlsGroupLog: 0x11, // group id(32) || u64 height || u32 index -> tx id (mls.commit, mls.welcome, mls.message)
} as const;

export type BucketByte = (typeof Bucket)[keyof typeof Bucket];

export function bucketKey(bucket: BucketByte, ...parts: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(bucket), ...parts);
}
