// Round timeouts (rule 10 of docs/CONSENSUS.md): how long each step waits, and the engine's
// pending timers. Timeouts grow linearly with the round (base + round * delta), so a network
// that is slower than the base timeouts still converges: some round's timeouts outlast its delays.
import type { Clock, Step, TimerHandle } from "./types.js";

export interface StepTimeout {
  baseMs: number;
  deltaMs: number;
}

export type TimeoutConfig = Record<Step, StepTimeout>;

// Defaults for a LAN/WAN consortium with a ~1 s block target: a proposal (a block of up to a
// few MB) must cross the network and be executed within timeoutPropose; votes are small.
export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  propose: { baseMs: 3000, deltaMs: 500 },
  prevote: { baseMs: 1000, deltaMs: 500 },
  precommit: { baseMs: 1000, deltaMs: 500 },
};

export function timeoutFor(config: TimeoutConfig, step: Step, round: number): number {
  const t = config[step];
  return t.baseMs + round * t.deltaMs;
}

/** Pending timers on an injected clock, cleared all at once when the engine leaves a height or stops. */
export class TimerSet {
  private readonly handles = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  after(ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(handle);
      fn();
    }, ms);
    this.handles.add(handle);
  }

  clear(): void {
    for (const t of this.handles) this.clock.clearTimeout(t);
    this.handles.clear();
  }
}
