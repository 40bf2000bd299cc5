// The node's idea of "now" for block times (docs/CONSENSUS.md, "Time"): the local clock, unless
// the chain's finalized blocks show it is far off. Each block this node decides by consensus
// (not sync: those are old) gives a sample, block time minus local time at commit; when the
// median of the last samples is more than SKEW_MS in the future or AHEAD_SKEW_MS in the past
// (old blocks are also delay), the node says so (a warning and the
// parley_clock_skew_seconds gauge) and proposes and validates on local time plus that median,
// so a node 30 s ahead or behind neither proposes blocks its peers refuse nor refuses theirs.
// Only the skewed node sees a skew: the others' samples are their own network delay.
import type { Logger } from "../util/logger.js";

/** A median sample this far in the future is a clock behind the chain (no block arrives from the future). */
export const SKEW_MS = 5_000;
/**
 * A median sample this far in the past is a clock ahead of the chain. Wider than SKEW_MS: a
 * decided block's age is also the time to build, send and check it and two vote steps, which on
 * a loaded machine, or for a block its proposer built after its timeoutPropose and proposed
 * anyway (docs/CONSENSUS.md rule 1), is seconds (6 s seen on every honest node of a loaded
 * test run, round 0). A clock less than this ahead needs no correction: its proposals stay
 * inside the 10 s future bound its peers allow, with a second to spare.
 */
export const AHEAD_SKEW_MS = 9_000;
const SAMPLES = 9;
// A median needs a few blocks, so one lying proposer (up to 10 s ahead) cannot move it.
const MIN_SAMPLES = 3;

export class ChainClock {
  private readonly samples: number[] = [];
  private offsetMs = 0;

  constructor(
    /** The local clock: Date.now, or an injected one (chaos/faulty-node.ts --clock-offset-ms). */
    private readonly local: () => number,
    private readonly log: Logger,
    private readonly onSkew: (skewMs: number) => void = () => undefined,
  ) {}

  /** Local time corrected by the chain's, ms since epoch. */
  now(): number {
    return this.local() + this.offsetMs;
  }

  /** The median skew in force (0 = the local clock is trusted). */
  get skewMs(): number {
    return this.offsetMs;
  }

  /**
   * A block this node just decided by consensus, with its header time and the round it was
   * decided in. Only round-0 decisions are samples: a block decided in a later round may have
   * been built rounds before (a proposer proposes again a block its peers already checked), so
   * its age is those rounds' timeouts, not a clock's skew; taken as skew it made every node
   * shift its clock back by the stall's length, and past 10 s refuse fresh blocks as "too far
   * in the future".
   */
  observeDecided(blockTime: number, round: number): void {
    if (round > 0) return;
    this.samples.push(blockTime - this.local());
    if (this.samples.length > SAMPLES) this.samples.shift();
    if (this.samples.length < MIN_SAMPLES) return;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const next = median > SKEW_MS || median < -AHEAD_SKEW_MS ? median : 0;
    if ((next === 0) !== (this.offsetMs === 0)) {
      if (next !== 0) this.log.warn({ skewMs: Math.round(next) }, `local clock is ${Math.round(Math.abs(next) / 1000)} s ${next > 0 ? "behind" : "ahead of"} the chain's block times; using the chain's time`);
      else this.log.info({}, "local clock agrees with the chain's block times again");
    }
    this.offsetMs = next;
    this.onSkew(next);
  }
}
