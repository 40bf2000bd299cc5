// The effect of each name op on state (docs/NAMES.md 4). The tx kind (src/chain/tx/kinds/name.ts)
// decodes the body and runs the stateless rules; these read and write the names namespace. All
// time is block height: a record is active below its expiry, in grace for nameGraceBlocks more
// (only the holder may renew), then released (anyone may register). Nothing sweeps expired
// names: every reader compares the height (lazy expiry), so no block does unbounded work.
import { txError, type TxError } from "../tx/errors.js";
import { StateNs, type ExecContext } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { addWithin } from "../tx/kinds/funds.js";
import { bytesEqual } from "../../util/bytes.js";
import { nameFee } from "./fees.js";
import {
  BURNED_KEY, decodeBurned, decodeNameRecord, decodeOwned, encodeBurned, encodeNameRecord, encodeOwned, encodePrimary,
  MAX_NAMES_PER_OWNER, nameKey, nameStatus, ownedKey, primaryKey, type NameRecord,
} from "./records.js";

/** Most years one registration or renewal buys, and the furthest ahead an expiry may be. */
export const MAX_NAME_YEARS = 10;

const load = (ctx: ExecContext, name: string): NameRecord | undefined => {
  const raw = ctx.get(StateNs.name, nameKey(name));
  return raw && decodeNameRecord(raw);
};

const save = (ctx: ExecContext, name: string, r: NameRecord): void => ctx.set(StateNs.name, nameKey(name), encodeNameRecord(r));

function owned(ctx: ExecContext, addr: Address): string[] {
  const raw = ctx.get(StateNs.name, ownedKey(addr));
  return (raw && decodeOwned(raw)) || [];
}

function setOwned(ctx: ExecContext, addr: Address, names: readonly string[]): void {
  ctx.set(StateNs.name, ownedKey(addr), names.length === 0 ? new Uint8Array(0) : encodeOwned(names));
}

function addOwned(ctx: ExecContext, addr: Address, name: string): TxError | null {
  const list = owned(ctx, addr);
  // [REJECT] an address holds at most 64 names (its list is one bounded state value)
  if (list.length >= MAX_NAMES_PER_OWNER) return txError({ code: "NAME_LIMIT", max: MAX_NAMES_PER_OWNER });
  setOwned(ctx, addr, [...list, name]);
  return null;
}

const removeOwned = (ctx: ExecContext, addr: Address, name: string): void => setOwned(ctx, addr, owned(ctx, addr).filter((n) => n !== name));

/** Burns a name's fee: taken from the payer, credited to nobody, counted under the burned key. */
function burnFee(ctx: ExecContext, from: Address, amount: bigint): TxError | null {
  const acct = ctx.getAccount(from);
  // [REJECT] the sender can pay the name's fee
  if (acct.balance < amount) return txError({ code: "INSUFFICIENT_FUNDS", balance: acct.balance, needed: amount });
  ctx.setAccount(from, { ...acct, balance: acct.balance - amount });
  const raw = ctx.get(StateNs.name, BURNED_KEY);
  ctx.set(StateNs.name, BURNED_KEY, encodeBurned(addWithin((raw && decodeBurned(raw)) ?? 0n, amount)));
  return null;
}

function checkPaid(ctx: ExecContext, name: string, years: number, paid: bigint): TxError | null {
  const due = nameFee(ctx.params, name, years);
  // [REJECT] the tx pays exactly the fee table's price for the name and years (docs/NAMES.md 3)
  return paid === due ? null : txError({ code: "NAME_FEE_MISMATCH", due, got: paid });
}

