// Blobs between nodes: this node answers pieces of what it stores, and fetches a blob it lacks
// from its peers when a downloader asks for it (docs/DECISIONS.md: on demand, because a blob's
// hash travels only inside encrypted envelopes, so no node can see which blobs a final tx
// references). Pieces are appended to the partial file as they arrive and the whole is hashed
// before it is stored: a peer that sends other bytes is struck and the copy dropped.
import { Readable } from "node:stream";
import { NetworkError, InvalidRequestError, type Network } from "../../network/index.js";
import { BLOB_PROTOCOL, BLOB_STATUS, MAX_PIECE, decodePieceRequest, decodePieceResponse, encodePieceRequest, encodePieceResponse } from "../../network/blob-protocol.js";
import { fromHex, toHex } from "../../util/bytes.js";
import type { Logger } from "../../util/logger.js";
import type { BlobMetrics } from "./metrics.js";
import type { BlobStore } from "./store.js";

// Peers asked in turn for a blob (a consortium's nodes are few; each question is one small request).
const MAX_PEERS_ASKED = 8;
// One piece's round trip may take this long before the next peer is tried.
const PIECE_TIMEOUT_MS = 20_000;
// Pieces asked for at once from the serving peer: keeps a loopback or LAN link busy.
const PIECES_IN_FLIGHT = 4;

export class BlobReplication {
  private readonly fetching = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: BlobStore,
    private readonly net: Network,
    private readonly metrics: BlobMetrics | null,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.net.handle(BLOB_PROTOCOL, (req) => this.serve(req), { maxResponseBytes: MAX_PIECE + 1024 });
  }

  private async serve(req: Uint8Array): Promise<Uint8Array> {
    const r = decodePieceRequest(req);
    if (!r) throw new InvalidRequestError({ code: "INVALID_REQUEST", reason: "blob piece request is [hash(32), offset, 1..1MiB length]" });
    const hash = toHex(r.hash);
    const meta = this.store.meta(hash);
    const bytes = meta ? await this.store.readPiece(hash, r.offset, r.length) : null;
    if (!meta || !bytes) return encodePieceResponse({ status: BLOB_STATUS.notStored, size: 0, bytes: new Uint8Array(0) });
    this.metrics?.servedBytes.inc({ to: "peer" }, bytes.length);
    return encodePieceResponse({ status: BLOB_STATUS.ok, size: meta.size, bytes });
  }

  /** Fetches `hash` from a peer that has it; concurrent callers share one fetch. True once stored. */
  fetch(hash: string): Promise<boolean> {
    if (this.store.has(hash)) return Promise.resolve(true);
    let running = this.fetching.get(hash);
    if (!running) {
      running = this.fetchFromPeers(hash).finally(() => this.fetching.delete(hash));
      this.fetching.set(hash, running);
    }
    return running;
  }

  private async fetchFromPeers(hash: string): Promise<boolean> {
    for (const peer of this.net.peers().slice(0, MAX_PEERS_ASKED)) {
      const outcome = await this.fetchFrom(peer, hash).catch((e: unknown) => {
        this.log.debug({ peer, hash, err: e instanceof Error ? e.message : String(e) }, "blob fetch from peer failed");
        return "failed" as const;
      });
      this.metrics?.fetches.inc({ outcome });
      if (outcome === "stored") return true;
    }
    return false;
  }

  private async fetchFrom(peer: string, hash: string): Promise<"stored" | "not_stored" | "refused" | "bad_blob" | "failed"> {
    const hashBytes = fromHex(hash)!;
    const ask = async (offset: number) => {
      const raw = await this.net.request(peer, BLOB_PROTOCOL, encodePieceRequest({ hash: hashBytes, offset, length: MAX_PIECE }), { timeoutMs: PIECE_TIMEOUT_MS, maxResponseBytes: MAX_PIECE + 1024 });
      const r = decodePieceResponse(raw);
      if (!r) throw new NetworkError({ code: "STREAM_FAILED", peerId: peer, protocol: BLOB_PROTOCOL, reason: "malformed blob piece" });
      return r;
    };
    // A fetch cut off earlier (or an upload of the same bytes) left a partial file: go on from its end.
    const from = this.store.info(hash).uploadOffset ?? 0;
    const first = await ask(from);
    if (first.status !== BLOB_STATUS.ok) return "not_stored";
    const size = first.size;
    const begun = this.store.begin(hash, size, null, from);
    if (!begun.ok) {
      // Another writer on this hash, or no room: not the peer's fault.
      this.log.info({ hash, reason: begun.error.code }, "blob fetch refused by the store");
      return "refused";
    }
    if (begun.value === "stored") return "stored";
    const expect = (offset: number) => Math.min(MAX_PIECE, size - offset);
    // Pieces in order, a few requested ahead; a wrong piece ends the stream (the partial file
    // keeps what was good so far; a wrong byte inside a piece fails the hash check at the end).
    async function* pieces(): AsyncGenerator<Uint8Array> {
      if (first.bytes.length !== expect(from)) throw new Error("first piece has the wrong length");
      yield first.bytes;
      const ahead: Array<ReturnType<typeof ask>> = [];
      let next = from + first.bytes.length;
      const fill = () => {
        while (ahead.length < PIECES_IN_FLIGHT && next < size) {
          const piece = ask(next);
          piece.catch(() => undefined); // awaited in order below; a failure after an earlier one must not go unhandled
          ahead.push(piece);
          next += MAX_PIECE;
        }
      };
      let at = next;
      fill();
      while (ahead.length > 0) {
        const r = await ahead.shift()!;
        if (r.status !== BLOB_STATUS.ok || r.size !== size || r.bytes.length !== expect(at)) throw new Error("peer sent a wrong piece");
        at += r.bytes.length;
        fill();
        yield r.bytes;
      }
    }
    const stream = Readable.from(pieces(), { objectMode: false });
    const r = await this.store.append(hash, stream);
    if (r.ok && r.value.state === "stored") {
      this.log.info({ hash, size, peer }, "blob fetched from peer");
      return "stored";
    }
    if (!r.ok && r.error.code === "HASH_MISMATCH") {
      // Content-addressed: a peer that sends bytes not matching the hash it was asked for lies.
      this.net.penalize(peer, "blob_hash_mismatch");
      return "bad_blob";
    }
    return "failed";
  }
}
