// Devices of an identity (docs/PROTOCOL.md 3 "Devices", DECISIONS.md 25): the device signs its
// consent, the identity adds or revokes it on chain, anyone lists an identity's active devices
// (verified against a header the caller trusts, with verifyDevices), and a device moves history
// to a new device in a bundle sealed to it (exportHistory / importHistory) that no node sees.
import { formatAddress } from "../chain/address.js";
import type { BlockHeader } from "../chain/block/types.js";
import { deviceAddMessage, type DeviceEntry } from "../chain/tx/kinds/device-state.js";
import { openHistory, sealHistory } from "../messaging/crypto/index.js";
import { verifyDeviceList } from "../light/verify-devices.js";
import { concatBytes, fromHex, fromUtf8, toHex, utf8 } from "../util/bytes.js";
import { sha256, verifyEd25519 } from "../crypto/native.js";
import { signBytes, type Identity } from "./keys.js";
import { toAddress, type AddressLike, type ChatBase, type SendOptions, type Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import { keyringFor } from "./prekeys.js";
import type { ChatMessage } from "./chat.js";

export interface DeviceInfo {
  device: string;
  label: string;
  addedHeight: number;
}

export interface DeviceRecordInfo extends DeviceInfo {
  owner: string;
  /** Null while active. */
  revokedHeight: number | null;
  active: boolean;
}

interface DeviceListJson {
  identity: string;
  devices: DeviceInfo[];
  height: number;
  proof?: { stateRoot: string; height: number; key: string; value: string | null; smtProof: string };
}

/** The device's consent to serve `owner` on `chainId` (device.add's proof), signed by the device's own key. */
export function deviceConsent(device: Identity, owner: AddressLike, chainId: string): Uint8Array {
  return signBytes(device.secretKey, deviceAddMessage(chainId, toAddress(owner, "owner address"), device.publicKey));
}

/** Adds `device` to `identity` with the device's consent (deviceConsent, hex or bytes). */
export function addDevice(base: ChatBase, identity: Identity, device: AddressLike, label: string, consent: Uint8Array | string, opts: SendOptions = {}): Promise<Submitted> {
  const proof = typeof consent === "string" ? fromHex(consent.trim()) : consent;
  if (!proof || proof.length !== 64) throw chatError({ code: "BAD_INPUT", reason: "the device's consent must be 64 bytes (128 hex digits)" });
  const deviceKey = toAddress(device, "device address");
  return base.submitSealed(identity, "deviceAdd", () => ({ device: deviceKey, label, proof }), opts);
}

/** Revokes one of `identity`'s devices: from its block on, no DM is sealed to it and none may be. */
export function revokeDevice(base: ChatBase, identity: Identity, device: AddressLike, opts: SendOptions = {}): Promise<Submitted> {
  const deviceKey = toAddress(device, "device address");
  return base.submitSealed(identity, "deviceRevoke", () => ({ device: deviceKey }), opts);
}

/** The active devices of `identity` at the node's head, as the node says (see verifyDevices to check). */
export async function listDevices(base: ChatBase, identity: AddressLike): Promise<DeviceInfo[]> {
  const json = await base.client.rpc.call<DeviceListJson>("device_list", [formatAddress(toAddress(identity))]);
  return json.devices;
}

/** Whose device `device` is and whether it is active, or null when it was never added. */
export async function deviceRecord(base: ChatBase, device: AddressLike): Promise<DeviceRecordInfo | null> {
  try {
    return await base.client.rpc.call<DeviceRecordInfo>("device_get", [formatAddress(toAddress(device))]);
  } catch (e) {
    if ((e as { type?: { reason?: string } }).type?.reason === "DEVICE_NOT_FOUND") return null;
    throw e;
  }
}

/**
 * The active devices of `identity`, checked against `header` (one the caller verified, e.g.
 * VerifiedChain.header(h)): the node's answer at the header's height must be proven under its
 * stateRoot. `atHeight` gives the header for the height the node answered at.
 */
export async function verifyDevices(base: ChatBase, identity: AddressLike, atHeight: (height: number) => Promise<BlockHeader | undefined>): Promise<DeviceEntry[]> {
  const id = toAddress(identity);
  const json = await base.client.rpc.call<DeviceListJson>("device_list", [formatAddress(id), true]);
  const proof = json.proof;
  if (!proof) throw chatError({ code: "BAD_NODE_DATA", reason: "device_list returned no proof" });
  const header = await atHeight(proof.height);
  if (!header) throw chatError({ code: "BAD_NODE_DATA", reason: `no verified header at height ${proof.height}` });
  const value = proof.value === null ? null : fromHex(proof.value);
  const smt = fromHex(proof.smtProof);
  if ((proof.value !== null && !value) || !smt) throw chatError({ code: "BAD_NODE_DATA", reason: "device proof is not hex" });
  const r = verifyDeviceList(header, id, value, smt);
  if (!r.ok) throw chatError({ code: "BAD_NODE_DATA", reason: `device list: ${r.error.message}` });
  return r.value;
}

// ---- history bundles ----

/** The file a history bundle travels in (JSON); only `sealed` is secret, and it is sealed to `to`. */
export interface HistoryBundle {
  kind: "parley-history";
  version: 1;
  owner: string;
  from: string;
  to: string;
  /** hex of sealHistory(JSON of { messages: ChatMessage[] }). */
  sealed: string;
  /**
   * hex of `from`'s Ed25519 signature over historySigMessage: a sealed box does not say who
   * sealed it, and anyone can seal to a public key, so the exporter signs. The importer checks
   * it and then whether `from` is the owner or one of its devices (importHistory's caller).
   */
  sig: string;
}

function historySigMessage(sealed: Uint8Array, to: Uint8Array): Uint8Array {
  return concatBytes(utf8("parley/history-sig/v1"), sha256(sealed), to);
}

function jsonReplacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? { $bigint: v.toString() } : v;
}

