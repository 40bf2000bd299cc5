// "Which validator is down?" and "did the set change?", from what this node sees: a validator
// none of whose votes or proposals arrived for a height it decided counts a missed height
// (parley_validator_missed_votes_total{validator}, one per height); a run of them is logged once when it
// starts and once when the validator is heard again. Governance is logged as it lands: a set
// change when it is decided (with the height it takes effect), and this node joining or leaving
// the validator set.
import { formatAddress } from "../chain/address.js";
import type { Address } from "../chain/tx/types.js";
import type { Logger } from "../util/logger.js";
import type { NodeMetrics } from "./metrics.js";

// Consecutive missed heights before a validator is logged as silent: one can be a late vote.
const SILENT_AFTER = 3;

function diff(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => !b.includes(x));
}

export class ValidatorWatch {
  private readonly missedRun = new Map<string, number>();
  private lastSet: string[] | null = null;
  private wasValidator: boolean | null = null;

  constructor(
    private readonly me: Address | null,
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
  ) {}

  /** We decided `height`; `validators` its set, `silent` those never heard from at it. */
  heightLeft(height: number, validators: readonly Address[], silent: readonly Address[]): void {
    const silentSet = new Set(silent.map(formatAddress));
    for (const v of validators.map(formatAddress)) {
      const run = this.missedRun.get(v) ?? 0;
      if (silentSet.has(v)) {
        this.metrics.missedVotes.inc({ validator: v });
        this.missedRun.set(v, run + 1);
        if (run + 1 === SILENT_AFTER) this.log.warn({ validator: v, height, missedHeights: run + 1 }, "validator silent: no vote from it for several heights");
      } else if (run > 0) {
        if (run >= SILENT_AFTER) this.log.info({ validator: v, height, missedHeights: run }, "validator heard again");
        this.missedRun.delete(v);
      }
    }
  }

  /**
   * After each block: `inForce` is the set of the next height, `latest` the set after every
   * decided change (the same unless a change is scheduled), `effectiveAt` when latest governs.
   */
  setAfterBlock(inForce: readonly Address[], latest: readonly Address[], effectiveAt: number): void {
    const now = latest.map(formatAddress).sort();
    if (this.lastSet !== null && (now.length !== this.lastSet.length || now.some((v, i) => v !== this.lastSet![i]))) {
      this.log.info({ effectiveAt, added: diff(now, this.lastSet), removed: diff(this.lastSet, now), size: now.length }, "validator set change decided");
    }
    this.lastSet = now;
    if (this.me === null) return;
    const mine = formatAddress(this.me);
    const isValidator = inForce.some((v) => formatAddress(v) === mine);
    if (this.wasValidator !== null && isValidator !== this.wasValidator) {
      this.log.info({ validator: mine }, isValidator ? "this node is now a validator: signing from the next height" : "this node left the validator set: following the chain");
    }
    this.wasValidator = isValidator;
  }
}
