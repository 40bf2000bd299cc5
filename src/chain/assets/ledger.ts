// The asset ledger's balance moves (docs/ASSETS.md 4): every path that moves an asset (asset
// transfer, a transfer or message with an asset field, a work's licence or tip) goes through
// `moveAsset`, so the rules on frozen holders and non-transferable assets hold everywhere.
// A returned error undoes the tx's writes (the executor's journal).
import { txError, type TxError } from "../tx/errors.js";
import { StateNs, type ExecContext } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { U64_MAX } from "../tx/kinds/funds.js";
import { bytesEqual } from "../../util/bytes.js";
import {
  assetKey, decodeAsset, decodeCount, decodeHolding, encodeCount, encodeHolding, hasFlag, holderCountKey, holderItemKey, holdingKey,
  type AssetRecord, type Holding,
} from "./records.js";

type Reader = Pick<ExecContext, "get">;
/** What a holding write needs: also the block hook's context, which has no tx. */
type Writer = Pick<ExecContext, "get" | "set">;

// Decoded asset records by the stored bytes they came from. State values are never changed in
// place (a write stores new bytes), so an entry is right for as long as those bytes are what the
// state holds, and goes with them: each record is decoded once, not once per payment (the records
// handed out are frozen, and callers write changes as new records).
const decodedAssets = new WeakMap<Uint8Array, Readonly<AssetRecord>>();

export function loadAsset(ctx: Reader, id: Uint8Array): Readonly<AssetRecord> | TxError {
  const raw = ctx.get(StateNs.asset, assetKey(id));
  // [REJECT] the asset must exist on this chain
  if (!raw) return txError({ code: "ASSET_NOT_FOUND" });
  let rec = decodedAssets.get(raw);
  if (rec === undefined) {
    const decoded = decodeAsset(raw);
    // A record that does not decode is no asset (never written; refused the same way).
    if (!decoded) return txError({ code: "ASSET_NOT_FOUND" });
    decodedAssets.set(raw, (rec = Object.freeze(decoded)));
  }
  return rec;
}

/** A holder's holding of an asset; null when the holder never held it. */
export function readHolding(ctx: Reader, id: Uint8Array, holder: Address): Holding | null {
  return readHoldingAt(ctx, holdingKey(id, holder));
}

function readHoldingAt(ctx: Reader, key: Uint8Array): Holding | null {
  const raw = ctx.get(StateNs.asset, key);
  return (raw && decodeHolding(raw)) || null;
}

/** Writes a holding; a holder's first one also goes on its list (0x07/0x08). */
export function writeHolding(ctx: Writer, id: Uint8Array, holder: Address, h: Holding, existed: boolean): void {
  writeHoldingAt(ctx, id, holder, holdingKey(id, holder), h, existed);
}

function writeHoldingAt(ctx: Writer, id: Uint8Array, holder: Address, key: Uint8Array, h: Holding, existed: boolean): void {
  if (!existed) {
    const n = decodeCount(ctx.get(StateNs.asset, holderCountKey(holder)));
    ctx.set(StateNs.asset, holderItemKey(holder, n), id);
    ctx.set(StateNs.asset, holderCountKey(holder), encodeCount(n + 1));
  }
  ctx.set(StateNs.asset, key, encodeHolding(h));
}

/** Adds `amount` to a holding (mint, clawback, the receiving side of a move). */
export function credit(ctx: Writer, id: Uint8Array, to: Address, amount: bigint): TxError | null {
  const h = readHolding(ctx, id, to);
  const balance = h?.balance ?? 0n;
  // [REJECT] a balance is a u64: a credit past 2^64-1 is refused, never wrapped
  if (balance > U64_MAX - amount) return txError({ code: "BALANCE_OVERFLOW", balance, credit: amount });
  writeHolding(ctx, id, to, { balance: balance + amount, frozen: h?.frozen ?? false }, h !== null);
  return null;
}

/** Takes `amount` from a holding (burn, clawback, the sending side of a move). */
export function debit(ctx: ExecContext, id: Uint8Array, from: Address, amount: bigint): TxError | null {
  const h = readHolding(ctx, id, from);
  const balance = h?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!h || balance < amount) return txError({ code: "ASSET_INSUFFICIENT", balance, needed: amount });
  writeHolding(ctx, id, from, { balance: balance - amount, frozen: h.frozen }, true);
  return null;
}

/** Moves `amount` of asset `id` between holders, under the asset's rules (each holding read once, the record decoded once per version: the hot path of asset payments). */
export function moveAsset(ctx: ExecContext, id: Uint8Array, from: Address, to: Address, amount: bigint): TxError | null {
  const asset = loadAsset(ctx, id);
  if ("code" in asset) return asset;
  // [REJECT] a non-transferable asset (points) moves only to or from its admin
  if (!hasFlag(asset, "transferable") && !bytesEqual(from, asset.admin) && !bytesEqual(to, asset.admin)) return txError({ code: "ASSET_NOT_TRANSFERABLE" });
  // Each holding's key is built once and serves its read and its write.
  const fromKey = holdingKey(id, from);
  const toKey = bytesEqual(from, to) ? fromKey : holdingKey(id, to);
  const sender = readHoldingAt(ctx, fromKey);
  const receiver = toKey === fromKey ? sender : readHoldingAt(ctx, toKey);
  // [REJECT] a frozen holder neither sends nor receives the asset
  if (sender?.frozen || receiver?.frozen) return txError({ code: "ASSET_FROZEN" });
  const have = sender?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!sender || have < amount) return txError({ code: "ASSET_INSUFFICIENT", balance: have, needed: amount });
  if (sender === receiver) return null;
  const got = receiver?.balance ?? 0n;
  // [REJECT] a balance is a u64: a credit past 2^64-1 is refused, never wrapped
  if (got > U64_MAX - amount) return txError({ code: "BALANCE_OVERFLOW", balance: got, credit: amount });
  writeHoldingAt(ctx, id, from, fromKey, { balance: have - amount, frozen: false }, true);
  writeHoldingAt(ctx, id, to, toKey, { balance: got + amount, frozen: false }, receiver !== null);
  return null;
}

/** Whether `holder` is frozen in asset `id` (a holder that never held it is not). */
export function isFrozen(ctx: Reader, id: Uint8Array, holder: Address): boolean {
  return readHolding(ctx, id, holder)?.frozen ?? false;
}

/**
 * Takes `amount` of asset `id` from `from` into an automatic action's lock (docs/ACTIONS.md 2.7):
 * the units leave the holding and are counted by the action record until it pays them out, so
 * the asset's supply stays balances + locked. Checked as a move from `from`.
 */
export function lockAsset(ctx: ExecContext, id: Uint8Array, from: Address, amount: bigint): TxError | null {
  const asset = loadAsset(ctx, id);
  if ("code" in asset) return asset;
  // [REJECT] points are locked only by their admin: every payout out of the lock is then a move from the admin
  if (!hasFlag(asset, "transferable") && !bytesEqual(from, asset.admin)) return txError({ code: "ASSET_NOT_TRANSFERABLE" });
  const h = readHolding(ctx, id, from);
  // [REJECT] a frozen holder locks nothing (it cannot send)
  if (h?.frozen) return txError({ code: "ASSET_FROZEN" });
  const have = h?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!h || have < amount) return txError({ code: "ASSET_INSUFFICIENT", balance: have, needed: amount });
  writeHolding(ctx, id, from, { balance: have - amount, frozen: false }, true);
  return null;
}
