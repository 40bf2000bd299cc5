// Asset records and holdings as JSON (docs/RPC.md "asset"): exact base units in `supply` and
// `balance` (decimal strings), plus display fields (`symbol`, `decimals`, a formatted string)
// so every surface shows an amount with its symbol and its issuer.
import { formatAddress } from "../address.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../util/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { ASSET_FLAGS, type AssetRecord, type Holding } from "./records.js";

export function assetFlagsJson(flags: number): string[] {
  return (Object.keys(ASSET_FLAGS) as Array<keyof typeof ASSET_FLAGS>).filter((f) => (flags & ASSET_FLAGS[f]) !== 0);
}

export function assetJson(id: Uint8Array, r: AssetRecord): JsonObject {
  return {
    assetId: hexJson(id), issuer: formatAddress(r.issuer), admin: formatAddress(r.admin), symbol: r.symbol, name: r.name, decimals: r.decimals,
    supply: amountJson(r.supply), supplyFormatted: formatDecimalAmount(r.supply, { decimals: r.decimals }), maxSupply: r.maxSupply === null ? null : amountJson(r.maxSupply),
    metaHash: hexOrNull(r.metaHash), flags: assetFlagsJson(r.flags), height: r.height, txId: hexJson(r.txId),
  };
}

export function holdingJson(id: Uint8Array, r: AssetRecord, h: Holding): JsonObject {
  return {
    assetId: hexJson(id), symbol: r.symbol, decimals: r.decimals, issuer: formatAddress(r.issuer),
    balance: amountJson(h.balance), formatted: formatDecimalAmount(h.balance, { decimals: r.decimals }), frozen: h.frozen,
  };
}
