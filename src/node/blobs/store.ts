// Encrypted file blobs on disk, content-addressed by SHA-256 of their bytes (docs/OPERATIONS.md
// "File blobs"). Nodes never decrypt them: clients encrypt before uploading.
//
//   <dataDir>/blobs/<hash hex>          the blob, in place only after its hash was checked
//   <dataDir>/blobs/<hash hex>.json     {size, uploader, storedAt}: quota and retention survive restarts
//   <dataDir>/blobs/partial/<hash hex>  an upload or peer fetch under way, appended piece by piece
//   <dataDir>/blobs/partial/<hash hex>.json  {size, uploader, touchedAt}
//
// Nothing is ever read whole into memory: pieces are streamed into the partial file, the hash is
// computed by streaming it back from disk, and readers get file streams. A finished blob is
// renamed into place after its hash matched, so a crash leaves a partial file or a whole,
// checked blob, never a wrong one under a hash.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { err, ok, type Result } from "../../util/errors.js";
import { toHex } from "../../util/bytes.js";
import { blobError, type BlobError } from "./errors.js";
import { DEFAULT_BLOB_LIMITS, SWEEP_INTERVAL_MS, UPLOAD_PIECE_BYTES, type BlobLimits } from "./limits.js";
import type { BlobMetrics } from "./metrics.js";

export interface BlobMeta {
  size: number;
  /** Hex address of the account that uploaded it here; null for a copy fetched from a peer. */
  uploader: string | null;
  storedAt: number;
}

interface PartialUpload {
  size: number;
  uploader: string | null;
  /** Bytes in the partial file. */
  offset: number;
  touchedAt: number;
  /** True while a request is appending (one writer per blob at a time). */
  busy: boolean;
}

export interface BlobInfo {
  hash: string;
  stored: boolean;
  size: number | null;
  storedAt: number | null;
  expiresAt: number | null;
  /** Bytes received of an unfinished upload (resume from here), else null. */
  uploadOffset: number | null;
}

const HASH_RE = /^[0-9a-f]{64}$/;

export function isBlobHash(hex: string): boolean {
  return HASH_RE.test(hex);
}

export class BlobStore {
  private readonly blobs = new Map<string, BlobMeta>();
  private readonly partials = new Map<string, PartialUpload>();
  private readonly accountBytes = new Map<string, number>();
  private totalBytes = 0;
  /** Sizes of uploads and fetches under way: they count towards the total before they finish. */
  private reservedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  readonly pieceBytes = UPLOAD_PIECE_BYTES;

  private constructor(
    readonly dir: string,
    readonly limits: BlobLimits,
    private readonly metrics: BlobMetrics | null,
    private readonly now: () => number,
  ) {}

