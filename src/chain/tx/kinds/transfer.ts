// A token transfer, with an optional memo sealed to the recipient like a message envelope.
import { formatAddress } from "../../address.js";
import { amountJson, hexOrNull } from "../../../util/json.js";
import { readBigUint, readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { directIndexRows, directParties } from "./direct.js";
import { moveFunds } from "./funds.js";
import { moveAsset } from "../../assets/ledger.js";
import type { AssetRef } from "../../assets/records.js";

export interface TransferBody {
  to: Address;
  amount: bigint;
  /** Optional memo, encrypted to `to` like a message envelope (opaque to the node). */
  memo: Uint8Array | null;
  /**
   * The asset moved (docs/ASSETS.md 4); absent or null: the native token. On the wire a 4th
   * field only when an asset is named, so native transfers keep their bytes and ids.
   */
  asset?: AssetRef;
}

export const transferKind: TxKindSpec<"transfer"> = {
  name: "transfer",
  label: "transfer",
  encodeBody: (b) => (b.asset ? [b.to, b.amount, b.memo, b.asset] : [b.to, b.amount, b.memo]),
  decodeBody(f) {
    if (f.length !== 3 && f.length !== 4) return "transfer has 3 fields, or 4 with an asset";
    // [REJECT] the native token has one form: no 4th field (a nil one is refused)
    const asset = f.length === 4 ? readBytes(f[3], 32) : null;
    if (asset === undefined) return "asset must be 32 bytes (omit the field for the native token)";
    const to = readBytes(f[0], 32);
    const amount = readBigUint(f[1]);
    const memo = f[2] === null ? null : readBytes(f[2]);
    if (!to) return "to must be 32 bytes";
    if (amount === undefined) return "amount must be a u64";
    if (memo === undefined) return "memo must be bytes or nil";
    return asset ? { to, amount, memo, asset } : { to, amount, memo };
  },
  checkStateless(tx, params) {
    // [REJECT] a transfer moves something: zero-amount transfers are spam.
    if (tx.body.amount === 0n) return txError({ code: "BAD_AMOUNT", reason: "amount must be positive" });
    // [REJECT] memos are envelopes and share their size cap.
    if (tx.body.memo && tx.body.memo.length > params.maxEnvelopeBytes)
      return txError({ code: "ENVELOPE_TOO_LARGE", size: tx.body.memo.length, max: params.maxEnvelopeBytes });
    return null;
  },
  spend: (tx) => (tx.body.asset ? 0n : tx.body.amount),
  extraFee: noExtraFee,
  apply: (tx, ctx) => (tx.body.asset ? moveAsset(ctx, tx.body.asset, tx.from, tx.body.to, tx.body.amount) : moveFunds(ctx, tx.from, tx.body.to, tx.body.amount)),
  blockHooks: null,
  // Automatic actions count native payments only (docs/ASSETS.md 6).
  actionEvents: (tx, out) => {
    if (!tx.body.asset) out({ kind: "payment", from: tx.from, to: tx.body.to, amount: tx.body.amount });
  },
  indexRows: (tx, _id, out) => directIndexRows(tx, out),
  parties: (tx) => directParties(tx),
  bodyJson: (tx) => ({ to: formatAddress(tx.body.to), amount: amountJson(tx.body.amount), memo: hexOrNull(tx.body.memo), asset: hexOrNull(tx.body.asset ?? null) }),
  // A transfer has no self copy: its memo is sealed to the recipient only.
  chatEntry: (tx) => ({ type: "direct", to: tx.body.to, amount: tx.body.amount, asset: tx.body.asset ?? null, sealed: tx.body.memo, selfSealed: null, deviceSealed: [] }),
};
