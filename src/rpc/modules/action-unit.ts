// What an action's amounts are counted in, for display (docs/RPC.md "action"): the record's
// asset with its symbol, decimals and issuer, or the native token's from the chain parameters.
// An asset's symbol and decimals are fixed at creation, so the head's record serves any height.
import { assetKey, decodeAsset, type AssetRef } from "../../chain/assets/records.js";
import type { ChainParams } from "../../chain/params.js";
import type { ActionRecord } from "../../chain/actions/records.js";
import type { ActionUnit } from "../../chain/actions/record-json.js";
import { StateNs } from "../../chain/tx/spec.js";

interface UnitSource {
  readonly params: ChainParams;
  readonly state: { get(ns: typeof StateNs.asset, key: Uint8Array): Uint8Array | undefined };
}

/** The unit of a record's amounts, read from `chain`'s state when the record holds an asset. */
export function actionUnitOf(chain: UnitSource, r: ActionRecord): ActionUnit {
  return assetUnitOf(chain, r.asset);
}

/** The unit of amounts in `id` (null: the native token). */
export function assetUnitOf(chain: UnitSource, id: AssetRef): ActionUnit {
  if (id === null) return { assetId: null, symbol: chain.params.nativeSymbol, decimals: chain.params.nativeDecimals, issuer: null };
  const raw = chain.state.get(StateNs.asset, assetKey(id));
  const asset = raw && decodeAsset(raw);
  // An action only locks an asset that exists, and assets are never deleted: this is a guard.
  if (!asset) return { assetId: id, symbol: "", decimals: 0, issuer: null };
  return { assetId: id, symbol: asset.symbol, decimals: asset.decimals, issuer: asset.issuer };
}
