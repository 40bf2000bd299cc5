// Files in chat, the client side (docs/ENCRYPTION.md "Attachments", docs/RPC.md "Blobs"): a file
// is encrypted here with a fresh key (blob-cipher.ts), uploaded to a node in pieces (resuming
// where a cut-off upload stopped), and later downloaded from any node with Range requests
// (resuming after a cut), its hash checked and its chunks decrypted as they stream. The SDK
// holds at most one upload piece and one chunk of a download in memory. Browser-safe.
import { sha256Stream } from "../crypto/native.js";
import { blobUploadMessage, UPLOAD_HEADERS } from "../messaging/blob-upload.js";
import {
  BlobDecryptor, BlobEncryptor, blobSize, newBlobKey, DEFAULT_CHUNK_SIZE, type Attachment,
} from "../messaging/crypto/index.js";
import { bytesEqual, toHex } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import { signBytes, type Identity } from "./keys.js";
import type { ParleyClient } from "./parley-client.js";

/** Re-readable file bytes: called once to hash the encrypted file and once to upload it. */
export type FileSource = () => AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export type BlobClientErrorType =
  /** The node refused an upload or download: `reason` is its code (QUOTA_EXCEEDED, TOO_LARGE, UNAUTHORIZED, ...). */
  | { code: "REFUSED"; status: number; reason: string; detail: string }
  | { code: "NOT_FOUND"; hash: string }
  /** The downloaded bytes do not hash to the attachment's blob hash (a node sent other bytes). */
  | { code: "HASH_MISMATCH"; expected: string; got: string }
  /** Authentic ciphertext that does not open: wrong key, or a blob cut short. */
  | { code: "DECRYPT_FAILED" | "TRUNCATED" }
  | { code: "SIZE_MISMATCH"; expected: number; got: number }
  | { code: "TRANSPORT"; reason: string };

export class BlobClientError extends ParleyError<BlobClientErrorType> {}

export interface Progress {
  done: number;
  total: number;
}

export interface SealedFile {
  key: Uint8Array;
  chunkSize: number;
  /** Plaintext bytes. */
  size: number;
  /** SHA-256 of the blob (the ciphertext). */
  blobHash: Uint8Array;
  blobSize: number;
}

export interface FileToSend {
  source: FileSource;
  fileName: string;
  mediaType: string;
  /** A small preview the sender made (images), at most MAX_THUMBNAIL_BYTES. */
  thumbnail?: Uint8Array | null;
}

export interface BlobLimitsJson {
  maxBlobBytes: number;
  accountQuotaBytes: number;
  usedBytes: number;
  retentionMs: number;
  pieceBytes: number;
}

export interface BlobInfoJson {
  hash: string;
  stored: boolean;
  size: number | null;
  storedAt: number | null;
  expiresAt: number | null;
  uploadOffset: number | null;
}

async function* chunksOf(src: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!("getReader" in src)) {
    for await (const c of src) yield c;
    return;
  }
  const reader = src.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The blob of a file, chunk by chunk, never whole. */
export async function* encryptedChunks(source: FileSource, key: Uint8Array, chunkSize: number): AsyncGenerator<Uint8Array> {
  const enc = new BlobEncryptor(key, chunkSize);
  for await (const piece of chunksOf(source())) for (const c of enc.push(piece)) yield c;
  yield enc.finish();
}

/** First pass: a fresh key, the blob's hash and sizes (encryption is deterministic given the key, so the upload pass makes the same bytes). */
export async function sealFile(source: FileSource, chunkSize = DEFAULT_CHUNK_SIZE, key: Uint8Array = newBlobKey()): Promise<SealedFile> {
  const h = sha256Stream();
  let n = 0;
  for await (const c of encryptedChunks(source, key, chunkSize)) {
    h.update(c);
    n += c.length;
  }
  // Plaintext size from the blob size: every chunk carries a 16-byte tag.
  let size = n - 16;
  while (blobSize(size, chunkSize) > n) size -= 16;
  return { key, chunkSize, size, blobHash: h.digest(), blobSize: n };
}

async function refusal(resp: Response): Promise<BlobClientError> {
  let reason = `HTTP_${resp.status}`;
  let detail = resp.statusText;
  try {
    const body = (await resp.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string") reason = body.error.code;
    if (typeof body.error?.message === "string") detail = body.error.message;
  } catch {
    // not JSON: keep the status
  }
  return new BlobClientError({ code: "REFUSED", status: resp.status, reason, detail }, `the node refused: ${detail}`);
}

async function request(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new BlobClientError({ code: "TRANSPORT", reason: `${url}: ${(e as Error).message}` });
  }
}

