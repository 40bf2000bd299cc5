// The blob routes on the RPC port (docs/RPC.md "Blobs"), outside JSON-RPC and its body limit:
//
//   PUT  /blob/<hash>   a piece of an upload, streamed to disk (auth headers in blob-upload.ts;
//                       Parley-Size = whole blob, Parley-Offset = where this piece starts)
//   GET  /blob/<hash>   the blob, streamed from disk, with Range (206) so a download resumes;
//   HEAD /blob/<hash>   a blob this node lacks is first fetched from peers (replication.ts)
//
// Bodies never pass through memory whole: a piece is piped into the partial file with stream
// back-pressure (so a connection holds at most its socket and file buffers), which is why blob
// bytes are not charged to the JSON in-flight budget; concurrency caps bound them instead.
// Pieces rather than one long request: the server's request timeout (headers + body, 40 s)
// still applies, so a slow link uploads 100 MB in 8 MiB pieces, each its own request, and an
// upload cut off resumes at the last piece's end (blob_info says where).
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { parseAddress } from "../../chain/address.js";
import { blobUploadMessage, UPLOAD_CLOCK_SKEW_MS, UPLOAD_HEADERS } from "../../messaging/blob-upload.js";
import { fromHex, toHex } from "../../util/bytes.js";
import { verifyEd25519 } from "../../crypto/native.js";
import type { Logger } from "../../util/logger.js";
import { blobError, type BlobError, type BlobErrorCode } from "./errors.js";
import type { BlobMetrics } from "./metrics.js";
import { isBlobHash, type BlobStore } from "./store.js";

export interface BlobRouteDeps {
  store: BlobStore;
  chainId: string;
  /** True for an account the chain knows (a balance or a nonce): quotas are per real account, not per fresh key. */
  accountKnown(address: Uint8Array): boolean;
  /** Fetches a blob this node lacks from its peers; resolves true once stored. */
  fetchMissing(hash: string): Promise<boolean>;
  metrics: BlobMetrics | null;
  log: Logger;
  now?: () => number;
}

const STATUS: Record<BlobErrorCode, number> = {
  TOO_LARGE: 413,
  QUOTA_EXCEEDED: 403,
  STORE_FULL: 507,
  OFFSET_MISMATCH: 409,
  SIZE_MISMATCH: 409,
  UPLOAD_IN_PROGRESS: 409,
  PIECE_TOO_LONG: 400,
  HASH_MISMATCH: 422,
  BAD_UPLOAD: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  BAD_RANGE: 416,
  BUSY: 503,
};

