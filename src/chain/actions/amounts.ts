// Amount rules shared by every action: u64 base units of the native token, checked sums.
import { AmountInvariantError, U64_MAX } from "../tx/kinds/funds.js";
import { actionError, type ActionError } from "./errors.js";
import type { Payment } from "./types.js";

// The one import from tx/kinds: the u64 bound and the invariant error every amount shares.
export { AmountInvariantError, U64_MAX };

/** null when 1 <= amount <= 2^64-1; `what` names the field in the refusal. */
export function checkPositiveAmount(amount: bigint, what: string): ActionError | null {
  // [REJECT] an action locks something, and every amount is a u64.
  if (amount < 1n) return actionError({ code: "BAD_AMOUNT", reason: `${what} must be positive` });
  if (amount > U64_MAX) return actionError({ code: "BAD_AMOUNT", reason: `${what} exceeds 2^64-1` });
  return null;
}

export function sumPayments(payments: readonly Payment[]): bigint {
  let total = 0n;
  for (const p of payments) total += p.amount;
  return total;
}