export class BlobClient {
  constructor(readonly client: ParleyClient) {}

  private get base(): string {
    return this.client.url.replace(/\/+$/, "");
  }

  limits(address?: string): Promise<BlobLimitsJson> {
    return this.client.rpc.call<BlobLimitsJson>("blob_limits", address === undefined ? [] : [address]);
  }

  info(hash: Uint8Array | string): Promise<BlobInfoJson> {
    return this.client.rpc.call<BlobInfoJson>("blob_info", [typeof hash === "string" ? hash : "0x" + toHex(hash)]);
  }

  /** Encrypts and uploads a file; the attachment to put in a message. */
  async attach(identity: Identity, file: FileToSend, opts: { onProgress?: (p: Progress) => void; chunkSize?: number } = {}): Promise<Attachment> {
    const sealed = await sealFile(file.source, opts.chunkSize ?? DEFAULT_CHUNK_SIZE);
    await this.upload(identity, sealed, file.source, opts.onProgress);
    return { blobHash: sealed.blobHash, size: sealed.size, mediaType: file.mediaType, fileName: file.fileName, key: sealed.key, chunkSize: sealed.chunkSize, thumbnail: file.thumbnail ?? null };
  }

  /**
   * Uploads the blob of a sealed file in pieces, from where an earlier attempt stopped; a
   * connection lost mid-way is retried from the node's offset (`retries` times, default 3).
   */
  async upload(identity: Identity, sealed: SealedFile, source: FileSource, onProgress?: (p: Progress) => void, retries = 3): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.uploadOnce(identity, sealed, source, onProgress);
      } catch (e) {
        if (!(e instanceof BlobClientError && e.type.code === "TRANSPORT") || attempt >= retries) throw e;
      }
    }
  }

  private async uploadOnce(identity: Identity, sealed: SealedFile, source: FileSource, onProgress?: (p: Progress) => void): Promise<void> {
    const [{ chainId }, limits, info] = await Promise.all([this.client.info(), this.limits(identity.address), this.info(sealed.blobHash)]);
    const total = sealed.blobSize;
    if (info.stored) return onProgress?.({ done: total, total });
    // The node refuses these before reading a byte, but it closes the connection to do so, and a
    // client still sending a large first piece may only see the reset: say it here, clearly.
    if (total > limits.maxBlobBytes) throw new BlobClientError({ code: "REFUSED", status: 413, reason: "TOO_LARGE", detail: `TOO_LARGE: size=${total} max=${limits.maxBlobBytes}` }, `the node refused: the blob is ${total} bytes, more than its ${limits.maxBlobBytes}`);
    if (info.uploadOffset === null && limits.usedBytes + total > limits.accountQuotaBytes)
      throw new BlobClientError({ code: "REFUSED", status: 403, reason: "QUOTA_EXCEEDED", detail: `QUOTA_EXCEEDED: used=${limits.usedBytes} size=${total} quota=${limits.accountQuotaBytes}` }, "the node refused: your storage quota there is full");
    const time = Date.now();
    const signature = signBytes(identity.secretKey, blobUploadMessage(chainId, sealed.blobHash, total, time));
    const headers = {
      "Content-Type": "application/octet-stream",
      [UPLOAD_HEADERS.uploader]: toHex(identity.publicKey),
      [UPLOAD_HEADERS.time]: String(time),
      [UPLOAD_HEADERS.signature]: toHex(signature),
      [UPLOAD_HEADERS.size]: String(total),
    };
    const url = `${this.base}/blob/${toHex(sealed.blobHash)}`;
    const start = info.uploadOffset ?? 0;
    const piece = new Uint8Array(Math.max(1, Math.min(limits.pieceBytes, total)));
    let fill = 0;
    let pieceStart = start;
    const send = async (): Promise<void> => {
      const resp = await request(url, { method: "PUT", headers: { ...headers, [UPLOAD_HEADERS.offset]: String(pieceStart) }, body: piece.slice(0, fill) });
      if (!resp.ok) throw await refusal(resp);
      await resp.body?.cancel();
      pieceStart += fill;
      fill = 0;
      onProgress?.({ done: pieceStart, total });
    };
    onProgress?.({ done: start, total });
    let offset = 0;
    for await (const c of encryptedChunks(source, sealed.key, sealed.chunkSize)) {
      // Skip what the node already has (a resumed upload re-encrypts but does not resend it).
      let at = Math.max(0, Math.min(c.length, start - offset));
      offset += c.length;
      while (at < c.length) {
        const n = Math.min(piece.length - fill, c.length - at);
        piece.set(c.subarray(at, at + n), fill);
        fill += n;
        at += n;
        if (fill === piece.length) await send();
      }
    }
    if (fill > 0 || total === 0) await send();
    if (offset !== total) throw new BlobClientError({ code: "SIZE_MISMATCH", expected: total, got: offset }, "the file changed while it was being uploaded");
  }

  /**
   * The blob's bytes from `offset`, streamed; a connection cut mid-way is resumed with a Range
   * request (up to `retries` times). The node fetches a blob it lacks from its peers first.
   */
  async *blobBytes(hash: Uint8Array, opts: { offset?: number; retries?: number; signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    const url = `${this.base}/blob/${toHex(hash)}`;
    let offset = opts.offset ?? 0;
    let retries = opts.retries ?? 5;
    let total: number | null = null;
    for (;;) {
      const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
      const resp = await request(url, { headers, ...(opts.signal ? { signal: opts.signal } : {}) });
      if (resp.status === 404) throw new BlobClientError({ code: "NOT_FOUND", hash: toHex(hash) }, `no node answered with blob ${toHex(hash)} (expired, or never uploaded)`);
      if (resp.status === 416 && total === null && offset > 0) return; // already have it all
      if (!resp.ok || !resp.body) throw await refusal(resp);
      if (total === null) total = resp.status === 206 ? Number(/\/(\d+)$/.exec(resp.headers.get("content-range") ?? "")?.[1] ?? NaN) : Number(resp.headers.get("content-length"));
      try {
        for await (const c of chunksOf(resp.body)) {
          offset += c.length;
          yield c;
        }
      } catch (e) {
        if (opts.signal?.aborted || retries-- <= 0) throw new BlobClientError({ code: "TRANSPORT", reason: (e as Error).message });
        continue;
      }
      if (!Number.isFinite(total) || offset >= total) return;
      if (retries-- <= 0) throw new BlobClientError({ code: "TRANSPORT", reason: "download ended early" });
    }
  }

  /**
   * Downloads, checks and decrypts an attachment, handing plaintext to `sink` as it is proven
   * authentic (each chunk's AEAD tag). The hash of the whole blob is checked at the end: throws
   * HASH_MISMATCH, TRUNCATED or DECRYPT_FAILED then, and the caller must discard what it wrote.
   * `already` resumes: the blob bytes the caller kept from before (fed through first).
   */
  async download(a: Attachment, sink: (plain: Uint8Array) => void | Promise<void>, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<void> {
    const open = new BlobOpener(a);
    const total = blobSize(a.size, a.chunkSize);
    for await (const c of this.blobBytes(a.blobHash, opts.signal ? { signal: opts.signal } : {})) {
      for (const p of open.push(c)) await sink(p);
      opts.onProgress?.({ done: open.received, total });
    }
    await sink(open.finish());
  }
}

/** Checks and decrypts a blob fed in pieces (download(), or the CLI reading its saved blob). */
export class BlobOpener {
  private readonly hash = sha256Stream();
  private readonly dec: BlobDecryptor;
  received = 0;

  constructor(private readonly a: Attachment) {
    this.dec = new BlobDecryptor(a.key, a.chunkSize);
  }

  push(c: Uint8Array): Uint8Array[] {
    this.hash.update(c);
    this.received += c.length;
    const r = this.dec.push(c);
    if (!r.ok) throw this.failure(r.error.code);
    return r.value;
  }

  finish(): Uint8Array {
    const got = this.hash.digest();
    if (!bytesEqual(got, this.a.blobHash)) throw new BlobClientError({ code: "HASH_MISMATCH", expected: toHex(this.a.blobHash), got: toHex(got) }, "the blob's bytes do not match its hash: refused");
    const r = this.dec.finish();
    if (!r.ok) throw this.failure(r.error.code);
    if (this.received !== blobSize(this.a.size, this.a.chunkSize)) throw new BlobClientError({ code: "SIZE_MISMATCH", expected: this.a.size, got: this.received });
    return r.value;
  }

  private failure(code: string): BlobClientError {
    return new BlobClientError({ code: code === "TRUNCATED" ? "TRUNCATED" : "DECRYPT_FAILED" });
  }
}
