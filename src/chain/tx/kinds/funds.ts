import type { Address } from "../types.js";
import type { ExecContext } from "../spec.js";
import { txError, type TxError } from "../errors.js";
import { ParleyError } from "../../../util/errors.js";

/** Every amount and balance is a u64 on the wire and in state. */
export const U64_MAX = (1n << 64n) - 1n;

export class AmountInvariantError extends ParleyError<{ code: "AMOUNT_INVARIANT"; reason: string }> {}

/**
 * a + b where the caller has proven the sum fits (e.g. fees under the genesis supply cap).
 * Throws, never wraps: a broken invariant must stop the node, not write a wrong balance.
 */
export function addWithin(a: bigint, b: bigint): bigint {
  const sum = a + b;
  if (sum > U64_MAX) throw new AmountInvariantError({ code: "AMOUNT_INVARIANT", reason: `${a} + ${b} exceeds 2^64-1` });
  return sum;
}

/** Moves `amount` from `from` to `to`; the shared effect of transfers and paid messages. */
export function moveFunds(ctx: ExecContext, from: Address, to: Address, amount: bigint): TxError | null {
  if (amount === 0n) return null;
  const sender = ctx.getAccount(from);
  // [REJECT] a payment can never overdraw: balances stay non-negative.
  if (sender.balance < amount) return txError({ code: "INSUFFICIENT_FUNDS", balance: sender.balance, needed: amount });
  ctx.setAccount(from, { ...sender, balance: sender.balance - amount });
  const receiver = ctx.getAccount(to);
  // [REJECT] a balance is a u64: a credit past 2^64-1 is refused, never wrapped or thrown.
  if (receiver.balance > U64_MAX - amount) return txError({ code: "BALANCE_OVERFLOW", balance: receiver.balance, credit: amount });
  ctx.setAccount(to, { ...receiver, balance: receiver.balance + amount });
  return null;
}
