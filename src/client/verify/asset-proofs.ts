// Checking a node's asset_balance answer (with proof) against a verified header: the holding (or
// its absence) and the asset's record must both be under the header's stateRoot, and what is
// shown is decoded from the proven bytes only, never the node's JSON. Browser-safe.
import type { BlockHeader } from "../../chain/block/types.js";
import { StateNs } from "../../chain/tx/spec.js";
import { assetKey, decodeAsset, decodeHolding, holdingKey, type AssetRecord, type Holding } from "../../chain/assets/records.js";
import { ParleyError } from "../../util/errors.js";
import { ProvenState, type WorkProofJson } from "./work-proofs.js";

export class AssetProofError extends ParleyError<{ code: "BAD_ASSET_PROOF"; reason: string }> {}

const bad = (reason: string): AssetProofError => new AssetProofError({ code: "BAD_ASSET_PROOF", reason }, `the node's asset proof does not check: ${reason}`);

export interface ProvenBalance {
  height: number;
  asset: AssetRecord;
  /** The holding; a proven absence is a zero balance, not frozen. */
  holding: Holding;
}

/** An asset_balance answer's proof for (address, assetId), checked against `header`. Throws BAD_ASSET_PROOF or BAD_WORK_PROOF. */
export function checkAssetBalanceProof(header: BlockHeader, address: Uint8Array, assetId: Uint8Array, proof: WorkProofJson): ProvenBalance {
  const state = new ProvenState(header, proof);
  const rawAsset = state.get(StateNs.asset, assetKey(assetId));
  // [REJECT] the asset the balance is in is proven to exist
  if (rawAsset === null) throw bad("the asset is proven absent");
  const asset = decodeAsset(rawAsset);
  if (!asset) throw bad("the asset record does not decode");
  const rawHolding = state.get(StateNs.asset, holdingKey(assetId, address));
  const holding = rawHolding === null ? { balance: 0n, frozen: false } : decodeHolding(rawHolding);
  if (!holding) throw bad("the holding does not decode");
  return { height: header.height, asset, holding };
}
