// Amounts as people type and read them in the CLI (docs/CLI.md "Amounts"): "12.5", "12.5 PAR"
// or "5" (= 5 whole tokens, DECISIONS.md), in the native token (its symbol and decimals from
// node_info) or in an asset (from asset_get). The chain and RPC keep exact base units.
import type { ParleyClient } from "../client/parley-client.js";
import { AmountError, formatDecimalAmount, parseDecimalAmount, type AmountUnit } from "../util/amount.js";
import { DEFAULT_PARAMS } from "../chain/params.js";
import { toHex } from "../util/bytes.js";
import { cliError } from "./common.js";

export interface AssetInfoJson {
  assetId: string; issuer: string; admin: string; symbol: string; name: string; decimals: number;
  supply: string; supplyFormatted: string; maxSupply: string | null; metaHash: string | null; flags: string[]; height: number; txId: string;
}

/** The native token's unit on the node's chain (a node from before assets: the defaults). */
export async function nativeUnit(c: ParleyClient): Promise<Required<AmountUnit>> {
  const p = (await c.info()).params;
  return { decimals: p.nativeDecimals ?? DEFAULT_PARAMS.nativeDecimals, symbol: p.nativeSymbol ?? DEFAULT_PARAMS.nativeSymbol };
}

export async function assetInfo(c: ParleyClient, id: Uint8Array): Promise<AssetInfoJson> {
  return c.rpc.call<AssetInfoJson>("asset_get", ["0x" + toHex(id)]);
}

/** The units of the assets named (0x-hex ids), each looked up once; an id the node does not know is left out (shown in base units). */
export async function assetUnits(c: ParleyClient, ids: Iterable<string>): Promise<Map<string, Required<AmountUnit>>> {
  const out = new Map<string, Required<AmountUnit>>();
  for (const id of new Set(ids)) {
    const a = await c.rpc.call<AssetInfoJson>("asset_get", [id]).catch(() => null);
    if (a) out.set(id, { decimals: a.decimals, symbol: a.symbol });
  }
  return out;
}

/** An asset amount as people read it: "12.5 PTS", or base units with the id when its unit is not known. */
export function assetAmountText(base: bigint | string, id: string, units: ReadonlyMap<string, AmountUnit>): string {
  const u = units.get(id);
  return u ? `${shown(base, u)} ${u.symbol ?? ""}`.trim() : `${base} base units of asset ${id}`;
}

/** The unit of `asset` (null: native). */
export async function unitOf(c: ParleyClient, asset: Uint8Array | null): Promise<Required<AmountUnit>> {
  if (asset === null) return nativeUnit(c);
  const a = await assetInfo(c, asset);
  return { decimals: a.decimals, symbol: a.symbol };
}

/** A decimal amount in `unit` -> base units; a CLI error names the option. */
export function amountIn(text: string, what: string, unit: AmountUnit, opts: { positive?: boolean } = {}): bigint {
  let n: bigint;
  try {
    n = parseDecimalAmount(text, unit);
  } catch (e) {
    if (e instanceof AmountError) throw cliError(`${what}: ${e.message}`);
    throw e;
  }
  if (opts.positive && n === 0n) throw cliError(`${what} must be positive`);
  return n;
}

/** "12.5" from base units (the number only: callers put the symbol where they want it). */
export const shown = (base: bigint | string, unit: AmountUnit): string => formatDecimalAmount(BigInt(base), { decimals: unit.decimals });

/** "PTS (parley1abcd…wxyz)": symbols are not unique, so the issuer goes with it. */
export function assetLabel(symbol: string, issuer: string): string {
  return `${symbol} (issuer ${issuer.slice(0, 12)}…${issuer.slice(-4)})`;
}
