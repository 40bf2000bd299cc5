// An amount a person typed, in the unit of what is paid (the native token or an asset): base
// units by src/util/amount.ts (bigints only), positive and within a u64, or the reason it is not.
// Nothing here touches the page, so unit tests import it under Node.
import { AmountError, parseDecimalAmount, type AmountUnit } from "../../util/amount.js";

// Amounts are u64 on chain.
const U64_MAX = (1n << 64n) - 1n;

/** The amount in base units, or why not: more decimals than the unit has, or anything else. */
export function readAmountInput(text: string, unit: AmountUnit): { ok: true; amount: bigint } | { ok: false; code: "AMOUNT_TOO_PRECISE" | "AMOUNT_INVALID" } {
  const s = text.trim().replace(/[,_]/g, "");
  let n: bigint;
  try {
    n = parseDecimalAmount(s, unit);
  } catch (e) {
    return { ok: false, code: e instanceof AmountError && e.type.code === "AMOUNT_TOO_PRECISE" ? "AMOUNT_TOO_PRECISE" : "AMOUNT_INVALID" };
  }
  return n > 0n && n <= U64_MAX ? { ok: true, amount: n } : { ok: false, code: "AMOUNT_INVALID" };
}
