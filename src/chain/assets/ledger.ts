// The asset ledger's balance moves (docs/ASSETS.md 4): every path that moves an asset (asset
// transfer, a transfer or message with an asset field, a work's licence or tip) goes through
// `moveAsset`, so the rules on frozen holders and non-transferable assets hold everywhere.
// A returned error undoes the tx's writes (the executor's journal).
import { txError, type TxError } from "../tx/errors.js";
import { StateNs, type ExecContext } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { U64_MAX } from "../tx/kinds/funds.js";
import { bytesEqual } from "../../util/bytes.js";
import { inlineFull, inlineIndex } from "../state/account.js";
import {
  assetKey, decodeAsset, decodeCount, decodeHolding, encodeCount, encodeHolding, hasFlag, holderCountKey, holderItemKey, holdingKey,
  type AssetRecord, type Holding,
} from "./records.js";

/** What a holding read needs: the asset namespace and the holder's account entry (inline holdings). */
type Reader = Pick<ExecContext, "get" | "getAccount">;
/** What a holding write needs: also the block hook's context, which has no tx. */
type Writer = Pick<ExecContext, "get" | "set" | "getAccount" | "setAccount">;

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

/**
 * Where a holding lives (docs/ASSETS.md 2): inside its holder's account entry (`at`, the index in
 * its inline list) or, once that list is full, in an entry of its own (`key`). A holding not yet
 * held goes inline while a slot is free; inline slots are never given up, so an asset that is not
 * inline while a slot is free was never held and no separate entry is read.
 */
interface Slot {
  holding: Holding | null;
  at: number;
  key: Uint8Array | null;
}

function locate(ctx: Reader, id: Uint8Array, holder: Address): Slot {
  const account = ctx.getAccount(holder);
  const at = inlineIndex(account, id);
  if (at >= 0) return { holding: account.holdings![at]!, at, key: null };
  if (!inlineFull(account)) return { holding: null, at: -1, key: null };
  const key = holdingKey(id, holder);
  const raw = ctx.get(StateNs.asset, key);
  return { holding: (raw && decodeHolding(raw)) || null, at: -1, key };
}

/** Writes `h` where `slot` says; a new holding kept in its own entry also goes on the holder's list (0x07/0x08). */
function store(ctx: Writer, id: Uint8Array, holder: Address, slot: Slot, h: Holding): void {
  if (slot.key === null) {
    // The account as it is now (the tx may have charged its fee or moved another holding since).
    const account = ctx.getAccount(holder);
    const list = account.holdings ?? [];
    const entry = { asset: id, balance: h.balance, frozen: h.frozen };
    const holdings = slot.at >= 0 ? list.map((x, i) => (i === slot.at ? entry : x)) : [...list, entry];
    ctx.setAccount(holder, { ...account, holdings });
    return;
  }
  if (!slot.holding) {
    const n = decodeCount(ctx.get(StateNs.asset, holderCountKey(holder)));
    ctx.set(StateNs.asset, holderItemKey(holder, n), id);
    ctx.set(StateNs.asset, holderCountKey(holder), encodeCount(n + 1));
  }
  ctx.set(StateNs.asset, slot.key, encodeHolding(h));
}

/** A holder's holding of an asset; null when the holder never held it. */
export function readHolding(ctx: Reader, id: Uint8Array, holder: Address): Holding | null {
  return locate(ctx, id, holder).holding;
}

/** Writes a holding (creating it where it belongs when the holder never held the asset). */
export function writeHolding(ctx: Writer, id: Uint8Array, holder: Address, h: Holding): void {
  store(ctx, id, holder, locate(ctx, id, holder), h);
}

/** Adds `amount` to a holding (mint, clawback, the receiving side of a move). */
export function credit(ctx: Writer, id: Uint8Array, to: Address, amount: bigint): TxError | null {
  const slot = locate(ctx, id, to);
  const balance = slot.holding?.balance ?? 0n;
  // [REJECT] a balance is a u64: a credit past 2^64-1 is refused, never wrapped
  if (balance > U64_MAX - amount) return txError({ code: "BALANCE_OVERFLOW", balance, credit: amount });
  store(ctx, id, to, slot, { balance: balance + amount, frozen: slot.holding?.frozen ?? false });
  return null;
}

/** Takes `amount` from a holding (burn, clawback, the sending side of a move). */
export function debit(ctx: ExecContext, id: Uint8Array, from: Address, amount: bigint): TxError | null {
  const slot = locate(ctx, id, from);
  const h = slot.holding;
  const balance = h?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!h || balance < amount) return txError({ code: "ASSET_INSUFFICIENT", balance, needed: amount });
  store(ctx, id, from, slot, { balance: balance - amount, frozen: h.frozen });
  return null;
}

/** Moves `amount` of asset `id` between holders, under the asset's rules (each holding read once, the record decoded once per version: the hot path of asset payments). */
export function moveAsset(ctx: ExecContext, id: Uint8Array, from: Address, to: Address, amount: bigint): TxError | null {
  const asset = loadAsset(ctx, id);
  if ("code" in asset) return asset;
  // [REJECT] a non-transferable asset (points) moves only to or from its admin
  if (!hasFlag(asset, "transferable") && !bytesEqual(from, asset.admin) && !bytesEqual(to, asset.admin)) return txError({ code: "ASSET_NOT_TRANSFERABLE" });
  // Each holding is located once and its slot serves its read and its write.
  const self = bytesEqual(from, to);
  const fromSlot = locate(ctx, id, from);
  const toSlot = self ? fromSlot : locate(ctx, id, to);
  const sender = fromSlot.holding;
  const receiver = self ? sender : toSlot.holding;
  // [REJECT] a frozen holder neither sends nor receives the asset
  if (sender?.frozen || receiver?.frozen) return txError({ code: "ASSET_FROZEN" });
  const have = sender?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!sender || have < amount) return txError({ code: "ASSET_INSUFFICIENT", balance: have, needed: amount });
  if (self) return null;
  const got = receiver?.balance ?? 0n;
  // [REJECT] a balance is a u64: a credit past 2^64-1 is refused, never wrapped
  if (got > U64_MAX - amount) return txError({ code: "BALANCE_OVERFLOW", balance: got, credit: amount });
  store(ctx, id, from, fromSlot, { balance: have - amount, frozen: false });
  store(ctx, id, to, toSlot, { balance: got + amount, frozen: false });
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
  const slot = locate(ctx, id, from);
  const h = slot.holding;
  // [REJECT] a frozen holder locks nothing (it cannot send)
  if (h?.frozen) return txError({ code: "ASSET_FROZEN" });
  const have = h?.balance ?? 0n;
  // [REJECT] an asset balance never goes below zero
  if (!h || have < amount) return txError({ code: "ASSET_INSUFFICIENT", balance: have, needed: amount });
  store(ctx, id, from, slot, { balance: have - amount, frozen: false });
  return null;
}
