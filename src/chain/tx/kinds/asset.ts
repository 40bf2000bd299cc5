// Assets and points (docs/ASSETS.md): anyone the chain allows creates an asset (symbol, name,
// decimals, optional max supply, flags fixed at creation), its admin mints, freezes, claws back
// and hands the role on, and holders send and burn it. One kind, an op enum in the body; the
// ledger is src/chain/assets/ (records, ledger, apply).
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../../util/json.js";
import { readBigUint, readBytes, readString, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { burnAsset, clawbackAsset, createAsset, mintAsset, setAdmin, setFrozen, type CreateInput } from "../../assets/apply.js";
import { moveAsset } from "../../assets/ledger.js";
import { ALL_ASSET_FLAGS, ASSET_LIMITS } from "../../assets/records.js";
import { readOp } from "./action-common.js";

export const AssetOp = { create: 0, mint: 1, burn: 2, transfer: 3, freeze: 4, unfreeze: 5, clawback: 6, setAdmin: 7 } as const;

export type AssetBody =
  /** Wire [0, symbol, name, decimals, initial, maxSupply | nil, metaHash | nil, flags]. */
  | ({ op: "create" } & CreateInput)
  /** Wire [1, assetId, to, amount]. */
  | { op: "mint"; asset: Uint8Array; to: Address; amount: bigint }
  /** Wire [2, assetId, amount]. */
  | { op: "burn"; asset: Uint8Array; amount: bigint }
  /** Wire [3, assetId, to, amount]. */
  | { op: "transfer"; asset: Uint8Array; to: Address; amount: bigint }
  /** Wire [4 | 5, assetId, holder]. */
  | { op: "freeze" | "unfreeze"; asset: Uint8Array; holder: Address }
  /** Wire [6, assetId, holder, amount]: back to the admin. */
  | { op: "clawback"; asset: Uint8Array; holder: Address; amount: bigint }
  /** Wire [7, assetId, newAdmin]. */
  | { op: "setAdmin"; asset: Uint8Array; admin: Address };

const FIELDS: Record<AssetBody["op"], number> = { create: 8, mint: 4, burn: 3, transfer: 4, freeze: 3, unfreeze: 3, clawback: 4, setAdmin: 3 };

function decodeAsset(f: unknown[]): AssetBody | string {
  const op = readOp(f[0], AssetOp);
  if (!op) return "op must be 0 (create) .. 7 (setAdmin)";
  if (f.length !== FIELDS[op]) return `asset ${op} has ${FIELDS[op]} fields`;
  if (op === "create") {
    const symbol = readString(f[1], ASSET_LIMITS.maxSymbol);
    const name = readString(f[2], ASSET_LIMITS.maxName);
    const decimals = readUint(f[3]);
    const initial = readBigUint(f[4]);
    const maxSupply = f[5] === null ? null : readBigUint(f[5]);
    const metaHash = f[6] === null ? null : readBytes(f[6], 32);
    const flags = readUint(f[7]);
    if (symbol === undefined) return `symbol must be a string of at most ${ASSET_LIMITS.maxSymbol}`;
    if (name === undefined) return `name must be a string of at most ${ASSET_LIMITS.maxName}`;
    if (decimals === undefined) return "decimals must be an integer";
    if (initial === undefined) return "initial must be a u64";
    if (maxSupply === undefined) return "maxSupply must be a u64 or nil";
    if (metaHash === undefined) return "metaHash must be 32 bytes or nil";
    if (flags === undefined) return "flags must be an integer";
    return { op, symbol, name, decimals, initial, maxSupply, metaHash, flags };
  }
  const asset = readBytes(f[1], 32);
  if (!asset) return "assetId must be 32 bytes";
  if (op === "burn") {
    const amount = readBigUint(f[2]);
    return amount === undefined ? "amount must be a u64" : { op, asset, amount };
  }
  const who = readBytes(f[2], 32);
  if (!who) return "address must be 32 bytes";
  if (op === "freeze" || op === "unfreeze") return { op, asset, holder: who };
  if (op === "setAdmin") return { op, asset, admin: who };
  const amount = readBigUint(f[3]);
  if (amount === undefined) return "amount must be a u64";
  if (op === "clawback") return { op, asset, holder: who, amount };
  return { op, asset, to: who, amount };
}

/** The body's amount, for the ops that move one. */
function amountOf(b: AssetBody): bigint | null {
  return "amount" in b ? b.amount : null;
}

export const assetKind: TxKindSpec<"asset"> = {
  name: "asset",
  label: "asset",
  encodeBody(b) {
    switch (b.op) {
      case "create": return [AssetOp.create, b.symbol, b.name, b.decimals, b.initial, b.maxSupply, b.metaHash, b.flags];
      case "mint": return [AssetOp.mint, b.asset, b.to, b.amount];
      case "burn": return [AssetOp.burn, b.asset, b.amount];
      case "transfer": return [AssetOp.transfer, b.asset, b.to, b.amount];
      case "freeze": return [AssetOp.freeze, b.asset, b.holder];
      case "unfreeze": return [AssetOp.unfreeze, b.asset, b.holder];
      case "clawback": return [AssetOp.clawback, b.asset, b.holder, b.amount];
      case "setAdmin": return [AssetOp.setAdmin, b.asset, b.admin];
    }
  },
  decodeBody: decodeAsset,
  checkStateless(tx) {
    const b = tx.body;
    if (b.op === "create") {
      // [REJECT] a symbol is 1-12 letters or digits (shown next to every amount)
      if (!/^[A-Za-z0-9]{1,12}$/.test(b.symbol)) return txError({ code: "ASSET_BAD_CREATE", reason: "symbol must be 1-12 letters or digits" });
      // [REJECT] a name is 1-64 printable characters, no control characters
      if (b.name.length === 0 || /[\x00-\x1f\x7f]/.test(b.name)) return txError({ code: "ASSET_BAD_CREATE", reason: "name must be 1-64 printable characters" });
      // [REJECT] decimals 0-18 (18 places of a u64 still leave 18 whole units)
      if (b.decimals > ASSET_LIMITS.maxDecimals) return txError({ code: "ASSET_BAD_CREATE", reason: `decimals must be 0-${ASSET_LIMITS.maxDecimals}` });
      // [REJECT] only the four known flags
      if ((b.flags & ~ALL_ASSET_FLAGS) !== 0) return txError({ code: "ASSET_BAD_FLAGS", flags: b.flags });
      // [REJECT] a max supply is positive and covers the initial supply
      if (b.maxSupply !== null && (b.maxSupply === 0n || b.initial > b.maxSupply))
        return txError({ code: "ASSET_OVER_MAX_SUPPLY", supply: 0n, max: b.maxSupply, mint: b.initial });
      return null;
    }
    // [REJECT] an op that moves an amount moves something
    if (amountOf(b) === 0n) return txError({ code: "BAD_AMOUNT", reason: "amount must be positive" });
    return null;
  },
  // Asset ops take no native token beyond the fee.
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const b = tx.body;
    switch (b.op) {
      case "create": return createAsset(ctx, tx.from, b);
      case "mint": return mintAsset(ctx, tx.from, b.asset, b.to, b.amount);
      case "burn": return burnAsset(ctx, tx.from, b.asset, b.amount);
      case "transfer": return moveAsset(ctx, b.asset, tx.from, b.to, b.amount);
      case "freeze": return setFrozen(ctx, tx.from, b.asset, b.holder, true);
      case "unfreeze": return setFrozen(ctx, tx.from, b.asset, b.holder, false);
      case "clawback": return clawbackAsset(ctx, tx.from, b.asset, b.holder, b.amount);
      case "setAdmin": return setAdmin(ctx, tx.from, b.asset, b.admin);
    }
  },
  blockHooks: null,
  // Automatic actions watch native payments only (docs/ASSETS.md 6).
  actionEvents: noActionEvents,
  // The other party of an op sees it in its history: a recipient, a frozen holder, a new admin.
  indexRows(tx, _id, out) {
    const b = tx.body;
    if (b.op === "mint" || b.op === "transfer") out.row("txByAccount", b.to);
    else if (b.op === "freeze" || b.op === "unfreeze" || b.op === "clawback") out.row("txByAccount", b.holder);
    else if (b.op === "setAdmin") out.row("txByAccount", b.admin);
  },
  parties(tx) {
    const b = tx.body;
    if (b.op === "mint" || b.op === "transfer") return { parties: [tx.from, b.to], channel: null };
    return null;
  },
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "create")
      return { op: b.op, symbol: b.symbol, name: b.name, decimals: b.decimals, initial: amountJson(b.initial), maxSupply: b.maxSupply === null ? null : amountJson(b.maxSupply), metaHash: hexOrNull(b.metaHash), flags: b.flags };
    const out: JsonObject = { op: b.op, asset: hexJson(b.asset) };
    if ("to" in b) out["to"] = formatAddress(b.to);
    if ("holder" in b) out["holder"] = formatAddress(b.holder);
    if ("admin" in b) out["admin"] = formatAddress(b.admin);
    if ("amount" in b) out["amount"] = amountJson(b.amount);
    return out;
  },
  chatEntry: notChat,
};
