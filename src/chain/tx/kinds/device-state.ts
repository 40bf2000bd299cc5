// The device registry (namespace `device`, 0x0a): which device keys an identity has authorised,
// and for every device key ever added, whose it is and whether it was revoked. Both live under
// the one state root, so a light client proves "the devices of X at root R" with one entry and
// "whose is device D" with another (docs/PROTOCOL.md 5). Readers outside the chain (RPC, SDK,
// the MLS kinds that need each device as a leaf) use devicesOf / deviceRecord and nothing else.
import { decodeUnknown, encode, readArray, readBytes, readString, readUint } from "../../codec.js";
import { bytesEqual, concatBytes, utf8 } from "../../../util/bytes.js";
import { StateNs, type StateNsByte } from "../spec.js";
import type { Address, UnsignedTx } from "../types.js";

// 16 active devices: a phone, laptops, a browser or two, with room to spare; the list is one
// state entry read by every DM to the identity that carries device envelopes, so it stays small.
export const MAX_DEVICES = 16;
// A label names the device to its owner ("phone", "work laptop"); it is public, so keep it short.
export const MAX_DEVICE_LABEL = 32;

export interface DeviceEntry {
  device: Address;
  /** The height whose block added the device. */
  addedHeight: number;
  label: string;
}

/** A direct message's copy for one device of its recipient (message.ts). */
export interface DeviceEnvelope {
  device: Address;
  envelope: Uint8Array;
}

export interface DeviceRecord {
  owner: Address;
  addedHeight: number;
  /** The height whose block revoked the device; 0 while it is active (no tx runs at height 0). */
  revokedHeight: number;
  label: string;
}

/** Reads state; the executor's context, the node's head state and a verified proof all fit. */
export interface StateGet {
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined;
}

// Key prefixes inside the namespace: 'l' list of an identity, 'd' record of a device.
const LIST = 0x6c;
const RECORD = 0x64;

export function deviceListKey(identity: Address): Uint8Array {
  return concatBytes(Uint8Array.of(LIST), identity);
}

export function deviceRecordKey(device: Address): Uint8Array {
  return concatBytes(Uint8Array.of(RECORD), device);
}

export function encodeDeviceList(list: readonly DeviceEntry[]): Uint8Array {
  // An empty list is no entry at all (a zero-length value deletes it from the tree).
  return list.length === 0 ? new Uint8Array(0) : encode(list.map((d) => [d.device, d.addedHeight, d.label]));
}

export function decodeDeviceList(bytes: Uint8Array | undefined): DeviceEntry[] | undefined {
  if (!bytes || bytes.length === 0) return [];
  const list = readArray(decodeUnknown(bytes));
  if (!list || list.length > MAX_DEVICES) return undefined;
  const out: DeviceEntry[] = [];
  for (const item of list) {
    const f = readArray(item, 3);
    const device = f && readBytes(f[0], 32);
    const addedHeight = f && readUint(f[1]);
    const label = f && readString(f[2], MAX_DEVICE_LABEL);
    if (!device || addedHeight === undefined || label === undefined) return undefined;
    out.push({ device, addedHeight, label });
  }
  return out;
}

export function encodeDeviceRecord(r: DeviceRecord): Uint8Array {
  return encode([r.owner, r.addedHeight, r.revokedHeight, r.label]);
}

export function decodeDeviceRecord(bytes: Uint8Array | undefined): DeviceRecord | undefined {
  const f = bytes && readArray(decodeUnknown(bytes), 4);
  if (!f) return undefined;
  const owner = readBytes(f[0], 32);
  const addedHeight = readUint(f[1]);
  const revokedHeight = readUint(f[2]);
  const label = readString(f[3], MAX_DEVICE_LABEL);
  if (!owner || addedHeight === undefined || revokedHeight === undefined || label === undefined) return undefined;
  return { owner, addedHeight, revokedHeight, label };
}

/** The active devices of `identity` in the state read by `state`, oldest first ([] when none). */
export function devicesOf(state: StateGet, identity: Address): DeviceEntry[] {
  // Only the executor writes the list, and it writes what it decoded: a bad entry is corruption.
  return decodeDeviceList(state.get(StateNs.device, deviceListKey(identity))) ?? [];
}

/** Whose device `device` is and whether it was revoked; undefined when it was never added. */
export function deviceRecord(state: StateGet, device: Address): DeviceRecord | undefined {
  return decodeDeviceRecord(state.get(StateNs.device, deviceRecordKey(device)));
}

/** True when `device` is an active (added, not revoked) device of `identity`. */
export function isActiveDevice(state: StateGet, identity: Address, device: Address): boolean {
  const rec = deviceRecord(state, device);
  return rec !== undefined && rec.revokedHeight === 0 && bytesEqual(rec.owner, identity);
}

/**
 * What the device key signs to prove it consents to serve `identity` (proof of possession): an
 * identity cannot claim someone else's key as its device.
 *   utf8("parley/device-add/v1") || u8(len chainId) || chainId || identity(32) || device(32)
 */
export function deviceAddMessage(chainId: string, identity: Address, device: Address): Uint8Array {
  const id = utf8(chainId);
  return concatBytes(utf8("parley/device-add/v1"), Uint8Array.of(id.length), id, identity, device);
}

/** A device added or revoked by a finalized tx: the `devices` subscription's event. */
export interface DeviceChange {
  identity: Address;
  device: Address;
  change: "added" | "revoked";
  label: string | null;
}

/**
 * The device change a successful tx made, or null for txs of other kinds. The device kinds'
 * own knowledge, kept here beside them so subscribers (RPC, MLS groups) never name a kind.
 */
export function deviceChangeOf(tx: UnsignedTx): DeviceChange | null {
  if (tx.kind === "deviceAdd") return { identity: tx.from, device: tx.body.device, change: "added", label: tx.body.label };
  if (tx.kind === "deviceRevoke") return { identity: tx.from, device: tx.body.device, change: "revoked", label: null };
  return null;
}
