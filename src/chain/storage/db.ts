// A thin typed wrapper over classic-level: byte keys, byte values, one atomic batch per block.
import { ClassicLevel } from "classic-level";
import { asBytes } from "../../util/bytes.js";
import { lockDataDir } from "./data-dir-lock.js";

export interface BatchOp {
  type: "put" | "del";
  key: Uint8Array;
  value?: Uint8Array;
}

/** Collects every write of one block; committed at once with the head pointer. */
export class WriteBatch {
  readonly ops: BatchOp[] = [];
  put(key: Uint8Array, value: Uint8Array): void {
    this.ops.push({ type: "put", key, value });
  }
  del(key: Uint8Array): void {
    this.ops.push({ type: "del", key });
  }
}

// Tuned for a node that writes ~1 KB per tx in one batch per block. Most of what we store (tx
// ids, hashes, signatures, encrypted envelopes) does not compress, so Snappy only costs CPU; a
// write buffer and table files twice LevelDB's defaults (4 MiB, 2 MiB) mean fewer compactions,
// which grow with the database and were the LevelDB threads' main cost in sustained runs.
// Measured (`npm run bench -- --rate 6560 --duration 300`): 37 µs of LevelDB-thread CPU per tx
// instead of 55 µs with the defaults, peak RSS 583 MB; 16 MiB buffers saved no more CPU and
// pushed the peak past 600 MB.
const STORAGE_OPTIONS = {
  compression: false,
  writeBufferSize: 8 * 1024 * 1024,
  maxFileSize: 4 * 1024 * 1024,
} as const;

export class Database {
  private constructor(
    readonly level: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly unlock: () => void,
  ) {}

  /** Opens (creating) the database; refuses with DATA_DIR_IN_USE when another process holds `dir`. */
  static async open(dir: string): Promise<Database> {
    const unlock = lockDataDir(dir);
    const level = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view", ...STORAGE_OPTIONS });
    try {
      await level.open();
    } catch (e) {
      unlock();
      throw e;
    }
    return new Database(level, unlock);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const v = await this.level.get(key);
    return v === undefined ? undefined : asBytes(v);
  }

  async getMany(keys: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    if (keys.length === 0) return [];
    const vs = await this.level.getMany(keys);
    return vs.map((v) => (v === undefined ? undefined : asBytes(v)));
  }

  /**
   * Atomic and flushed: a block is either wholly on disk with its head pointer or not at all.
   * A chained batch, not the array form: the array form copies and re-checks every op object on
   * the main thread first, which measured ~2x the main-thread cost per op (a block is ~10 ops per tx).
   */
  async write(batch: WriteBatch): Promise<void> {
    if (batch.ops.length === 0) return;
    const chained = this.level.batch();
    for (const o of batch.ops) {
      if (o.type === "put") chained.put(o.key, o.value!);
      else chained.del(o.key);
    }
    await chained.write({ sync: true });
  }

  /** Keys in [gte, lt) in order (or reverse), at most `limit`. */
  async range(opts: { gte: Uint8Array; lt: Uint8Array; limit: number; reverse?: boolean }): Promise<Array<[Uint8Array, Uint8Array]>> {
    const out: Array<[Uint8Array, Uint8Array]> = [];
    for await (const [k, v] of this.level.iterator({ gte: opts.gte, lt: opts.lt, limit: opts.limit, reverse: opts.reverse ?? false })) {
      out.push([asBytes(k), asBytes(v)]);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.level.close();
    this.unlock();
  }
}
