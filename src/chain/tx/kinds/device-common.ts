// What the device kinds share: a tx by an identity about one device. Both are listed in the
// device's history (besides the identity's, as the sender) and notify both.
import type { IndexRowSink, TxParties } from "../spec.js";
import type { Address } from "../types.js";

interface DeviceTx {
  from: Address;
  body: { device: Address };
}

export function deviceIndexRows(tx: DeviceTx, out: IndexRowSink): void {
  out.row("txByAccount", tx.body.device);
}

export function deviceParties(tx: DeviceTx): TxParties {
  return { parties: [tx.from, tx.body.device], channel: null };
}
