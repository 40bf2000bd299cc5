// An encrypted direct message, optionally carrying a payment that moves in the same tx or not at all.
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, hexOrNull } from "../../../util/json.js";
import { readArray, readBigUint, readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { directIndexRows, directParties } from "./direct.js";
import { moveFunds } from "./funds.js";
import { moveAsset } from "../../assets/ledger.js";
import type { AssetRef } from "../../assets/records.js";
import { MAX_DEVICES, deviceRecord, type DeviceEnvelope } from "./device-state.js";
import { bytesEqual, toHex } from "../../../util/bytes.js";

export interface MessageBody {
  to: Address;
  /** Encrypted envelope (docs/ENCRYPTION.md); the node never sees plaintext. */
  envelope: Uint8Array;
  /** Payment carried by the message, atomic with it; 0 = none. */
  amount: bigint;
  /** Optional copy of the message encrypted to the sender, so its other devices can read what it sent. */
  selfEnvelope: Uint8Array | null;
  /**
   * One copy per active device of `to` (docs/ENCRYPTION.md 4.5), same context, each
   * sealed to the device's own key. Absent or empty: the tx has 4 fields, as before devices
   * existed (decoding leaves it absent then).
   */
  devices?: readonly DeviceEnvelope[];
  /**
   * The asset `amount` is in (docs/ASSETS.md 4); absent or null: the native token. On the wire a
   * 6th field only when an asset is named (then field 5 is the device list, [] when none).
   */
  asset?: AssetRef;
}

export const messageKind: TxKindSpec<"message"> = {
  name: "message",
  label: "message",
  // A fifth field only when there are device envelopes, so messages without keep their bytes and ids.
  encodeBody(b) {
    const head = [b.to, b.envelope, b.amount, b.selfEnvelope];
    const devices = (b.devices ?? []).map((d) => [d.device, d.envelope]);
    if (b.asset) return [...head, devices, b.asset];
    return devices.length ? [...head, devices] : head;
  },
  decodeBody(f) {
    if (f.length < 4 || f.length > 6) return "message has 4 fields, 5 with device envelopes, or 6 with an asset";
    // [REJECT] a 6th field names an asset: the native token has no 6th field (nil is refused)
    const asset = f.length === 6 ? readBytes(f[5], 32) : null;
    if (asset === undefined) return "asset must be 32 bytes (omit the field for the native token)";
    // With an asset the device list may be empty (the one form of "no copies" there).
    const devices = f.length === 6 ? decodeDeviceEnvelopes(f[4], true) : f.length === 5 ? decodeDeviceEnvelopes(f[4], false) : undefined;
    if (typeof devices === "string") return devices;
    const to = readBytes(f[0], 32);
    const envelope = readBytes(f[1]);
    const amount = readBigUint(f[2]);
    const selfEnvelope = f[3] === null ? null : readBytes(f[3]);
    if (!to) return "to must be 32 bytes";
    if (!envelope) return "envelope must be bytes";
    if (amount === undefined) return "amount must be a u64";
    if (selfEnvelope === undefined) return "selfEnvelope must be bytes or nil";
    const body: MessageBody = devices?.length ? { to, envelope, amount, selfEnvelope, devices } : { to, envelope, amount, selfEnvelope };
    if (asset) {
      // [REJECT] an asset field names what a payment is in: a message with no payment names none
      if (amount === 0n) return "an asset is named only with a positive amount";
      body.asset = asset;
    }
    return body;
  },
  checkStateless(tx, params) {
    const size = tx.body.envelope.length;
    // [REJECT] an empty envelope carries nothing (and no authentication tag).
    if (size === 0) return txError({ code: "BAD_ENCODING", reason: "empty envelope" });
    // [REJECT] genesis caps envelope size so one message cannot crowd out a block.
    if (size > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size, max: params.maxEnvelopeBytes });
    const selfSize = tx.body.selfEnvelope?.length ?? 0;
    if (selfSize > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size: selfSize, max: params.maxEnvelopeBytes });
    for (const d of tx.body.devices ?? []) {
      // [REJECT] a device copy is an envelope like the main one, under the same cap.
      if (d.envelope.length === 0) return txError({ code: "BAD_ENCODING", reason: "empty device envelope" });
      if (d.envelope.length > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size: d.envelope.length, max: params.maxEnvelopeBytes });
    }
    return null;
  },
  spend: (tx) => (tx.body.asset ? 0n : tx.body.amount),
  extraFee: noExtraFee,
  apply(tx, ctx) {
    for (const d of tx.body.devices ?? []) {
      const rec = deviceRecord(ctx, d.device);
      // [REJECT] a copy to a key that is no device of the recipient (DECISIONS.md 25).
      if (!rec || !bytesEqual(rec.owner, tx.body.to)) return txError({ code: "UNKNOWN_DEVICE" });
      // [REJECT] a revoked device receives nothing from the block that revoked it on.
      if (rec.revokedHeight !== 0) return txError({ code: "DEVICE_REVOKED", height: rec.revokedHeight });
    }
    if (tx.body.asset) return moveAsset(ctx, tx.body.asset, tx.from, tx.body.to, tx.body.amount);
    return moveFunds(ctx, tx.from, tx.body.to, tx.body.amount);
  },
  blockHooks: null,
  actionEvents: (tx, out) => {
    // A message is a reply at its recipient, and a payment too when it carries an amount.
    out({ kind: "direct", from: tx.from, to: tx.body.to });
    // Automatic actions count native payments only (docs/ASSETS.md 6).
    if (tx.body.amount > 0n && !tx.body.asset) out({ kind: "payment", from: tx.from, to: tx.body.to, amount: tx.body.amount });
  },
  indexRows: (tx, _id, out) => directIndexRows(tx, out),
  parties: (tx) => directParties(tx),
  bodyJson: (tx) => ({
    to: formatAddress(tx.body.to), envelope: hexJson(tx.body.envelope), amount: amountJson(tx.body.amount), selfEnvelope: hexOrNull(tx.body.selfEnvelope),
    devices: (tx.body.devices ?? []).map((d) => ({ device: formatAddress(d.device), envelope: hexJson(d.envelope) })),
    asset: hexOrNull(tx.body.asset ?? null),
  }),
  chatEntry: (tx) => ({ type: "direct", to: tx.body.to, amount: tx.body.amount, asset: tx.body.asset ?? null, sealed: tx.body.envelope, selfSealed: tx.body.selfEnvelope, deviceSealed: tx.body.devices ?? [] }),
};

function decodeDeviceEnvelopes(v: unknown, mayBeEmpty: boolean): DeviceEnvelope[] | string {
  const list = readArray(v);
  const shape = "devices is a list of [device(32), envelope(bytes)]";
  if (!list) return shape;
  // [REJECT] the 5th field exists only to carry copies, for at most every device of an identity.
  if (list.length === 0 && !mayBeEmpty) return "devices is present only when it lists a device";
  if (list.length > MAX_DEVICES) return `at most ${MAX_DEVICES} device envelopes`;
  const out: DeviceEnvelope[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const pair = readArray(item, 2);
    const device = pair && readBytes(pair[0], 32);
    const envelope = pair && readBytes(pair[1]);
    if (!device || !envelope) return shape;
    const key = toHex(device);
    if (seen.has(key)) return "a device is listed twice";
    seen.add(key);
    out.push({ device, envelope });
  }
  return out;
}