/** Serves /blob/<hash>; returns null for any other path (left to JSON-RPC). */
export function createBlobRoutes(deps: BlobRouteDeps): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | null {
  const now = deps.now ?? Date.now;
  const { store } = deps;
  let uploads = 0;
  let downloads = 0;

  const sendError = (res: ServerResponse, e: BlobError, close = false): void => {
    const body = JSON.stringify({ error: { ...e.type, message: e.message } });
    const headers: Record<string, string | number> = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) };
    // Refused before its body was read: close instead of reading up to 100 MB we will not keep.
    if (close) headers["Connection"] = "close";
    if (e.code === "BUSY") headers["Retry-After"] = "1";
    res.writeHead(STATUS[e.code], headers);
    res.end(body);
  };

  async function put(req: IncomingMessage, res: ServerResponse, hash: string): Promise<void> {
    const auth = checkAuth(req, hash);
    if (!auth.ok) return sendError(res, auth.error, true);
    const { size, offset, uploader } = auth;
    const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
    // [REJECT] a piece longer than what is missing.
    if (declared !== null && (!Number.isSafeInteger(declared) || offset + declared > size)) return sendError(res, blobError({ code: "PIECE_TOO_LONG", size }), true);
    // [REJECT] too many uploads at once.
    if (uploads >= store.limits.maxConcurrentUploads) return sendError(res, blobError({ code: "BUSY", limit: "maxConcurrentUploads" }), true);
    const begun = store.begin(hash, size, uploader, offset);
    if (!begun.ok) return sendError(res, begun.error, true);
    if (begun.value === "stored") {
      req.resume();
      return json(res, 200, { hash, size, state: "stored", offset: size });
    }
    uploads++;
    try {
      const r = await store.append(hash, req);
      if (!r.ok) return sendError(res, r.error, true);
      if (r.value.state === "stored") deps.log.info({ hash, size, uploader }, "blob stored");
      json(res, r.value.state === "stored" ? 201 : 202, { hash, size, state: r.value.state, offset: r.value.offset });
    } finally {
      uploads--;
    }
  }

  function checkAuth(req: IncomingMessage, hash: string): { ok: true; size: number; offset: number; uploader: string } | { ok: false; error: BlobError } {
    const h = (name: string): string | undefined => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const bad = (reason: string) => ({ ok: false as const, error: blobError({ code: "BAD_UPLOAD", reason }) });
    const unauthorized = (reason: string) => ({ ok: false as const, error: blobError({ code: "UNAUTHORIZED", reason }) });
    const size = Number(h(UPLOAD_HEADERS.size));
    const offset = Number(h(UPLOAD_HEADERS.offset) ?? "0");
    const time = Number(h(UPLOAD_HEADERS.time));
    // [REJECT] the size and offset headers are integers, offset within the blob.
    if (!Number.isSafeInteger(size) || size < 0) return bad(`${UPLOAD_HEADERS.size} must be the blob's size in bytes`);
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) return bad(`${UPLOAD_HEADERS.offset} must be 0..size`);
    const who = parseAddress(h(UPLOAD_HEADERS.uploader) ?? "");
    const sig = fromHex((h(UPLOAD_HEADERS.signature) ?? "").replace(/^0x/, ""));
    // [REJECT] an uploader address, a time and a 64-byte signature are present.
    if (!who || !sig || sig.length !== 64 || !Number.isSafeInteger(time)) return unauthorized(`send ${UPLOAD_HEADERS.uploader}, ${UPLOAD_HEADERS.time} and ${UPLOAD_HEADERS.signature}`);
    // [REJECT] the signed time is within the allowed skew of ours (bounds replay).
    if (Math.abs(now() - time) > UPLOAD_CLOCK_SKEW_MS) return unauthorized(`${UPLOAD_HEADERS.time} is more than ${UPLOAD_CLOCK_SKEW_MS / 60_000} minutes from the node's clock`);
    // [REJECT] the signature covers this chain, hash, size and time.
    if (!verifyEd25519(who, blobUploadMessage(deps.chainId, fromHex(hash)!, size, time), sig)) return unauthorized("bad signature");
    // [REJECT] the account exists on chain (quotas are per account; fresh keys are free to make).
    if (!deps.accountKnown(who)) return unauthorized("the uploader has no account on this chain (no balance and no nonce)");
    return { ok: true, size, offset, uploader: toHex(who) };
  }

  async function get(req: IncomingMessage, res: ServerResponse, hash: string): Promise<void> {
    if (downloads >= store.limits.maxConcurrentDownloads) return sendError(res, blobError({ code: "BUSY", limit: "maxConcurrentDownloads" }));
    downloads++;
    try {
      if (!store.has(hash)) await deps.fetchMissing(hash).catch(() => false);
      const meta = store.meta(hash);
      if (!meta) return sendError(res, blobError({ code: "NOT_FOUND", hash }));
      const range = parseRange(req.headers.range, meta.size);
      if (range === "bad") return sendError(res, blobError({ code: "BAD_RANGE", size: meta.size }));
      const headers: Record<string, string | number> = {
        "Content-Type": "application/octet-stream",
        "Accept-Ranges": "bytes",
        ETag: `"${hash}"`,
        // Content-addressed: the bytes under a hash never change.
        "Cache-Control": "public, max-age=31536000, immutable",
        // A browser SDK on another origin reads these to resume.
        "Access-Control-Expose-Headers": "Content-Range, Content-Length, ETag",
      };
      const [start, end] = range ?? [0, meta.size - 1];
      const length = meta.size === 0 ? 0 : end - start + 1;
      headers["Content-Length"] = length;
      if (range) headers["Content-Range"] = `bytes ${start}-${end}/${meta.size}`;
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === "HEAD" || length === 0) return void res.end();
      const stream = store.read(hash, start, end);
      if (!stream) return void res.destroy();
      try {
        await pipeline(stream, res);
        deps.metrics?.servedBytes.inc({ to: "http" }, length);
      } catch {
        // The downloader hung up; it resumes with a Range.
      }
    } finally {
      downloads--;
    }
  }

  return (req, res, path) => {
    if (!path.startsWith("/blob/")) return null;
    const hash = path.slice("/blob/".length).toLowerCase();
    if (!isBlobHash(hash)) return Promise.resolve(sendError(res, blobError({ code: "NOT_FOUND", hash })));
    if (req.method === "PUT") return put(req, res, hash);
    if (req.method === "GET" || req.method === "HEAD") return get(req, res, hash);
    res.writeHead(405, { Allow: "GET, HEAD, PUT, OPTIONS", "Content-Type": "text/plain" });
    res.end("use GET or PUT");
    return Promise.resolve();
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** One range "bytes=a-b", "bytes=a-" or "bytes=-n"; null = whole blob; "bad" = 416. */
export function parseRange(header: string | undefined, size: number): [number, number] | null | "bad" {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "bad";
  if (m[1] === "") {
    const n = Math.min(Number(m[2]), size);
    return n === 0 ? "bad" : [size - n, size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return "bad";
  return [start, end];
}
