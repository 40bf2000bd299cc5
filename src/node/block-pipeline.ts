// What happens around a block, whoever decided it: build a proposal from the mempool, and after
// a commit, tell the mempool, the rejected-tx memory and the metrics.
import type { Chain, CommittedBlock, PreparedBlock } from "../chain/chain.js";
import type { Mempool } from "../mempool/pool.js";
import type { Address } from "../chain/tx/types.js";
import type { RejectedTxs } from "./tx-status.js";
import type { NodeMetrics } from "./metrics.js";
import type { Logger } from "../util/logger.js";

export class BlockPipeline {
  private lastCommitAt = Date.now();

  constructor(
    private readonly chain: Chain,
    private readonly pool: Mempool,
    private readonly rejected: RejectedTxs,
    private readonly metrics: NodeMetrics | null,
    private readonly log: Logger,
    /** The node's block-time clock (chain-clock.ts). */
    private readonly now: () => number = Date.now,
  ) {
    chain.on((b) => this.afterCommit(b));
  }

  /** A proposal on top of the head from the best executable txs; failing txs leave the pool. */
  async propose(proposer: Address, lastCommit: Uint8Array | null): Promise<PreparedBlock> {
    const { maxBlockTxs, maxBlockBytes } = this.chain.params;
    const candidates = this.pool.reap(maxBlockTxs, maxBlockBytes).map((e) => ({ stx: e.stx, id: e.id }));
    const { prepared, rejected } = await this.chain.buildBlock(candidates, proposer, lastCommit, this.now());
    for (const r of rejected) {
      const idHex = Buffer.from(r.tx.id).toString("hex");
      this.pool.remove(idHex);
      this.rejected.add(idHex, r.error);
      this.metrics?.txsRejected.inc({ reason: r.error.code });
    }
    return prepared;
  }

  private afterCommit(b: CommittedBlock): void {
    const height = b.block.header.height;
    const senders: Address[] = [];
    const ids: string[] = [];
    for (const t of b.txs) {
      senders.push(t.stx.tx.from);
      ids.push(Buffer.from(t.id).toString("hex"));
    }
    const dropped = this.pool.onBlockCommitted(ids, height + 1, senders);
    for (const d of dropped) this.rejected.add(d.id, d.reason);
    const now = Date.now();
    if (this.metrics) {
      this.metrics.height.set(height);
      this.metrics.lastBlockTime.set(now / 1000);
      this.metrics.txsFinalized.inc(b.txs.length);
      this.metrics.blockTxs.observe(b.txs.length);
      this.metrics.blockInterval.observe((now - this.lastCommitAt) / 1000);
      this.metrics.mempoolTxs.set(this.pool.size);
      this.metrics.mempoolBytes.set(this.pool.bytes);
    }
    this.lastCommitAt = now;
    this.log.debug({ height, txs: b.txs.length, pool: this.pool.size }, "block finalized");
  }
}
