// Who a finalized tx's notification concerns (subscribe_messages), from its kind's spec. The one
// place notifications are routed, for the full node's publisher and the light node's feed.
import { specFor } from "../tx/registry.js";
import type { TxParties } from "../tx/spec.js";
import type { SignedTx } from "../tx/types.js";

/** The parties and channel a notification of the tx goes to; null when nobody is notified. */
export function txNotification(stx: SignedTx, id: Uint8Array): TxParties | null {
  return specFor(stx.tx).parties(stx.tx, id);
}
