import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { splitByShares, TOTAL_BPS } from "../../../../src/chain/works/split.js";

/** 1-16 positive shares summing to 10,000 bps. */
const sharesArb = fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 16 }).map((weights) => {
  const sum = weights.reduce((a, b) => a + b, 0);
  const bps = weights.map((w) => Math.max(1, Math.floor((w * TOTAL_BPS) / sum)));
  let diff = TOTAL_BPS - bps.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % bps.length) {
    if (diff > 0) { bps[i]!++; diff--; } else if (bps[i]! > 1) { bps[i]!--; diff++; }
  }
  return bps;
});
const amountArb = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));

describe("splitting a payment among a work's payees", () => {
  it("the parts sum to the amount exactly, and each is within one base unit of its exact share", () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, bps) => {
        const parts = splitByShares(amount, bps);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(amount);
        parts.forEach((part, i) => {
          // |part - amount * bps / 10,000| < 1, in integers: |part * 10,000 - amount * bps| < 10,000
          const diff = part * BigInt(TOTAL_BPS) - amount * BigInt(bps[i]!);
          expect(diff < BigInt(TOTAL_BPS) && diff > -BigInt(TOTAL_BPS)).toBe(true);
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the left-over units to the largest dropped fractions", () => {
    // 100 * [3333, 3333, 3334] / 10,000 = 33.33, 33.33, 33.34: floors 33+33+33 = 99, one unit left,
    // the largest fraction is the third payee's
    expect(splitByShares(100n, [3_333, 3_333, 3_334])).toEqual([33n, 33n, 34n]);
    // 7 * [5000, 3000, 2000] = 3.5, 2.1, 1.4: floors 3+2+1 = 6, one left, to the 0.5
    expect(splitByShares(7n, [5_000, 3_000, 2_000])).toEqual([4n, 2n, 1n]);
  });

  it("breaks ties between equal fractions by list order", () => {
    // 1 * [5000, 5000] = 0.5, 0.5: the one unit goes to the first
    expect(splitByShares(1n, [5_000, 5_000])).toEqual([1n, 0n]);
    // 2 * [2500 x 4] = 0.5 each: the first two
    expect(splitByShares(2n, [2_500, 2_500, 2_500, 2_500])).toEqual([1n, 1n, 0n, 0n]);
  });

  it("pays exact shares with no remainder as they are, and the whole to a single payee", () => {
    expect(splitByShares(10_000n, [5_000, 3_000, 2_000])).toEqual([5_000n, 3_000n, 2_000n]);
    expect(splitByShares((1n << 64n) - 1n, [10_000])).toEqual([(1n << 64n) - 1n]);
    expect(splitByShares(0n, [5_000, 5_000])).toEqual([0n, 0n]);
  });
});
