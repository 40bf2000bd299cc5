// Reading assets at a state (docs/ASSETS.md, docs/RPC.md "asset"): an asset's record, the chain's
// or an issuer's list, an address's holdings, one holding. Pure functions over a state getter,
// shared by the node's RPC (over its state, recording the reads it proves) and the light node
// (over entries it proved, src/light/state-read.ts), so both read exactly the same keys.
import type { StateGet } from "../names/lookup.js";
import { StateNs, type Account, type InlineHolding } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { decodeAccount, EMPTY_ACCOUNT, inlineFull, inlineIndex } from "../state/account.js";
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

/** The holder's account entry as stored (its inline holdings), or the empty account. */
function accountAt(get: StateGet, holder: Address): Account {
  const raw = get(StateNs.account, holder);
  return (raw && decodeAccount(raw)) || EMPTY_ACCOUNT;
}

const holdingOf = (h: InlineHolding): Holding => ({ balance: h.balance, frozen: h.frozen });

/** A holding kept in its own entry (the holder's inline list was full when it was first held). */
function separateHolding(get: StateGet, holder: Address, id: Uint8Array): Holding | undefined {
  const raw = get(StateNs.asset, holdingKey(id, holder));
  return (raw && decodeHolding(raw)) || undefined;
}

/**
 * The assets an address holds or held, from position `from`, each with its record and holding:
 * first the holdings inside its account entry, in the order first held, then those with entries
 * of their own, in the order of its list (0x07/0x08), as ledger.ts stores them.
 */
export function readHoldings(get: StateGet, holder: Address, from: number, limit: number): { total: number; holdings: Array<{ id: Uint8Array; record: AssetRecord; holding: Holding }> } {
  const inline = accountAt(get, holder).holdings ?? [];
  const out: Array<{ id: Uint8Array; record: AssetRecord; holding: Holding }> = [];
  for (let i = from; i < Math.min(inline.length, from + limit); i++) {
    const h = inline[i]!;
    const record = readAsset(get, h.asset);
    if (record) out.push({ id: h.asset, record, holding: holdingOf(h) });
  }
  const rest = Math.max(0, from - inline.length);
  const { total, ids } = listIds(get, holderCountKey(holder), (i) => holderItemKey(holder, i), rest, Math.max(0, limit - out.length));
  for (const id of ids) {
    const record = readAsset(get, id);
    const holding = separateHolding(get, holder, id);
    if (record && holding) out.push({ id, record, holding });
  }
  return { total: inline.length + total, holdings: out };
}

/**
 * One holding (zero when none) and its asset's record (undefined: no such asset). The account
 * entry and the asset's record are always read, and the holding's own entry whenever the account's
 * inline list is full, so a proof of the reads shows the holding or its absence.
 */
export function readBalance(get: StateGet, holder: Address, id: Uint8Array): { record: AssetRecord | undefined; holding: Holding } {
  const account = accountAt(get, holder);
  const at = inlineIndex(account, id);
  const holding = at >= 0 ? holdingOf(account.holdings![at]!) : inlineFull(account) ? separateHolding(get, holder, id) ?? NO_HOLDING : NO_HOLDING;
  return { holding, record: readAsset(get, id) };
}
