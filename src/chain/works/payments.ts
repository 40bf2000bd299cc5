// The one place where works move value: a licence's price or a tip, from the payer to one
// payee, in the offer's asset. Until the asset ledger (issue 14, assets part) is merged this
// pays the native token only, through the account balance; a non-native asset is refused with
// WORK_ASSET_UNSUPPORTED. Switching to the ledger is replacing the body of `payWorkShare` with
// the ledger's debit/credit by (assetId, address) (docs/WORKS.md 4).
import { txError, type TxError } from "../tx/errors.js";
import type { ExecContext } from "../tx/spec.js";
import { moveFunds } from "../tx/kinds/funds.js";
import type { Address } from "../tx/types.js";
import type { AssetRef } from "./records.js";

/** Whether this chain can pay in `asset` (the native token always). */
export function assetSupported(asset: AssetRef): boolean {
  return asset === null;
}

/** Moves `amount` of `asset` from `from` to `to`; an error undoes the whole tx (apply's journal). */
export function payWorkShare(ctx: ExecContext, asset: AssetRef, from: Address, to: Address, amount: bigint): TxError | null {
  // [REJECT] only assets the chain's ledger holds can pay a work
  if (!assetSupported(asset)) return txError({ code: "WORK_ASSET_UNSUPPORTED" });
  return moveFunds(ctx, from, to, amount);
}
