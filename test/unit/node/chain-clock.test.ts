// The block-time clock: a local clock far off the chain's decided block times is noticed from
// the median of a few blocks and corrected; network delay and one lying proposer are not a skew.
import { describe, expect, it } from "vitest";
import { ChainClock } from "../../../src/node/chain-clock.js";
import { createLogger } from "../../../src/util/logger.js";

const log = createLogger("silent");

/** `t.now` is the true time; the node's local clock reads t.now + t.offset. */
function clockAt(offsetMs: number): { clock: ChainClock; t: { now: number; offset: number }; skews: number[] } {
  const t = { now: 1_000_000, offset: offsetMs };
  const skews: number[] = [];
  const clock = new ChainClock(() => t.now + t.offset, log, (ms) => skews.push(ms));
  return { clock, t, skews };
}

describe("ChainClock", () => {
  it("a clock 30 s ahead is corrected to the chain's time after a few blocks", () => {
    const { clock, t, skews } = clockAt(30_000);
    for (let i = 0; i < 3; i++) {
      t.now += 1_000;
      clock.observeDecided(t.now - 200, 0);
    }
    expect(clock.skewMs).toBeLessThan(-29_000);
    expect(Math.abs(clock.now() - t.now)).toBeLessThan(1_000);
    expect(skews.at(-1)).toBe(clock.skewMs);
  });

  it("a clock 30 s behind is corrected the other way", () => {
    const { clock, t } = clockAt(-30_000);
    for (let i = 0; i < 3; i++) clock.observeDecided((t.now += 1_000), 0);
    expect(clock.skewMs).toBeGreaterThan(29_000);
    expect(Math.abs(clock.now() - t.now)).toBeLessThan(1_000);
  });

  it("network delay and one proposer 10 s ahead are not a skew", () => {
    const { clock, t } = clockAt(0);
    const lies = [10_000, -300, -800, 10_000, -150, -2_000, -400, 10_000, -600];
    for (const d of lies) clock.observeDecided((t.now += 1_000) + d, 0);
    expect(clock.skewMs).toBe(0);
    expect(clock.now()).toBe(t.now);
  });

  it("blocks 6 s old at their round-0 decision (a loaded machine, a block built late) are delay, not a clock ahead; 6 s in the future is a clock behind", () => {
    const old = clockAt(0);
    for (let i = 0; i < 9; i++) old.clock.observeDecided((old.t.now += 1_000) - 6_000, 0);
    expect(old.clock.skewMs).toBe(0);
    const future = clockAt(0);
    for (let i = 0; i < 9; i++) future.clock.observeDecided((future.t.now += 1_000) + 6_000, 0);
    expect(future.clock.skewMs).toBe(6_000);
  });

  it("blocks decided after round 0 are no samples: one proposed again rounds after it was built is old, not skewed", () => {
    const { clock, t } = clockAt(0);
    // A stalled height: each block decided in round 2, built 12 s before (round 0).
    for (let i = 0; i < 9; i++) clock.observeDecided((t.now += 1_000) - 12_000, 2);
    expect(clock.skewMs).toBe(0);
    expect(clock.now()).toBe(t.now);
  });

  it("a corrected clock goes back to local time once the chain agrees with it", () => {
    const { clock, t } = clockAt(-30_000);
    for (let i = 0; i < 3; i++) clock.observeDecided((t.now += 1_000), 0);
    expect(clock.skewMs).not.toBe(0);
    // The local clock is fixed (NTP): the chain's blocks now agree with it.
    t.offset = 0;
    for (let i = 0; i < 9; i++) clock.observeDecided((t.now += 1_000), 0);
    expect(clock.skewMs).toBe(0);
    expect(clock.now()).toBe(t.now);
  });
});