export function registerName(ctx: ExecContext, from: Address, name: string, years: number, paid: bigint): TxError | null {
  const bad = checkPaid(ctx, name, years, paid);
  if (bad) return bad;
  const prev = load(ctx, name);
  const status = prev && nameStatus(prev, ctx.height, ctx.params.nameGraceBlocks);
  // [REJECT] a name held by anyone (the sender too: renew instead) cannot be registered
  if (status === "active") return txError({ code: "NAME_TAKEN", expiry: prev!.expiry });
  // [REJECT] in its grace period only the holder may renew it
  if (status === "grace") return txError({ code: "NAME_IN_GRACE", until: prev!.expiry + ctx.params.nameGraceBlocks });
  // A released name leaves its former holder's list; its reverse record, if any, stops counting
  // because the forward record no longer points back.
  if (prev) removeOwned(ctx, prev.owner, name);
  const listed = addOwned(ctx, from, name);
  if (listed) return listed;
  const paidOk = burnFee(ctx, from, paid);
  if (paidOk) return paidOk;
  save(ctx, name, { owner: from, expiry: ctx.height + years * ctx.params.nameYearBlocks, registered: ctx.height, updated: ctx.height, txId: ctx.txId });
  return null;
}

export function renewName(ctx: ExecContext, from: Address, name: string, years: number, paid: bigint): TxError | null {
  const bad = checkPaid(ctx, name, years, paid);
  if (bad) return bad;
  const rec = load(ctx, name);
  // [REJECT] the name must be registered
  if (!rec) return txError({ code: "NAME_NOT_FOUND" });
  // [REJECT] only the holder renews
  if (!bytesEqual(rec.owner, from)) return txError({ code: "NAME_NOT_OWNER" });
  // [REJECT] a released name is registered afresh, not renewed
  if (nameStatus(rec, ctx.height, ctx.params.nameGraceBlocks) === "released") return txError({ code: "NAME_EXPIRED", expiry: rec.expiry });
  const expiry = rec.expiry + years * ctx.params.nameYearBlocks;
  // [REJECT] a name is held at most 10 years ahead
  const max = ctx.height + MAX_NAME_YEARS * ctx.params.nameYearBlocks;
  if (expiry > max) return txError({ code: "NAME_TERM_TOO_LONG", expiry, max });
  const paidOk = burnFee(ctx, from, paid);
  if (paidOk) return paidOk;
  save(ctx, name, { ...rec, expiry, updated: ctx.height, txId: ctx.txId });
  return null;
}

/** The holder's live record of `name`, or the refusal. */
function loadActiveOwned(ctx: ExecContext, from: Address, name: string): NameRecord | TxError {
  const rec = load(ctx, name);
  if (!rec) return txError({ code: "NAME_NOT_FOUND" });
  // [REJECT] only the holder transfers or points their address at a name
  if (!bytesEqual(rec.owner, from)) return txError({ code: "NAME_NOT_OWNER" });
  // [REJECT] an expired name (in grace or released) must be renewed first
  if (nameStatus(rec, ctx.height, ctx.params.nameGraceBlocks) !== "active") return txError({ code: "NAME_EXPIRED", expiry: rec.expiry });
  return rec;
}

export function transferName(ctx: ExecContext, from: Address, name: string, to: Address): TxError | null {
  const rec = loadActiveOwned(ctx, from, name);
  if ("code" in rec) return rec;
  // [REJECT] a transfer changes the holder
  if (bytesEqual(to, from)) return txError({ code: "NAME_SAME_OWNER" });
  removeOwned(ctx, from, name);
  const listed = addOwned(ctx, to, name);
  if (listed) return listed;
  // The sender's reverse record may still name it: it stops counting (forward points elsewhere).
  save(ctx, name, { ...rec, owner: to, updated: ctx.height, txId: ctx.txId });
  return null;
}

export function setPrimary(ctx: ExecContext, from: Address, name: string): TxError | null {
  const rec = loadActiveOwned(ctx, from, name);
  if ("code" in rec) return rec;
  ctx.set(StateNs.name, primaryKey(from), encodePrimary(name));
  return null;
}

export function clearPrimary(ctx: ExecContext, from: Address): TxError | null {
  // [REJECT] there is a primary name to clear
  if (!ctx.get(StateNs.name, primaryKey(from))) return txError({ code: "NAME_NOT_FOUND", reason: "no primary name" });
  ctx.set(StateNs.name, primaryKey(from), new Uint8Array(0));
  return null;
}
