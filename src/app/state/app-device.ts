// This browser as a device of the unlocked identity (docs/APP.md "Devices", ENCRYPTION.md 12.8):
// its own random Ed25519 key, kept in localStorage as `parley.device.<identity address>` with the
// device address in the clear (so "remove from this browser" finds its MLS record while locked)
// and the secret sealed like the MLS store: XChaCha20-Poly1305 under HKDF-SHA256(the identity's
// secret key, salt "parley/app-device/v1", info = the identity's address). The key is made at
// sign-in (free); it goes on chain (device.add with its consent, signed by the identity) and gets
// a fee allowance from the identity only when Groups is opened, because both cost fees and
// signing in must not spend (DECISIONS.md, "the app as a device").
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { ChatClient } from "../../client/chat.js";
import { addDevice, deviceConsent, deviceRecord, importHistory } from "../../client/devices.js";
import type { ChatMessage } from "../../client/chat.js";
import { chatError } from "../../client/chat-errors.js";
import { identityFromSecret, newIdentity, type Identity } from "../../client/keys.js";
import { fromHex, toHex, utf8 } from "../../util/bytes.js";
import { loadJson, removeKey, saveJson } from "../lib/storage.js";
import { mlsStorageKey } from "./mls-store.js";

/** The device's public label on chain (at most 32 bytes). */
export const APP_DEVICE_LABEL = "web app";
/**
 * What the identity sends its new device so the device can pay its own txs (key packages,
 * commits, posts: ~1,400 base units each, a commit with a big tree up to ~82,000): 0.5 token.
 * When the device's balance falls under DEVICE_LOW, opening Groups tops it up to this again.
 */
export const DEVICE_ALLOWANCE = 500_000n;
export const DEVICE_LOW = 100_000n;

interface DeviceRecordJson {
  v: 1;
  device: string;
  nonce: string;
  box: string;
}

const isRecord = (v: unknown): v is DeviceRecordJson =>
  typeof v === "object" && v !== null && (v as DeviceRecordJson).v === 1 && typeof (v as DeviceRecordJson).device === "string" && typeof (v as DeviceRecordJson).nonce === "string" && typeof (v as DeviceRecordJson).box === "string";

export function deviceStorageKey(identityAddress: string): string {
  return `device.${identityAddress}`;
}

function sealKey(identity: Identity): Uint8Array {
  return hkdf(sha256, identity.secretKey, utf8("parley/app-device/v1"), utf8(identity.address), 32);
}

function save(identity: Identity, device: Identity): void {
  const nonce = randomBytes(24);
  const box = xchacha20poly1305(sealKey(identity), nonce).encrypt(device.secretKey);
  saveJson(deviceStorageKey(identity.address), { v: 1, device: device.address, nonce: toHex(nonce), box: toHex(box) } satisfies DeviceRecordJson);
}

/** This browser's device key for `identity`: the stored one, or a fresh one (stored sealed). */
export function loadOrCreateDevice(identity: Identity): Identity {
  const rec = loadJson<DeviceRecordJson | null>(deviceStorageKey(identity.address), null, (v): v is DeviceRecordJson | null => v === null || isRecord(v));
  if (rec) {
    const nonce = fromHex(rec.nonce);
    const box = fromHex(rec.box);
    // A record that does not open (changed, or sealed for another key) is refused, not replaced:
    // replacing it would silently drop this browser out of its groups.
    if (!nonce || !box) throw new Error("the stored device key is damaged");
    const device = identityFromSecret(xchacha20poly1305(sealKey(identity), nonce).decrypt(box));
    if (device.address !== rec.device) throw new Error("the stored device key is damaged");
    return device;
  }
  const device = newIdentity();
  save(identity, device);
  return device;
}

/** Removes this browser's device key of `identityAddress` and the device's MLS record (works while locked). */
export function forgetDevice(identityAddress: string): void {
  const rec = loadJson<DeviceRecordJson | null>(deviceStorageKey(identityAddress), null, (v): v is DeviceRecordJson | null => v === null || isRecord(v));
  if (rec) removeKey(mlsStorageKey(rec.device));
  removeKey(deviceStorageKey(identityAddress));
}

export type DeviceStatus = "active" | "added" | "revoked-replaced";

/**
 * Makes sure `device` is an active device of `identity` on chain and can pay its fees: adds it
 * (its consent signed here, the device.add tx by the identity, waited for) when it was never
 * added, and sends the allowance when its balance is low. A device revoked meanwhile (from
 * another device or the CLI) can never be added again: a fresh key replaces it, and the caller
 * starts over with it (its groups are gone with the old key; the returned device says which).
 */
export async function ensureDeviceOnChain(chat: ChatClient, identity: Identity, device: Identity): Promise<{ device: Identity; status: DeviceStatus }> {
  let current = device;
  let status: DeviceStatus = "active";
  let rec = await deviceRecord(chat, current.publicKey);
  if (rec && (!rec.active || rec.owner !== identity.address)) {
    forgetDevice(identity.address);
    current = loadOrCreateDevice(identity);
    status = "revoked-replaced";
    rec = null;
  }
  if (!rec) {
    const consent = deviceConsent(current, identity.publicKey, await chat.chainId());
    await addDevice(chat, identity, current.publicKey, APP_DEVICE_LABEL, consent, { wait: true });
    if (status === "active") status = "added";
  }
  const balance = BigInt((await chat.client.account(current.address)).balance);
  if (balance < DEVICE_LOW) await chat.sendPayment(identity, current.address, DEVICE_ALLOWANCE - balance, { wait: true });
  return { device: current, status };
}

/**
 * Opens a history bundle (`parley device export-history --to <this device>`, ENCRYPTION.md
 * 4.6) sealed to this browser's device: it must be signed by the identity itself or by one of
 * its active devices, and be the history of this identity. Throws BAD_INPUT otherwise.
 */
export async function openHistoryBundle(chat: ChatClient, identity: Identity, device: Identity, text: string): Promise<{ from: string; messages: ChatMessage[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw chatError({ code: "BAD_INPUT", reason: "the file is not a history bundle (not JSON)" });
  }
  const opened = importHistory(device, raw);
  if (opened.owner !== identity.address) throw chatError({ code: "BAD_INPUT", reason: `the bundle holds the history of ${opened.owner}, not of ${identity.address}` });
  if (opened.from !== opened.owner) {
    const rec = await deviceRecord(chat, opened.from);
    if (!rec || rec.owner !== opened.owner || !rec.active) throw chatError({ code: "BAD_INPUT", reason: `the bundle comes from ${opened.from}, which is no active device of ${opened.owner}` });
  }
  return { from: opened.from, messages: opened.messages.map(reviveBytes) };
}

/** A bundle is JSON: the attachments' byte fields arrive as objects of numbers; make them bytes again. */
function reviveBytes(m: ChatMessage): ChatMessage {
  const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : Uint8Array.from(Object.values((v ?? {}) as Record<string, number>)));
  const attachments = (m.attachments ?? []).map((a) => ({ ...a, blobHash: bytes(a.blobHash), key: bytes(a.key), thumbnail: a.thumbnail === null ? null : bytes(a.thumbnail) }));
  return { ...m, attachments };
}
