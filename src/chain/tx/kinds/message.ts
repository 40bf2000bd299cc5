// An encrypted direct message, optionally carrying a payment that moves in the same tx or not at all.
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, hexOrNull } from "../../../util/json.js";
import { readBigUint, readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { directIndexRows, directParties } from "./direct.js";
import { moveFunds } from "./funds.js";

export interface MessageBody {
  to: Address;
  /** Encrypted envelope (docs/ENCRYPTION.md); the node never sees plaintext. */
  envelope: Uint8Array;
  /** Payment carried by the message, atomic with it; 0 = none. */
  amount: bigint;
  /** Optional copy of the message encrypted to the sender, so its other devices can read what it sent. */
  selfEnvelope: Uint8Array | null;
}

export const messageKind: TxKindSpec<"message"> = {
  name: "message",
  label: "message",
  encodeBody: (b) => [b.to, b.envelope, b.amount, b.selfEnvelope],
  decodeBody(f) {
    if (f.length !== 4) return "message has 4 fields";
    const to = readBytes(f[0], 32);
    const envelope = readBytes(f[1]);
    const amount = readBigUint(f[2]);
    const selfEnvelope = f[3] === null ? null : readBytes(f[3]);
    if (!to) return "to must be 32 bytes";
    if (!envelope) return "envelope must be bytes";
    if (amount === undefined) return "amount must be a u64";
    if (selfEnvelope === undefined) return "selfEnvelope must be bytes or nil";
    return { to, envelope, amount, selfEnvelope };
  },
  checkStateless(tx, params) {
    const size = tx.body.envelope.length;
    // [REJECT] an empty envelope carries nothing (and no authentication tag).
    if (size === 0) return txError({ code: "BAD_ENCODING", reason: "empty envelope" });
    // [REJECT] genesis caps envelope size so one message cannot crowd out a block.
    if (size > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size, max: params.maxEnvelopeBytes });
    const selfSize = tx.body.selfEnvelope?.length ?? 0;
    if (selfSize > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size: selfSize, max: params.maxEnvelopeBytes });
    return null;
  },
  spend: (tx) => tx.body.amount,
  extraFee: noExtraFee,
  apply: (tx, ctx) => moveFunds(ctx, tx.from, tx.body.to, tx.body.amount),
  blockHooks: null,
  actionEvents: (tx, out) => {
    // A message is a reply at its recipient, and a payment too when it carries an amount.
    out({ kind: "direct", from: tx.from, to: tx.body.to });
    if (tx.body.amount > 0n) out({ kind: "payment", from: tx.from, to: tx.body.to, amount: tx.body.amount });
  },
  indexRows: (tx, _id, out) => directIndexRows(tx, out),
  parties: (tx) => directParties(tx),
  bodyJson: (tx) => ({
    to: formatAddress(tx.body.to), envelope: hexJson(tx.body.envelope), amount: amountJson(tx.body.amount), selfEnvelope: hexOrNull(tx.body.selfEnvelope),
  }),
  chatEntry: (tx) => ({ type: "direct", to: tx.body.to, amount: tx.body.amount, sealed: tx.body.envelope, selfSealed: tx.body.selfEnvelope }),
};
