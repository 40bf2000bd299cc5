// Txs travel between nodes in batches (one gossip message carries up to 100): signed single-tx
// messages cap near 2.9k/s here, unsigned batches carry 100k+ tx/s. A batch from a peer is
// accepted (and forwarded by gossipsub) when it brought at least one new valid tx; a batch
// with a provably bad tx (bad signature, garbage) is rejected and its sender scored down.
import { decodeUnknown, encode, readArray, readBytes } from "../chain/codec.js";
import type { TxError } from "../chain/tx/errors.js";
import type { Result } from "../util/errors.js";
import type { GossipResult } from "../network/index.js";

export const TX_BATCH_MAX = 100;
// Short enough to add nothing visible to latency (blocks are >= 100 ms apart), long enough to fill batches under load.
const FLUSH_MS = 10;

// Errors that prove the sender relayed something no honest node would have accepted.
const PROVABLY_BAD = new Set(["BAD_ENCODING", "NON_CANONICAL", "UNKNOWN_KIND", "BAD_SIGNATURE", "WEAK_KEY", "WRONG_CHAIN", "TOO_LARGE"]);

export class TxGossip {
  private pending: Uint8Array[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly publish: (data: Uint8Array) => Promise<number>,
    private readonly admit: (bytes: Uint8Array) => Promise<Result<unknown, TxError>>,
  ) {}

  /** Queue a locally admitted tx for gossip. */
  add(bytes: Uint8Array): void {
    this.pending.push(bytes);
    if (this.pending.length >= TX_BATCH_MAX) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, TX_BATCH_MAX);
      void this.publish(encode(batch)).catch(() => 0);
    }
  }

  async onBatch(data: Uint8Array): Promise<GossipResult> {
    const items = readArray(decodeUnknown(data));
    // [REJECT] a batch is an array of at most TX_BATCH_MAX byte strings.
    if (!items || items.length === 0 || items.length > TX_BATCH_MAX) return "reject";
    const txs: Uint8Array[] = [];
    for (const item of items) {
      const bytes = readBytes(item);
      if (!bytes) return "reject";
      txs.push(bytes);
    }
    // All at once: the batch's signature checks then reach the verify threads as one message,
    // and each sender's txs still reach the pool in nonce order (answers come back in order).
    const results = await Promise.all(txs.map((bytes) => this.admit(bytes)));
    let fresh = 0;
    for (const r of results) {
      if (r.ok) fresh++;
      else if (PROVABLY_BAD.has(r.error.code)) return "reject";
    }
    // [IGNORE] nothing new (already pending, already final): do not forward.
    return fresh > 0 ? "accept" : "ignore";
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
