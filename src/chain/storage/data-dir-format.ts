// The format of a node's data dir: how everything in it was encoded (headers, state values, and
// so the hashes and roots computed over them). A node opens only a data dir of its own format:
// misreading one of another format would compute different hashes or refuse its own blocks
// half-way through a sync. The key is written with the genesis block, in the same batch.
import { ParleyError } from "../../util/errors.js";
import { u32be, utf8 } from "../../util/bytes.js";
import { Bucket, bucketKey } from "./buckets.js";
import type { Database, WriteBatch } from "./db.js";

/**
 * 1: BLOCK_VERSION 1, no format key (header times as float64, amounts as int64).
 * 2: BLOCK_VERSION 2, canonical integers (docs/PROTOCOL.md section 1).
 * 3: BLOCK_VERSION 3, holdings inside account entries (docs/PROTOCOL.md section 5).
 */
export const DATA_DIR_FORMAT = 3;
/** What a data dir that holds data but no format key was written in. */
const UNMARKED_FORMAT = 1;
/** Reported for a format key that is not 4 bytes: no format this node knows. */
const UNREADABLE_FORMAT = 0;

const META_FORMAT = bucketKey(Bucket.meta, utf8("format"));

export type DataDirErrorType =
  | { code: "DATA_DIR_FORMAT"; dir: string; found: number; expected: number }
  // LevelDB found a damaged table or log while opening (a bad block, a checksum mismatch).
  | { code: "DATA_DIR_CORRUPT"; dir: string; detail: string };

export class DataDirError extends ParleyError<DataDirErrorType> {}

export function putDataDirFormat(batch: WriteBatch): void {
  batch.put(META_FORMAT, u32be(DATA_DIR_FORMAT));
}

/** The format a data dir was written in; undefined for an empty one. */
export async function dataDirFormat(db: Database): Promise<number | undefined> {
  const v = await db.get(META_FORMAT);
  if (v !== undefined) return v.length === 4 ? new DataView(v.buffer, v.byteOffset, 4).getUint32(0) : UNREADABLE_FORMAT;
  const any = await db.range({ gte: new Uint8Array(0), lt: Uint8Array.of(0xff), limit: 1 });
  return any.length === 0 ? undefined : UNMARKED_FORMAT;
}

/** Refuses (closing the database) a data dir written in another format than this node's. */
export async function checkDataDirFormat(db: Database, dir: string): Promise<void> {
  const found = await dataDirFormat(db);
  if (found === undefined || found === DATA_DIR_FORMAT) return;
  await db.close();
  throw new DataDirError(
    { code: "DATA_DIR_FORMAT", dir, found, expected: DATA_DIR_FORMAT },
    `data dir ${dir} is in format ${found}, this node reads format ${DATA_DIR_FORMAT} only (docs/OPERATIONS.md, "Upgrading the data dir format"): ` +
      `stop the node, delete the data dir and start it again to sync the chain from peers running this version`,
  );
}

/** LevelDB's own corruption errors (classic-level code LEVEL_CORRUPTION, or "Corruption: ..."). */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "LEVEL_CORRUPTION" || (e instanceof Error && /^Corruption:/.test(e.message));
}

export function corruptDataDir(dir: string, e: unknown): DataDirError {
  const detail = e instanceof Error ? e.message : String(e);
  return new DataDirError(
    { code: "DATA_DIR_CORRUPT", dir, detail },
    `the database in ${dir} is corrupt (${detail}): move the data dir away, keeping signing.wal in place, and start again to re-sync every block from peers (docs/OPERATIONS.md)`,
  );
}
