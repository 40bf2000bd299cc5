// File blobs (docs/RPC.md "Blobs"): whether this node stores a blob, how far an upload got, and
// the limits an uploader works within. The bytes themselves go over HTTP (PUT/GET /blob/<hash>).
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import { toHex } from "../../util/bytes.js";

/** What this module reads of the node's blob store (src/node/blobs/store.ts). */
export interface BlobView {
  info(hash: string): { hash: string; stored: boolean; size: number | null; storedAt: number | null; expiresAt: number | null; uploadOffset: number | null };
  used(uploaderHex: string): number;
  readonly limits: { maxBlobBytes: number; accountQuotaBytes: number; retentionMs: number };
  readonly pieceBytes: number;
}

const INFO = s.object(
  {
    hash: s.hash(),
    stored: s.bool(),
    size: s.nullable(s.uint()),
    storedAt: s.nullable(s.uint()),
    expiresAt: s.nullable(s.uint()),
    uploadOffset: s.nullable(s.described(s.uint(), "bytes received of an unfinished upload: resume from here")),
  },
  { required: ["hash", "stored", "size", "storedAt", "expiresAt", "uploadOffset"] },
);

const LIMITS = s.object(
  {
    maxBlobBytes: s.uint(),
    accountQuotaBytes: s.uint(),
    usedBytes: s.uint(),
    retentionMs: s.uint(),
    pieceBytes: s.described(s.uint(), "the largest upload piece the client should send per PUT"),
  },
  { required: ["maxBlobBytes", "accountQuotaBytes", "usedBytes", "retentionMs", "pieceBytes"] },
);

export class BlobModule {
  static readonly namespace = "blob";
  static readonly methods: MethodTable<BlobModule> = {
    info: [["hash", p.hash()]],
    limits: [["address", p.optional(p.address())]],
  };
  static readonly docs: DocTable<BlobModule> = {
    info: { summary: "Whether this node stores a blob (size, when stored, when it expires) or how far its upload got", result: INFO },
    limits: { summary: "The per-blob cap, per-account quota, retention and upload piece size; with an address, the bytes it has stored here", result: LIMITS },
  };

  constructor(private readonly blobs: BlobView) {}

  info(hash: Uint8Array): JsonObject {
    return { ...this.blobs.info(toHex(hash)) };
  }

  limits(address: Uint8Array | undefined): JsonObject {
    const l = this.blobs.limits;
    return {
      maxBlobBytes: l.maxBlobBytes,
      accountQuotaBytes: l.accountQuotaBytes,
      usedBytes: address ? this.blobs.used(toHex(address)) : 0,
      retentionMs: l.retentionMs,
      pieceBytes: this.blobs.pieceBytes,
    };
  }
}
