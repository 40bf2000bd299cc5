// Checking a node's asset_balance answer (with proof) against a verified header: the holding (or
// its absence; inside the holder's account entry or in an entry of its own) and the asset's
// record must be under the header's stateRoot, and what is shown is decoded from the proven bytes
// only, never the node's JSON. Browser-safe.
import type { BlockHeader } from "../../chain/block/types.js";
import { StateNs } from "../../chain/tx/spec.js";
import { assetKey, decodeAsset, type AssetRecord, type Holding } from "../../chain/assets/records.js";
import { readBalance } from "../../chain/assets/reads.js";
import { decodeAccount } from "../../chain/state/account.js";
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
  const rawAccount = state.get(StateNs.account, address);
  // [REJECT] the holder's account entry (where its first holdings live) decodes
  if (rawAccount !== null && !decodeAccount(rawAccount)) throw bad("the account entry does not decode");
  // The same reads the node made (chain/assets/reads.ts): the account's inline holdings, then the
  // holding's own entry when the inline list is full; ProvenState throws on a key left out.
  const { holding } = readBalance((ns, key) => state.get(ns, key) ?? undefined, address, assetId);
  return { height: header.height, asset, holding };
}