function jsonReviver(_k: string, v: unknown): unknown {
  return typeof v === "object" && v !== null && typeof (v as { $bigint?: unknown }).$bigint === "string" ? BigInt((v as { $bigint: string }).$bigint) : v;
}

/** Seals `messages` (as the exporting device read them) to the new device `to` of `owner`. */
export function exportHistory(from: Identity, owner: AddressLike, to: AddressLike, messages: readonly ChatMessage[]): HistoryBundle {
  const ctx = { owner: toAddress(owner, "owner address"), fromDevice: from.publicKey, toDevice: toAddress(to, "device address") };
  const sealed = sealHistory(ctx, utf8(JSON.stringify({ messages }, jsonReplacer)));
  const sig = signBytes(from.secretKey, historySigMessage(sealed, ctx.toDevice));
  return { kind: "parley-history", version: 1, owner: formatAddress(ctx.owner), from: from.address, to: formatAddress(ctx.toDevice), sealed: toHex(sealed), sig: toHex(sig) };
}

/**
 * Opens a bundle sealed to `me` (the new device) and signed by its `from`. Throws BAD_INPUT for
 * a bundle not for us, altered, or unsigned. The caller still checks that `from` is the owner or
 * one of the owner's devices (listDevices / verifyDevices), as the CLI does.
 */
export function importHistory(me: Identity, bundle: unknown): { owner: string; from: string; messages: ChatMessage[] } {
  const b = bundle as Partial<HistoryBundle> | null;
  if (typeof b !== "object" || b === null || b.kind !== "parley-history" || b.version !== 1 || typeof b.sealed !== "string" || typeof b.owner !== "string" || typeof b.from !== "string" || typeof b.to !== "string")
    throw chatError({ code: "BAD_INPUT", reason: "not a parley-history bundle (version 1)" });
  if (b.to !== me.address) throw chatError({ code: "BAD_INPUT", reason: `the bundle is sealed to ${b.to}, not to this device (${me.address})` });
  const sealed = fromHex(b.sealed);
  const sig = typeof b.sig === "string" ? fromHex(b.sig) : null;
  if (!sealed || !sig) throw chatError({ code: "BAD_INPUT", reason: "sealed and sig must be hex" });
  if (!verifyEd25519(toAddress(b.from, "device address"), historySigMessage(sealed, me.publicKey), sig)) throw chatError({ code: "BAD_INPUT", reason: "the bundle's signature does not verify" });
  const ctx = { owner: toAddress(b.owner, "owner address"), fromDevice: toAddress(b.from, "device address"), toDevice: me.publicKey };
  const opened = openHistory(ctx, sealed, keyringFor(me, []));
  if (!opened.ok) throw chatError({ code: "BAD_INPUT", reason: `the bundle does not open: ${opened.error.code}` });
  const text = fromUtf8(opened.value);
  const parsed = text === null ? null : (JSON.parse(text, jsonReviver) as { messages?: unknown });
  if (!parsed || !Array.isArray(parsed.messages)) throw chatError({ code: "BAD_INPUT", reason: "the bundle holds no message list" });
  return { owner: b.owner, from: b.from, messages: parsed.messages as ChatMessage[] };
}
