// Prometheus series of the blob store, registered on the node's registry.
import { Counter, Gauge, type Registry } from "prom-client";

export class BlobMetrics {
  readonly bytes: Gauge;
  readonly blobs: Gauge;
  readonly partials: Gauge;
  readonly stored: Counter;
  readonly evictions: Counter;
  readonly refusals: Counter;
  readonly fetches: Counter;
  readonly servedBytes: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.bytes = new Gauge({ name: "parley_blob_bytes", help: "Bytes of finished blobs stored", registers });
    this.blobs = new Gauge({ name: "parley_blobs", help: "Finished blobs stored", registers });
    this.partials = new Gauge({ name: "parley_blob_partials", help: "Uploads and peer fetches under way", registers });
    this.stored = new Counter({ name: "parley_blobs_stored_total", help: "Blobs stored after their hash was checked, by source (upload, peer)", labelNames: ["source"], registers });
    this.evictions = new Counter({ name: "parley_blob_evictions_total", help: "Blobs deleted after their retention period", registers });
    this.refusals = new Counter({ name: "parley_blob_refusals_total", help: "Uploads and writes refused, by reason (QUOTA_EXCEEDED, TOO_LARGE, HASH_MISMATCH, ...)", labelNames: ["reason"], registers });
    this.fetches = new Counter({ name: "parley_blob_peer_fetches_total", help: "Blobs asked of peers because a download wanted one not stored here, by outcome", labelNames: ["outcome"], registers });
    this.servedBytes = new Counter({ name: "parley_blob_served_bytes_total", help: "Blob bytes sent to downloaders and peers", labelNames: ["to"], registers });
  }
}
