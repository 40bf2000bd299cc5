import { afterEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { Readable } from "node:stream";
import { BlobStore } from "../../../../src/node/blobs/store.js";
import { BlobMetrics } from "../../../../src/node/blobs/metrics.js";
import { parseRange } from "../../../../src/node/blobs/http.js";

const dirs: string[] = [];
const stores: BlobStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "parley-blobstore-"));
  dirs.push(d);
  return d;
}

const UPLOADER = "aa".repeat(32);

function blob(n: number, seed = 1): { bytes: Buffer; hash: string } {
  const bytes = Buffer.alloc(n, seed);
  return { bytes, hash: createHash("sha256").update(bytes).digest("hex") };
}

async function open(d: string, clock: { now: number }, limits = {}) {
  const registry = new Registry();
  const metrics = new BlobMetrics(registry);
  const store = await BlobStore.open(d, { maxBlobBytes: 1000, accountQuotaBytes: 1500, maxTotalBytes: 2500, retentionMs: 10_000, partialTtlMs: 5_000, ...limits }, metrics, () => clock.now);
  stores.push(store);
  return { store, registry };
}

async function put(store: BlobStore, b: { bytes: Buffer; hash: string }, uploader: string | null = UPLOADER): Promise<string> {
  const begun = store.begin(b.hash, b.bytes.length, uploader, 0);
  if (!begun.ok) return begun.error.code;
  if (begun.value === "stored") return "stored";
  const r = await store.append(b.hash, Readable.from([b.bytes]));
  return r.ok ? r.value.state : r.error.code;
}

describe("blob store", () => {
  it("stores a blob whose bytes match its hash, and evicts it after the retention period, counted in metrics", async () => {
    const clock = { now: 1_000_000 };
    const d = dir();
    const { store, registry } = await open(d, clock);
    const b = blob(600);
    expect(await put(store, b)).toBe("stored");
    expect(store.info(b.hash)).toMatchObject({ stored: true, size: 600, storedAt: 1_000_000, expiresAt: 1_010_000 });
    expect(store.used(UPLOADER)).toBe(600);
    clock.now += 9_999;
    expect(await store.sweep()).toBe(0);
    clock.now += 1;
    expect(await store.sweep()).toBe(1);
    expect(store.has(b.hash)).toBe(false);
    expect(store.used(UPLOADER)).toBe(0);
    expect(existsSync(join(d, "blobs", b.hash))).toBe(false);
    const text = await registry.metrics();
    expect(text).toMatch(/parley_blob_evictions_total 1/);
    expect(text).toMatch(/parley_blob_bytes 0/);
  });

  it("refuses over the per-blob cap, the account's quota (counting uploads under way) and the store's total", async () => {
    const clock = { now: 0 };
    const { store, registry } = await open(dir(), clock);
    expect(await put(store, blob(1001))).toBe("TOO_LARGE");
    expect(await put(store, blob(900, 1))).toBe("stored");
    // A second upload begun but not finished holds its size against the quota.
    const pending = blob(500, 2);
    expect(store.begin(pending.hash, 500, UPLOADER, 0).ok).toBe(true);
    expect(await put(store, blob(200, 3))).toBe("QUOTA_EXCEEDED");
    // Peer copies count for nobody's quota, only for the total (2500: 900 + 500 reserved + 1000 > 2500).
    expect(await put(store, blob(1000, 4), null)).toBe("stored");
    expect(await put(store, blob(200, 5), null)).toBe("STORE_FULL");
    expect(await registry.metrics()).toMatch(/parley_blob_refusals_total\{reason="QUOTA_EXCEEDED"\} 1/);
  });

  it("drops a mismatching blob and an overlong piece; resumes a partial upload only at its end, and across a restart", async () => {
    const clock = { now: 0 };
    const d = dir();
    const { store } = await open(d, clock);
    const b = blob(800, 7);
    expect(store.begin(b.hash, 800, UPLOADER, 0).ok).toBe(true);
    expect((await store.append(b.hash, Readable.from([Buffer.alloc(800, 8)]))).ok && "x").toBe(false);
    expect(store.info(b.hash)).toMatchObject({ stored: false, uploadOffset: null });
    expect(store.used(UPLOADER)).toBe(0);

    expect(store.begin(b.hash, 800, UPLOADER, 0).ok).toBe(true);
    const tooLong = await store.append(b.hash, Readable.from([Buffer.alloc(900, 7)]));
    expect(!tooLong.ok && tooLong.error.code).toBe("PIECE_TOO_LONG");

    expect(store.begin(b.hash, 800, UPLOADER, 0).ok).toBe(true);
    expect((await store.append(b.hash, Readable.from([b.bytes.subarray(0, 300)]))).ok).toBe(true);
    const wrongOffset = store.begin(b.hash, 800, UPLOADER, 200);
    expect(!wrongOffset.ok && wrongOffset.error.code).toBe("OFFSET_MISMATCH");
    store.close();

    const again = (await open(d, clock)).store;
    expect(again.info(b.hash)).toMatchObject({ stored: false, size: 800, uploadOffset: 300 });
    expect(again.used(UPLOADER)).toBe(800);
    expect(again.begin(b.hash, 800, UPLOADER, 300).ok).toBe(true);
    const done = await again.append(b.hash, Readable.from([b.bytes.subarray(300)]));
    expect(done.ok && done.value.state).toBe("stored");
    expect(again.info(b.hash)).toMatchObject({ stored: true, size: 800, uploadOffset: null });
  });

  it("forgets an unfinished upload after its time to live", async () => {
    const clock = { now: 0 };
    const { store } = await open(dir(), clock);
    const b = blob(800, 9);
    store.begin(b.hash, 800, UPLOADER, 0);
    await store.append(b.hash, Readable.from([b.bytes.subarray(0, 100)]));
    clock.now += 5_000;
    await store.sweep();
    expect(store.info(b.hash)).toMatchObject({ size: null, uploadOffset: null });
    expect(store.used(UPLOADER)).toBe(0);
  });
});

describe("Range header", () => {
  it("reads the three forms and refuses what is outside the blob", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=10-19", 100)).toEqual([10, 19]);
    expect(parseRange("bytes=90-", 100)).toEqual([90, 99]);
    expect(parseRange("bytes=-5", 100)).toEqual([95, 99]);
    expect(parseRange("bytes=50-500", 100)).toEqual([50, 99]);
    for (const bad of ["bytes=100-", "bytes=20-10", "bytes=-0", "bytes=1-2,4-5", "items=1-2", "bytes=-"]) expect(parseRange(bad, 100)).toBe("bad");
  });
});
