// An identity authorises a device key (docs/PROTOCOL.md 3, "Devices"). The device signs its
// consent, so nobody can claim another's key; the identity key alone authorises, so a stolen
// device cannot add devices of its own (DECISIONS.md 25).
import { formatAddress } from "../../address.js";
import { verifyEd25519 } from "../../../crypto/native.js";
import { bytesEqual, utf8 } from "../../../util/bytes.js";
import { hexJson } from "../../../util/json.js";
import { readBytes, readString } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, StateNs, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import {
  MAX_DEVICE_LABEL, MAX_DEVICES, deviceAddMessage, deviceListKey, deviceRecord, deviceRecordKey, devicesOf, encodeDeviceList, encodeDeviceRecord,
} from "./device-state.js";
import { deviceIndexRows, deviceParties } from "./device-common.js";

export interface DeviceAddBody {
  /** The device's Ed25519 public key (its own address). */
  device: Address;
  /** A public name for the owner's lists ("phone"), at most 32 bytes of UTF-8. */
  label: string;
  /** The device's signature over deviceAddMessage(chainId, identity, device). */
  proof: Uint8Array;
}

export const deviceAddKind: TxKindSpec<"deviceAdd"> = {
  name: "deviceAdd",
  label: "device.add",
  encodeBody: (b) => [b.device, b.label, b.proof],
  decodeBody(f) {
    if (f.length !== 3) return "device.add has 3 fields";
    const device = readBytes(f[0], 32);
    const label = readString(f[1], MAX_DEVICE_LABEL);
    const proof = readBytes(f[2], 64);
    if (!device) return "device must be 32 bytes";
    if (label === undefined) return `label must be a string of at most ${MAX_DEVICE_LABEL} characters`;
    if (!proof) return "proof must be 64 bytes";
    return { device, label, proof };
  },
  checkStateless(tx) {
    const { device, label, proof } = tx.body;
    // [REJECT] an identity is not a device of itself.
    if (bytesEqual(device, tx.from)) return txError({ code: "BAD_DEVICE", reason: "an identity cannot be its own device" });
    // [REJECT] the label is stored in state: at most 32 bytes of UTF-8.
    const labelBytes = utf8(label).length;
    if (labelBytes > MAX_DEVICE_LABEL) return txError({ code: "TOO_LARGE", size: labelBytes, max: MAX_DEVICE_LABEL });
    // [REJECT] the device key must have signed its consent (strict RFC 8032, no weak keys).
    if (!verifyEd25519(device, deviceAddMessage(tx.chainId, tx.from, device), proof)) return txError({ code: "BAD_DEVICE", reason: "the device's proof does not verify" });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const { device, label } = tx.body;
    // [REJECT] a device cannot authorise devices: only an identity key (the root) can.
    if (deviceRecord(ctx, tx.from)) return txError({ code: "NOT_AN_IDENTITY" });
    // [REJECT] a key serves one identity, once: added or revoked, it is never added again.
    const existing = deviceRecord(ctx, device);
    if (existing) return txError({ code: "DEVICE_TAKEN", owner: formatAddress(existing.owner) });
    // [REJECT] an identity that has devices is not a device.
    if (devicesOf(ctx, device).length > 0) return txError({ code: "DEVICE_TAKEN", owner: formatAddress(device) });
    const list = devicesOf(ctx, tx.from);
    // [REJECT] at most MAX_DEVICES active devices per identity.
    if (list.length >= MAX_DEVICES) return txError({ code: "TOO_MANY_DEVICES", max: MAX_DEVICES });
    list.push({ device, addedHeight: ctx.height, label });
    ctx.set(StateNs.device, deviceListKey(tx.from), encodeDeviceList(list));
    ctx.set(StateNs.device, deviceRecordKey(device), encodeDeviceRecord({ owner: tx.from, addedHeight: ctx.height, revokedHeight: 0, label }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => deviceIndexRows(tx, out),
  parties: (tx) => deviceParties(tx),
  bodyJson: (tx) => ({ device: formatAddress(tx.body.device), label: tx.body.label, proof: hexJson(tx.body.proof) }),
  chatEntry: notChat,
};
