// The yearly fee of a name (docs/NAMES.md 3): the chain's nameYearFee times a multiple that
// falls with the name's weight, so the short names everyone wants cost more to hold and a
// squatter pays for every year of every name held. Integers only.
import type { ChainParams } from "../params.js";
import { nameWeight } from "./rules.js";

/** [weight at most, multiple of nameYearFee]; heavier names pay 1x. */
export const NAME_FEE_TABLE: ReadonlyArray<readonly [number, bigint]> = [
  [3, 32n],
  [4, 8n],
  [5, 4n],
  [6, 2n],
];

export function feeMultiple(name: string): bigint {
  const w = nameWeight(name);
  for (const [max, multiple] of NAME_FEE_TABLE) if (w <= max) return multiple;
  return 1n;
}

/** What registering or renewing `name` for `years` costs, beyond the tx fee. */
export function nameFee(params: ChainParams, name: string, years: number): bigint {
  return params.nameYearFee * feeMultiple(name) * BigInt(years);
}
