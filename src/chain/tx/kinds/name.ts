// Names (docs/NAMES.md): human-readable handles an account registers for a number of years,
// renews, transfers, and points its address at (its primary name, the reverse record). One
// kind, an op enum in the body; the rules on the name are src/chain/names/rules.ts, the state
// effects src/chain/names/apply.ts. Register and renew pay the fee table's price (fees.ts),
// which is burned.
import { formatAddress } from "../../address.js";
import { amountJson, type JsonObject } from "../../../util/json.js";
import { readBigUint, readBytes, readString, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, noParties, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { checkName } from "../../names/rules.js";
import { nameFee } from "../../names/fees.js";
import { MAX_NAME_UNITS } from "../../names/records.js";
import { clearPrimary, MAX_NAME_YEARS, registerName, renewName, setPrimary, transferName } from "../../names/apply.js";
import { readOp } from "./action-common.js";

export const NameOp = { register: 0, renew: 1, transfer: 2, setPrimary: 3, clearPrimary: 4 } as const;

export type NameBody =
  /** Wire [0, name, years, pay]: `pay` is the fee table's price for the name and years, exactly. */
  | { op: "register"; name: string; years: number; pay: bigint }
  /** Wire [1, name, years, pay]: adds years to the current expiry. */
  | { op: "renew"; name: string; years: number; pay: bigint }
  /** Wire [2, name, to]. */
  | { op: "transfer"; name: string; to: Address }
  /** Wire [3, name]: the sender's primary name (reverse record) becomes `name`. */
  | { op: "setPrimary"; name: string }
  /** Wire [4]. */
  | { op: "clearPrimary" };

function decodeName(f: unknown[]): NameBody | string {
  const op = readOp(f[0], NameOp);
  if (op === "clearPrimary") return f.length === 1 ? { op } : "name clearPrimary has 1 field";
  if (op === undefined) return "op must be 0 (register), 1 (renew), 2 (transfer), 3 (setPrimary) or 4 (clearPrimary)";
  const name = readString(f[1], MAX_NAME_UNITS);
  if (name === undefined) return `name must be a string of at most ${MAX_NAME_UNITS} UTF-16 units`;
  if (op === "register" || op === "renew") {
    if (f.length !== 4) return `name ${op} has 4 fields`;
    const years = readUint(f[2]);
    const pay = readBigUint(f[3]);
    if (years === undefined) return "years must be an unsigned integer";
    if (pay === undefined) return "pay must be a u64";
    return { op, name, years, pay };
  }
  if (op === "transfer") {
    if (f.length !== 3) return "name transfer has 3 fields";
    const to = readBytes(f[2], 32);
    return to ? { op, name, to } : "to must be 32 bytes";
  }
  return f.length === 2 ? { op, name } : "name setPrimary has 2 fields";
}

export const nameKind: TxKindSpec<"name"> = {
  name: "name",
  label: "name",
  encodeBody(b) {
    if (b.op === "register" || b.op === "renew") return [NameOp[b.op], b.name, b.years, b.pay];
    if (b.op === "transfer") return [NameOp.transfer, b.name, b.to];
    if (b.op === "setPrimary") return [NameOp.setPrimary, b.name];
    return [NameOp.clearPrimary];
  },
  decodeBody: decodeName,
  checkStateless(tx, params) {
    const b = tx.body;
    if (b.op === "clearPrimary") return null;
    // [REJECT] the name obeys every rule of docs/NAMES.md 2 (NFC, no compatibility forms, length, characters, one script, hyphens)
    const bad = checkName(b.name);
    if (bad) return bad;
    if (b.op === "register" || b.op === "renew") {
      // [REJECT] a registration or renewal buys 1 to 10 whole years
      if (b.years < 1 || b.years > MAX_NAME_YEARS) return txError({ code: "NAME_BAD_YEARS", reason: `years must be 1..${MAX_NAME_YEARS}, got ${b.years}` });
      // [REJECT] it pays the fee table's price exactly (never more than the sender meant)
      const due = nameFee(params, b.name, b.years);
      if (b.pay !== due) return txError({ code: "NAME_FEE_MISMATCH", due, got: b.pay });
    }
    return null;
  },
  spend: (tx) => (tx.body.op === "register" || tx.body.op === "renew" ? tx.body.pay : 0n),
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const b = tx.body;
    if (b.op === "register") return registerName(ctx, tx.from, b.name, b.years, b.pay);
    if (b.op === "renew") return renewName(ctx, tx.from, b.name, b.years, b.pay);
    if (b.op === "transfer") return transferName(ctx, tx.from, b.name, b.to);
    if (b.op === "setPrimary") return setPrimary(ctx, tx.from, b.name);
    return clearPrimary(ctx, tx.from);
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  // A transfer shows in the new holder's history too.
  indexRows(tx, _id, out) {
    if (tx.body.op === "transfer") out.row("txByAccount", tx.body.to);
  },
  parties: noParties,
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "register" || b.op === "renew") return { op: b.op, name: b.name, years: b.years, pay: amountJson(b.pay) };
    if (b.op === "transfer") return { op: b.op, name: b.name, to: formatAddress(b.to) };
    if (b.op === "setPrimary") return { op: b.op, name: b.name };
    return { op: b.op };
  },
  chatEntry: notChat,
};
