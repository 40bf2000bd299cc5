import { readBigUint, readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import type { TxKindSpec } from "../spec.js";
import { moveFunds } from "./funds.js";

export const transferKind: TxKindSpec<"transfer"> = {
  name: "transfer",
  encodeBody: (b) => [b.to, b.amount, b.memo],
  decodeBody(f) {
    if (f.length !== 3) return "transfer has 3 fields";
    const to = readBytes(f[0], 32);
    const amount = readBigUint(f[1]);
    const memo = f[2] === null ? null : readBytes(f[2]);
    if (!to) return "to must be 32 bytes";
    if (amount === undefined) return "amount must be a u64";
    if (memo === undefined) return "memo must be bytes or nil";
    return { to, amount, memo };
  },
  checkStateless(tx, params) {
    // [REJECT] a transfer moves something: zero-amount transfers are spam.
    if (tx.body.amount === 0n) return txError({ code: "BAD_AMOUNT", reason: "amount must be positive" });
    // [REJECT] memos are envelopes and share their size cap.
    if (tx.body.memo && tx.body.memo.length > params.maxEnvelopeBytes)
      return txError({ code: "ENVELOPE_TOO_LARGE", size: tx.body.memo.length, max: params.maxEnvelopeBytes });
    return null;
  },
  spend: (tx) => tx.body.amount,
  apply: (tx, ctx) => moveFunds(ctx, tx.from, tx.body.to, tx.body.amount),
};
