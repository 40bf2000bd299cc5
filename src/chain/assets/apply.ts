// The effect of each asset op on state (docs/ASSETS.md 5). The kind (src/chain/tx/kinds/asset.ts)
// decodes and checks the body statelessly; these functions check what needs state and write the
// asset namespace. A returned error undoes every write of the tx.
import { txError, type TxError } from "../tx/errors.js";
import { StateNs, type ExecContext } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { bytesEqual } from "../../util/bytes.js";
import { credit, debit, loadAsset, readHolding, writeHolding } from "./ledger.js";
import {
  assetIdOf, assetKey, countKey, decodeCount, encodeAsset, encodeCount, hasFlag, issuerCountKey, issuerItemKey, serialKey,
  type AssetRecord,
} from "./records.js";

export interface CreateInput {
  symbol: string;
  name: string;
  decimals: number;
  /** Units credited to the issuer at creation. */
  initial: bigint;
  maxSupply: bigint | null;
  metaHash: Uint8Array | null;
  flags: number;
}

const saveAsset = (ctx: ExecContext, id: Uint8Array, r: AssetRecord): void => ctx.set(StateNs.asset, assetKey(id), encodeAsset(r));

function loadAdmin(ctx: ExecContext, id: Uint8Array, from: Address): Readonly<AssetRecord> | TxError {
  const asset = loadAsset(ctx, id);
  if ("code" in asset) return asset;
  // [REJECT] only the asset's admin mints, freezes, claws back and changes the admin
  return bytesEqual(asset.admin, from) ? asset : txError({ code: "ASSET_NOT_ADMIN" });
}

/** Creates the asset; its id is assetIdOf(from, txId). */
export function createAsset(ctx: ExecContext, from: Address, b: CreateInput): TxError | null {
  const issuers = ctx.params.assetIssuers;
  // [REJECT] on a chain with an allow-list, only listed issuers create assets
  if (issuers !== null && !issuers.some((a) => bytesEqual(a, from))) return txError({ code: "ASSET_ISSUER_NOT_ALLOWED" });
  // [REJECT] flags this chain does not allow (freezable, clawback) are refused
  const refused = b.flags & ~ctx.params.assetFlagsAllowed;
  if (refused !== 0) return txError({ code: "ASSET_FLAG_NOT_ALLOWED", flags: refused });
  const id = assetIdOf(from, ctx.txId);
  // Cannot happen (ids come from tx ids); kept so a broken invariant is refused, not overwritten.
  if (ctx.get(StateNs.asset, assetKey(id))) return txError({ code: "ASSET_EXISTS" });
  const n = decodeCount(ctx.get(StateNs.asset, countKey()));
  ctx.set(StateNs.asset, countKey(), encodeCount(n + 1));
  ctx.set(StateNs.asset, serialKey(n), id);
  const mine = decodeCount(ctx.get(StateNs.asset, issuerCountKey(from)));
  ctx.set(StateNs.asset, issuerCountKey(from), encodeCount(mine + 1));
  ctx.set(StateNs.asset, issuerItemKey(from, mine), id);
  saveAsset(ctx, id, {
    issuer: from, admin: from, symbol: b.symbol, name: b.name, decimals: b.decimals, maxSupply: b.maxSupply,
    metaHash: b.metaHash, flags: b.flags, supply: b.initial, height: ctx.height, txId: ctx.txId,
  });
  return b.initial > 0n ? credit(ctx, id, from, b.initial) : null;
}

export function mintAsset(ctx: ExecContext, from: Address, id: Uint8Array, to: Address, amount: bigint): TxError | null {
  const asset = loadAdmin(ctx, id, from);
  if ("code" in asset) return asset;
  // [REJECT] a fixed-supply asset is never minted after creation
  if (!hasFlag(asset, "mintable")) return txError({ code: "ASSET_NOT_MINTABLE" });
  const cap = asset.maxSupply ?? (1n << 64n) - 1n;
  // [REJECT] the supply never exceeds the max supply (or 2^64-1)
  if (asset.supply > cap - amount) return txError({ code: "ASSET_OVER_MAX_SUPPLY", supply: asset.supply, max: cap, mint: amount });
  // [REJECT] a frozen holder receives nothing
  if (readHolding(ctx, id, to)?.frozen) return txError({ code: "ASSET_FROZEN" });
  saveAsset(ctx, id, { ...asset, supply: asset.supply + amount });
  return credit(ctx, id, to, amount);
}

/** Anyone may burn what they hold (unless frozen); the supply shrinks. */
export function burnAsset(ctx: ExecContext, from: Address, id: Uint8Array, amount: bigint): TxError | null {
  const asset = loadAsset(ctx, id);
  if ("code" in asset) return asset;
  // [REJECT] a frozen holding cannot be burnt away (the admin may claw it back)
  if (readHolding(ctx, id, from)?.frozen) return txError({ code: "ASSET_FROZEN" });
  const bad = debit(ctx, id, from, amount);
  if (bad) return bad;
  saveAsset(ctx, id, { ...asset, supply: asset.supply - amount });
  return null;
}

export function setFrozen(ctx: ExecContext, from: Address, id: Uint8Array, holder: Address, frozen: boolean): TxError | null {
  const asset = loadAdmin(ctx, id, from);
  if ("code" in asset) return asset;
  // [REJECT] only an asset created freezable can be frozen (unfreezing stays possible)
  if (frozen && !hasFlag(asset, "freezable")) return txError({ code: "ASSET_NOT_FREEZABLE" });
  const h = readHolding(ctx, id, holder);
  // [REJECT] freezing twice, or unfreezing what is not frozen, is a mistake worth telling
  if ((h?.frozen ?? false) === frozen) return txError({ code: frozen ? "ASSET_ALREADY_FROZEN" : "ASSET_NOT_FROZEN" });
  writeHolding(ctx, id, holder, { balance: h?.balance ?? 0n, frozen });
  return null;
}

/** Moves `amount` from `holder` back to the admin, frozen or not. */
export function clawbackAsset(ctx: ExecContext, from: Address, id: Uint8Array, holder: Address, amount: bigint): TxError | null {
  const asset = loadAdmin(ctx, id, from);
  if ("code" in asset) return asset;
  // [REJECT] only an asset created with clawback can be clawed back
  if (!hasFlag(asset, "clawback")) return txError({ code: "ASSET_NO_CLAWBACK" });
  return debit(ctx, id, holder, amount) ?? credit(ctx, id, asset.admin, amount);
}

export function setAdmin(ctx: ExecContext, from: Address, id: Uint8Array, admin: Address): TxError | null {
  const asset = loadAdmin(ctx, id, from);
  if ("code" in asset) return asset;
  saveAsset(ctx, id, { ...asset, admin });
  return null;
}
