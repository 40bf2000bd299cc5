// The one place where works move value: a licence's price or a tip, from the payer to one
// payee, in the offer's asset: the native token through the account balance, any other asset
// through the asset ledger (src/chain/assets/ledger.ts), under that asset's rules (frozen
// holders, non-transferable points) (docs/WORKS.md 4).
import type { TxError } from "../tx/errors.js";
import type { ExecContext } from "../tx/spec.js";
import { moveFunds } from "../tx/kinds/funds.js";
import type { Address } from "../tx/types.js";
import { moveAsset } from "../assets/ledger.js";
import type { AssetRef } from "./records.js";

/** Moves `amount` of `asset` from `from` to `to`; an error undoes the whole tx (apply's journal). */
export function payWorkShare(ctx: ExecContext, asset: AssetRef, from: Address, to: Address, amount: bigint): TxError | null {
  // [REJECT] an unknown asset pays nothing (ASSET_NOT_FOUND, from the ledger)
  return asset === null ? moveFunds(ctx, from, to, amount) : moveAsset(ctx, asset, from, to, amount);
}
