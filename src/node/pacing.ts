// When to start the next block: as soon as there is work, but not sooner than the block time
// after the previous block (so blocks fill up under load instead of carrying one tx each), and
// while idle only every heartbeat (no stream of empty blocks). Automatic actions falling due
// count as work: a scheduled payment runs at its height although nobody sends a tx.
import type { ChainParams } from "../chain/params.js";

export interface WorkSource {
  /** Number of txs ready for the next block. */
  readonly size: number;
}

/** Work that needs a block although no tx waits: automatic actions falling due (Chain.actionsDue). */
export type DueWork = (nowMs: number) => boolean;

export class Pacer {
  private wake: (() => void) | null = null;

  constructor(
    private readonly params: ChainParams,
    private readonly work: WorkSource,
    private readonly due: DueWork = () => false,
    /** The node's block-time clock (chain-clock.ts). */
    private readonly now: () => number = Date.now,
  ) {}

  /** Call when txs arrive, so an idle wait ends early. */
  notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * Resolves when the next block should be started; `false` if aborted. `startNow` lets the
   * caller end the wait early (e.g. peers already started the next height); call notify() after
   * it turns true.
   */
  async waitForWork(lastBlockTime: number, signal: AbortSignal, startNow: () => boolean = () => false): Promise<boolean> {
    const { blockTimeMs, heartbeatMs } = this.params;
    for (;;) {
      if (signal.aborted) return false;
      if (startNow()) return true;
      const now = this.now();
      const sinceLast = now - lastBlockTime;
      // A due action (a scheduled payment, an expiry) is work like a pending tx: checked each
      // pass, so a time wake is seen within the 1 s re-check below.
      const hasWork = this.work.size > 0 || this.due(now);
      if (hasWork && sinceLast >= blockTimeMs) return true;
      if (heartbeatMs > 0 && sinceLast >= heartbeatMs) return true;
      const untilBlock = hasWork ? blockTimeMs - sinceLast : Infinity;
      const untilHeartbeat = heartbeatMs > 0 ? heartbeatMs - sinceLast : Infinity;
      const wait = Math.max(1, Math.min(untilBlock, untilHeartbeat, 1_000));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        const onAbort = (): void => done();
        signal.addEventListener("abort", onAbort, { once: true });
        this.wake = done;
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        }
      });
    }
  }
}
