// Block production for a chain with exactly one validator and no peers to agree with: propose,
// and the proposal is final at once. The multi-validator path runs the BFT engine instead; both
// sit behind the same `Producer` interface.
import type { Chain } from "../chain/chain.js";
import type { Identity } from "../client/keys.js";
import type { BlockPipeline } from "./block-pipeline.js";
import type { Pacer } from "./pacing.js";
import type { Logger } from "./logger.js";

export interface Producer {
  start(): void;
  stop(): Promise<void>;
}

export class SoloProducer implements Producer {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly chain: Chain,
    private readonly pipeline: BlockPipeline,
    private readonly pacer: Pacer,
    private readonly identity: Identity,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const go = await this.pacer.waitForWork(this.chain.head.header.time, this.abort.signal);
      if (!go) return;
      try {
        const block = await this.pipeline.propose(this.identity.publicKey, null);
        await this.chain.commit(block, null);
      } catch (e) {
        // A failed commit leaves the head unchanged; retry after a pause rather than spin.
        this.log.error({ err: e }, "block production failed");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.pacer.notify();
    await this.loop;
  }
}
