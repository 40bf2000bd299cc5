// "Is this node behind?" for operators: fed the best head a peer reported (sync status) or
// implied (consensus messages for a later height), it keeps the blocks-behind gauge and logs
// at info when the node falls behind and when it has caught up again, with how long it took.
import type { Logger } from "../util/logger.js";
import type { NodeMetrics } from "./metrics.js";

// Two blocks: one is normal while a block is being committed on the way in.
const BEHIND_BLOCKS = 2;

export class LagWatch {
  private bestPeerHead = 0;
  private behindSince: number | null = null;

  constructor(
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
  ) {}

  /** A peer's finalized head is at least `height`. */
  peerHead(height: number): void {
    this.bestPeerHead = Math.max(this.bestPeerHead, height);
  }

  /** Our head now; updates the gauge and logs a change of state. */
  observe(head: number): void {
    const behind = Math.max(0, this.bestPeerHead - head);
    this.metrics.blocksBehind.set(behind);
    if (this.behindSince === null && behind >= BEHIND_BLOCKS) {
      this.behindSince = Date.now();
      this.log.info({ head, bestPeerHead: this.bestPeerHead, behind }, "fallen behind the network: syncing");
    } else if (this.behindSince !== null && behind === 0) {
      this.log.info({ head, behindForMs: Date.now() - this.behindSince }, "caught up with the network");
      this.behindSince = null;
    }
  }
}
