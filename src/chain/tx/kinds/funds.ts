import type { Address } from "../types.js";
import type { ExecContext } from "../spec.js";
import { txError, type TxError } from "../errors.js";

/** Moves `amount` from `from` to `to`; the shared effect of transfers and paid messages. */
export function moveFunds(ctx: ExecContext, from: Address, to: Address, amount: bigint): TxError | null {
  if (amount === 0n) return null;
  const sender = ctx.getAccount(from);
  // [REJECT] a payment can never overdraw: balances stay non-negative.
  if (sender.balance < amount) return txError({ code: "INSUFFICIENT_FUNDS", balance: sender.balance, needed: amount });
  ctx.setAccount(from, { ...sender, balance: sender.balance - amount });
  const receiver = ctx.getAccount(to);
  ctx.setAccount(to, { ...receiver, balance: receiver.balance + amount });
  return null;
}
