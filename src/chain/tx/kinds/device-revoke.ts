// An identity revokes one of its devices (docs/PROTOCOL.md 3, "Devices"). From the block that
// revokes it, the device is out of the identity's list: senders seal no envelope to it and
// validators refuse one that does (message.ts), and MLS groups remove its leaf at their next commit.
import { formatAddress } from "../../address.js";
import { bytesEqual } from "../../../util/bytes.js";
import { readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, StateNs, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { deviceListKey, deviceRecord, deviceRecordKey, devicesOf, encodeDeviceList, encodeDeviceRecord } from "./device-state.js";
import { deviceIndexRows, deviceParties } from "./device-common.js";

export interface DeviceRevokeBody {
  device: Address;
}

export const deviceRevokeKind: TxKindSpec<"deviceRevoke"> = {
  name: "deviceRevoke",
  label: "device.revoke",
  encodeBody: (b) => [b.device],
  decodeBody(f) {
    if (f.length !== 1) return "device.revoke has 1 field";
    const device = readBytes(f[0], 32);
    if (!device) return "device must be 32 bytes";
    return { device };
  },
  checkStateless: () => null,
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const rec = deviceRecord(ctx, tx.body.device);
    // [REJECT] a key never added is no device.
    if (!rec) return txError({ code: "UNKNOWN_DEVICE" });
    // [REJECT] only the identity that added a device revokes it (a device cannot revoke its siblings).
    if (!bytesEqual(rec.owner, tx.from)) return txError({ code: "NOT_DEVICE_OWNER" });
    // [REJECT] revoking twice would move the revocation height.
    if (rec.revokedHeight !== 0) return txError({ code: "DEVICE_REVOKED", height: rec.revokedHeight });
    const rest = devicesOf(ctx, tx.from).filter((d) => !bytesEqual(d.device, tx.body.device));
    ctx.set(StateNs.device, deviceListKey(tx.from), encodeDeviceList(rest));
    ctx.set(StateNs.device, deviceRecordKey(tx.body.device), encodeDeviceRecord({ ...rec, revokedHeight: ctx.height }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => deviceIndexRows(tx, out),
  parties: (tx) => deviceParties(tx),
  bodyJson: (tx) => ({ device: formatAddress(tx.body.device) }),
  chatEntry: notChat,
};
