// What the direct kinds (transfer, message) share: one sender, one recipient. Both are listed in
// the recipient's inbox and history and the sender's sent index, and notify both parties.
import type { IndexRowSink, TxParties } from "../spec.js";
import type { Address } from "../types.js";

interface DirectTx {
  from: Address;
  body: { to: Address };
}

export function directIndexRows(tx: DirectTx, out: IndexRowSink): void {
  out.row("inbox", tx.body.to);
  out.row("sent", tx.from);
  out.row("txByAccount", tx.body.to);
}

export function directParties(tx: DirectTx): TxParties {
  return { parties: [tx.from, tx.body.to], channel: null };
}
