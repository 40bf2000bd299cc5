// The blob store's bounds (docs/OPERATIONS.md "File blobs"). Each number has its reason.
export interface BlobLimits {
  /** Largest blob accepted: 100 MiB (issue 16: files up to 100 MB), plus room for the per-chunk tags. */
  maxBlobBytes: number;
  /** Bytes one uploader may have stored at once (blobs they uploaded here and uploads under way). */
  accountQuotaBytes: number;
  /** Bytes the whole store may hold (uploads and copies fetched from peers); past it, STORE_FULL. */
  maxTotalBytes: number;
  /** How long a blob is kept after it was stored here; then it is evicted. */
  retentionMs: number;
  /** An unfinished upload is dropped this long after its last piece arrived. */
  partialTtlMs: number;
  /** Uploads receiving at once; more get 503 BUSY (each holds a socket and a file). */
  maxConcurrentUploads: number;
  /** Downloads served at once over HTTP (each streams from disk with a 64 KiB buffer). */
  maxConcurrentDownloads: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BLOB_LIMITS: BlobLimits = {
  // 100 MiB of file in 64 KiB chunks carries 1600 tags of 16 bytes: 25 KiB over 100 MiB.
  maxBlobBytes: 100 * MiB + 64 * 1024,
  // Ten maximum-size files: a week of heavy photo sharing, not an archive.
  accountQuotaBytes: 1024 * MiB,
  // 20 GiB: a small VM disk's share for attachments; operators raise it.
  maxTotalBytes: 20 * 1024 * MiB,
  // 30 days: long enough for a recipient on holiday, short enough that nodes are not archives.
  retentionMs: 30 * 24 * 3600_000,
  partialTtlMs: 3600_000,
  maxConcurrentUploads: 16,
  maxConcurrentDownloads: 64,
};

// How often the store looks for expired blobs and stale partial uploads.
export const SWEEP_INTERVAL_MS = 60_000;

// Largest upload piece a client should send per PUT: 8 MiB finishes within the server's 40 s
// request timeout at 1.7 Mbit/s, and an interrupted upload resends at most one piece.
export const UPLOAD_PIECE_BYTES = 8 * 1024 * 1024;