  static async open(dataDir: string, limits: Partial<BlobLimits> | BlobLimits = {}, metrics: BlobMetrics | null = null, now: () => number = Date.now): Promise<BlobStore> {
    const store = new BlobStore(join(dataDir, "blobs"), { ...DEFAULT_BLOB_LIMITS, ...limits }, metrics, now);
    await store.load();
    await store.sweep();
    store.timer = setInterval(() => void store.sweep().catch(() => undefined), Math.min(SWEEP_INTERVAL_MS, Math.max(1000, store.limits.retentionMs / 10)));
    store.timer.unref();
    return store;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private get partialDir(): string {
    return join(this.dir, "partial");
  }

  private async load(): Promise<void> {
    await mkdir(this.partialDir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      const hash = name.slice(0, 64);
      if (!isBlobHash(hash) || name.length !== 64) continue;
      const meta = await readMeta(join(this.dir, `${hash}.json`));
      const size = await fileSize(join(this.dir, hash));
      // A blob without its record (crash between the two renames) or of the wrong size is dropped: it can be fetched again.
      if (!meta || size !== meta.size) {
        await this.removeFiles(this.dir, hash);
        continue;
      }
      this.add(hash, meta);
    }
    for (const name of await readdir(this.partialDir)) {
      const hash = name.slice(0, 64);
      if (!isBlobHash(hash) || name.length !== 64) continue;
      const meta = await readMeta(join(this.partialDir, `${hash}.json`));
      const size = await fileSize(join(this.partialDir, hash));
      if (!meta || size === null || size > meta.size || this.blobs.has(hash)) {
        await this.removeFiles(this.partialDir, hash);
        continue;
      }
      this.partials.set(hash, { size: meta.size, uploader: meta.uploader, offset: size, touchedAt: meta.storedAt, busy: false });
      this.reservedBytes += meta.size;
      this.charge(meta.uploader, meta.size);
    }
    this.publish();
  }

  has(hash: string): boolean {
    return this.blobs.has(hash);
  }

  meta(hash: string): BlobMeta | null {
    return this.blobs.get(hash) ?? null;
  }

  info(hash: string): BlobInfo {
    const m = this.blobs.get(hash);
    const p = this.partials.get(hash);
    return {
      hash,
      stored: m !== undefined,
      size: m?.size ?? p?.size ?? null,
      storedAt: m?.storedAt ?? null,
      expiresAt: m ? m.storedAt + this.limits.retentionMs : null,
      uploadOffset: m ? null : (p?.offset ?? null),
    };
  }

  /** Bytes an account has stored here (finished and under way). */
  used(uploader: string): number {
    return this.accountBytes.get(uploader) ?? 0;
  }

  get stats(): { blobs: number; bytes: number; partials: number } {
    return { blobs: this.blobs.size, bytes: this.totalBytes, partials: this.partials.size };
  }

  /** A stream of bytes [start, end] (inclusive) of a stored blob, or null when not stored. */
  read(hash: string, start = 0, end?: number): ReadStream | null {
    const m = this.blobs.get(hash);
    if (!m) return null;
    return createReadStream(join(this.dir, hash), { start, end: end ?? Math.max(0, m.size - 1), highWaterMark: 64 * 1024 });
  }

  /** Up to `length` bytes from `offset` (peer replication answers one piece at a time). */
  async readPiece(hash: string, offset: number, length: number): Promise<Uint8Array | null> {
    const m = this.blobs.get(hash);
    if (!m || offset > m.size) return null;
    const n = Math.min(length, m.size - offset);
    if (n === 0) return new Uint8Array(0);
    const fh = await open(join(this.dir, hash), "r");
    try {
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(buf, 0, n, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /**
   * Starts or resumes writing blob `hash` of `size` bytes at `offset`. Refuses (in the order the
   * rules are checked) when the blob is over the cap, the account's quota or the store's total
   * would be passed, the offset is not where the partial file ends, or another request is
   * writing it. `uploader` null = a copy fetched from a peer (counts against the total only).
   */
  begin(hash: string, size: number, uploader: string | null, offset: number): Result<"stored" | "write", BlobError> {
    // [REJECT] already stored: nothing to write (content-addressed, so the same bytes).
    if (this.blobs.has(hash)) return ok("stored");
    // [REJECT] larger than one blob may be.
    if (size > this.limits.maxBlobBytes) return this.refuse(blobError({ code: "TOO_LARGE", size, max: this.limits.maxBlobBytes }));
    const p = this.partials.get(hash);
    if (p) {
      // [REJECT] another request is appending to this blob.
      if (p.busy) return this.refuse(blobError({ code: "UPLOAD_IN_PROGRESS" }));
      // [REJECT] a resumed upload must say the same size and continue where the file ends.
      if (p.size !== size) return this.refuse(blobError({ code: "SIZE_MISMATCH", expected: p.size, got: size }));
      if (offset !== p.offset) return this.refuse(blobError({ code: "OFFSET_MISMATCH", expected: p.offset, got: offset }));
      p.busy = true;
      return ok("write");
    }
    // [REJECT] a new upload starts at 0.
    if (offset !== 0) return this.refuse(blobError({ code: "OFFSET_MISMATCH", expected: 0, got: offset }));
    // [REJECT] the uploader's quota (what they stored here plus this blob).
    if (uploader !== null && this.used(uploader) + size > this.limits.accountQuotaBytes)
      return this.refuse(blobError({ code: "QUOTA_EXCEEDED", used: this.used(uploader), size, quota: this.limits.accountQuotaBytes }));
    // [REJECT] the store's total.
    if (this.totalBytes + this.reservedBytes + size > this.limits.maxTotalBytes) return this.refuse(blobError({ code: "STORE_FULL", max: this.limits.maxTotalBytes }));
    this.partials.set(hash, { size, uploader, offset: 0, touchedAt: this.now(), busy: true });
    this.reservedBytes += size;
    this.charge(uploader, size);
    this.publish();
    return ok("write");
  }

  /**
   * Appends `source` to a blob begun with begin() (at most the bytes still missing; more is
   * PIECE_TOO_LONG). When the file is complete its hash is checked: a match is moved into place
   * ("stored"), a mismatch deletes it (HASH_MISMATCH). Else "partial" with the new offset.
   */
  async append(hash: string, source: Readable | AsyncIterable<Uint8Array>): Promise<Result<{ state: "stored" | "partial"; offset: number }, BlobError>> {
    const p = this.partials.get(hash);
    if (!p || !p.busy) throw new Error("BlobStore.append without begin()");
    const path = join(this.partialDir, hash);
    let written = p.offset;
    let overflow = false;
    const limit = p.size;
    async function* bounded(src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of src) {
        if (written + chunk.length > limit) {
          overflow = true;
          const room = limit - written;
          if (room > 0) {
            written += room;
            yield chunk.subarray(0, room);
          }
          return;
        }
        written += chunk.length;
        yield chunk;
      }
    }
    try {
      // The record says whose upload it is and when it last moved (storedAt), so a restart resumes it.
      await writeFile(`${path}.json`, JSON.stringify({ size: p.size, uploader: p.uploader, storedAt: this.now() }));
      await pipeline(bounded(source as AsyncIterable<Uint8Array>), createWriteStream(path, { flags: p.offset === 0 ? "w" : "a" }));
    } catch {
      // The sender hung up mid-piece: keep what reached the disk, so the upload resumes from there.
    } finally {
      p.busy = false;
      p.touchedAt = this.now();
    }
    p.offset = (await fileSize(path)) ?? 0;
    if (overflow) {
      await this.dropPartial(hash);
      return this.refuse(blobError({ code: "PIECE_TOO_LONG", size: p.size }));
    }
    if (p.offset < p.size) return ok({ state: "partial", offset: p.offset });
    const actual = await hashFile(path);
    if (actual !== hash) {
      await this.dropPartial(hash);
      return this.refuse(blobError({ code: "HASH_MISMATCH", expected: hash, got: actual }));
    }
    const meta: BlobMeta = { size: p.size, uploader: p.uploader, storedAt: this.now() };
    // Record first, blob second: load() drops a blob without a record, never the reverse.
    await writeFile(join(this.dir, `${hash}.json.tmp`), JSON.stringify(meta));
    await rename(join(this.dir, `${hash}.json.tmp`), join(this.dir, `${hash}.json`));
    await rename(path, join(this.dir, hash));
    await rm(`${path}.json`, { force: true });
    this.partials.delete(hash);
    this.reservedBytes -= p.size;
    this.charge(p.uploader, -p.size);
    this.add(hash, meta);
    this.metrics?.stored.inc({ source: p.uploader === null ? "peer" : "upload" });
    this.publish();
    return ok({ state: "stored", offset: p.size });
  }

  /** Gives up a write begun with begin() that will not call append (e.g. a refused request). */
  release(hash: string): void {
    const p = this.partials.get(hash);
    if (p) p.busy = false;
  }

  /** Deletes expired blobs and stale partial uploads. Returns how many blobs were evicted. */
  async sweep(): Promise<number> {
    const now = this.now();
    let evicted = 0;
    for (const [hash, m] of [...this.blobs]) {
      if (m.storedAt + this.limits.retentionMs > now) continue;
      await this.evict(hash);
      evicted++;
    }
    for (const [hash, p] of [...this.partials]) if (!p.busy && p.touchedAt + this.limits.partialTtlMs <= now) await this.dropPartial(hash);
    return evicted;
  }

  private async evict(hash: string): Promise<void> {
    const m = this.blobs.get(hash);
    if (!m) return;
    this.blobs.delete(hash);
    this.charge(m.uploader, -m.size);
    this.totalBytes -= m.size;
    // An open read stream keeps reading the unlinked file to its end.
    await this.removeFiles(this.dir, hash);
    this.metrics?.evictions.inc();
    this.publish();
  }

  private async dropPartial(hash: string): Promise<void> {
    const p = this.partials.get(hash);
    if (!p) return;
    this.partials.delete(hash);
    this.reservedBytes -= p.size;
    this.charge(p.uploader, -p.size);
    await this.removeFiles(this.partialDir, hash);
    this.publish();
  }

  private add(hash: string, meta: BlobMeta): void {
    this.blobs.set(hash, meta);
    this.totalBytes += meta.size;
    this.charge(meta.uploader, meta.size);
  }

  /** Reserved and stored bytes per uploader; partial uploads also count towards the total. */
  private charge(uploader: string | null, delta: number): void {
    if (uploader === null) return;
    const next = (this.accountBytes.get(uploader) ?? 0) + delta;
    if (next <= 0) this.accountBytes.delete(uploader);
    else this.accountBytes.set(uploader, next);
  }

  private refuse<T>(e: BlobError): Result<T, BlobError> {
    this.metrics?.refusals.inc({ reason: e.code });
    return err(e);
  }

  private async removeFiles(dir: string, hash: string): Promise<void> {
    await rm(join(dir, hash), { force: true });
    await rm(join(dir, `${hash}.json`), { force: true });
  }

  private publish(): void {
    if (!this.metrics) return;
    this.metrics.bytes.set(this.totalBytes);
    this.metrics.blobs.set(this.blobs.size);
    this.metrics.partials.set(this.partials.size);
  }
}

async function readMeta(path: string): Promise<BlobMeta | null> {
  try {
    const v = JSON.parse(await readFile(path, "utf8")) as Partial<BlobMeta> & Record<string, unknown>;
    if (!Number.isSafeInteger(v.size) || !Number.isSafeInteger(v.storedAt)) return null;
    if (v.uploader !== null && (typeof v.uploader !== "string" || !/^[0-9a-f]{64}$/.test(v.uploader))) return null;
    return { size: v.size as number, uploader: v.uploader ?? null, storedAt: v.storedAt as number };
  } catch {
    return null;
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

export async function hashFile(path: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), h);
  return toHex(h.digest());
}
