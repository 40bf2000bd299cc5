// How a payment to a work (a licence's price, a tip) is divided among its payees, exactly:
// the largest-remainder rule (docs/WORKS.md 3). Each payee first gets floor(amount * bps /
// 10,000); the base units left over (fewer than the number of payees) go one each to the payees
// with the largest dropped fraction (amount * bps mod 10,000), ties going to the earlier payee
// in the work's list. The parts sum to the amount, and each part is within one base unit of its
// exact share (below it by less than 1, or above it by less than 1).

/** Shares are basis points: every list of shares sums to exactly this. */
export const TOTAL_BPS = 10_000;

/** The parts of `amount` for shares `bps` (summing to TOTAL_BPS), in the same order. */
export function splitByShares(amount: bigint, bps: readonly number[]): bigint[] {
  const total = BigInt(TOTAL_BPS);
  const parts: bigint[] = [];
  const fractions: bigint[] = [];
  let given = 0n;
  for (const share of bps) {
    const exact = amount * BigInt(share);
    const part = exact / total;
    parts.push(part);
    fractions.push(exact % total);
    given += part;
  }
  let left = amount - given;
  if (left === 0n) return parts;
  // Payee positions by dropped fraction, largest first; a stable sort keeps list order on ties.
  const order = fractions.map((_, i) => i).sort((a, b) => (fractions[b]! > fractions[a]! ? 1 : fractions[b]! < fractions[a]! ? -1 : a - b));
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts;
}
