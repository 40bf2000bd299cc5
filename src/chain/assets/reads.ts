// Reading assets at a state (docs/ASSETS.md, docs/RPC.md "asset"): an asset's record, the chain's
// or an issuer's list, an address's holdings, one holding. Pure functions over a state getter,
// shared by the node's RPC (over its state, recording the reads it proves) and the light node
// (over entries it proved, src/light/state-read.ts), so both read exactly the same keys.
import type { StateGet } from "../names/lookup.js";
import { StateNs } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import {
  assetKey, countKey, decodeAsset, decodeCount, decodeHolding, holderCountKey, holderItemKey, holdingKey, issuerCountKey, issuerItemKey, serialKey,
  type AssetRecord, type Holding,
} from "./records.js";

const NO_HOLDING: Holding = { balance: 0n, frozen: false };

export function readAsset(get: StateGet, id: Uint8Array): AssetRecord | undefined {
  const raw = get(StateNs.asset, assetKey(id));
  return raw && decodeAsset(raw);
}

/** Ids at positions from..from+limit-1 of a list stored as a count and one item per position. */
function listIds(get: StateGet, countAt: Uint8Array, itemAt: (i: number) => Uint8Array, from: number, limit: number): { total: number; ids: Uint8Array[] } {
  const total = decodeCount(get(StateNs.asset, countAt));
  const ids: Uint8Array[] = [];
  for (let i = from; i < Math.min(total, from + limit); i++) {
    const id = get(StateNs.asset, itemAt(i));
    if (id) ids.push(id);
  }
  return { total, ids };
}

/** Assets in creation order from position `from`: the chain's, or one issuer's. */
export function readAssetList(get: StateGet, issuer: Address | undefined, from: number, limit: number): { total: number; assets: Array<{ id: Uint8Array; record: AssetRecord }> } {
  const { total, ids } = listIds(get, issuer ? issuerCountKey(issuer) : countKey(), (i) => (issuer ? issuerItemKey(issuer, i) : serialKey(i)), from, limit);
  return { total, assets: ids.flatMap((id) => {
    const record = readAsset(get, id);
    return record ? [{ id, record }] : [];
  }) };
}

/** The assets an address holds or held, from position `from`, each with its record and holding. */
export function readHoldings(get: StateGet, holder: Address, from: number, limit: number): { total: number; holdings: Array<{ id: Uint8Array; record: AssetRecord; holding: Holding }> } {
  const { total, ids } = listIds(get, holderCountKey(holder), (i) => holderItemKey(holder, i), from, limit);
  return { total, holdings: ids.flatMap((id) => {
    const record = readAsset(get, id);
    const raw = get(StateNs.asset, holdingKey(id, holder));
    const holding = raw && decodeHolding(raw);
    return record && holding ? [{ id, record, holding }] : [];
  }) };
}

/** One holding (zero when none) and its asset's record (undefined: no such asset). Both keys are always read, so a proof of the reads carries both. */
export function readBalance(get: StateGet, holder: Address, id: Uint8Array): { record: AssetRecord | undefined; holding: Holding } {
  const raw = get(StateNs.asset, holdingKey(id, holder));
  return { holding: (raw && decodeHolding(raw)) || NO_HOLDING, record: readAsset(get, id) };
}
