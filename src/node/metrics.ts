// Prometheus metrics (prom-client) on the RPC port's /metrics. One registry per node (not the
// global default) so several nodes in one process (tests) do not collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class NodeMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({ name: "parley_height", help: "Height of the last finalized block", registers: [this.registry] });
  readonly round = new Gauge({ name: "parley_consensus_round", help: "Consensus round at the current height", registers: [this.registry] });
  readonly peers = new Gauge({ name: "parley_peers", help: "Connected p2p peers", registers: [this.registry] });
  readonly mempoolTxs = new Gauge({ name: "parley_mempool_txs", help: "Transactions in the mempool", registers: [this.registry] });
  readonly mempoolBytes = new Gauge({ name: "parley_mempool_bytes", help: "Bytes of transactions in the mempool", registers: [this.registry] });
  // Set when a block is finalized: `time() - parley_last_block_timestamp_seconds` is how long the
  // chain has gone without finality (blocks are made only when there is work, so alert on it
  // together with a non-empty mempool).
  readonly lastBlockTime = new Gauge({ name: "parley_last_block_timestamp_seconds", help: "Unix time when this node last finalized a block (its start time until the first one)", registers: [this.registry] });
  readonly validators = new Gauge({ name: "parley_validators", help: "Validators in the set for the next height", registers: [this.registry] });
  readonly mempoolMaxTxs = new Gauge({ name: "parley_mempool_max_txs", help: "The mempool's cap on transactions", registers: [this.registry] });
  readonly mempoolMaxBytes = new Gauge({ name: "parley_mempool_max_bytes", help: "The mempool's cap on bytes", registers: [this.registry] });
  readonly txsFinalized = new Counter({ name: "parley_txs_finalized_total", help: "Transactions finalized", registers: [this.registry] });
  readonly txsRejected = new Counter({ name: "parley_txs_rejected_total", help: "Transactions refused at admission or left out of a block", labelNames: ["reason"], registers: [this.registry] });
  // Each is a native Ed25519 verify (~80-95 µs of a core here). Compared with
  // parley_txs_finalized_total it shows the same tx checked twice (RPC or gossip and a proposal).
  readonly txSignatureChecks = new Counter({ name: "parley_tx_signature_checks_total", help: "Tx signatures verified (admission and block checks; shared checks count once)", registers: [this.registry] });
  readonly blockInterval = new Histogram({
    name: "parley_block_interval_seconds",
    help: "Time between consecutive finalized blocks",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly blockTxs = new Histogram({ name: "parley_block_txs", help: "Transactions per block", buckets: [0, 1, 10, 100, 1000, 5000, 10000, 20000], registers: [this.registry] });
  readonly commitSeconds = new Histogram({
    name: "parley_block_commit_seconds",
    help: "Time to commit a finalized block: its one atomic, flushed LevelDB batch and the in-memory state update",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly blocksBehind = new Gauge({ name: "parley_blocks_behind", help: "Finalized blocks the best peer has that this node has not", registers: [this.registry] });
  readonly missedVotes = new Counter({
    name: "parley_validator_missed_votes_total",
    help: "Heights this node decided with no vote (nor proposal) from the validator in any round: one per height",
    labelNames: ["validator"],
    registers: [this.registry],
  });
  readonly clockSkew = new Gauge({ name: "parley_clock_skew_seconds", help: "How far the chain's block times are ahead of the local clock, when over 5 s (0 = clock trusted)", registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "parley_process_" });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
