// Identity keys and the key-file format (browser-safe: @noble only). The address is the public
// key. Here, below the node, the light node and the SDK, because all three load and write keys;
// src/client/keys.ts re-exports it for SDK users.
import { ed25519 } from "@noble/curves/ed25519.js";
import { formatAddress } from "./address.js";
import { fromHex, toHex } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";

export interface Identity {
  secretKey: Uint8Array; // 32-byte Ed25519 seed
  publicKey: Uint8Array; // = address bytes
  address: string; // bech32m
}

export class KeyFileError extends ParleyError<{ code: "BAD_KEY_FILE"; reason: string }> {}

export function identityFromSecret(secretKey: Uint8Array): Identity {
  const publicKey = ed25519.getPublicKey(secretKey);
  return { secretKey, publicKey, address: formatAddress(publicKey) };
}

export function newIdentity(): Identity {
  return identityFromSecret(ed25519.utils.randomSecretKey());
}

export function signBytes(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, secretKey);
}

/**
 * Plaintext key file (JSON): {"kind":"parley-ed25519","address":"parley1...","secretKey":"<64 hex>","plaintext":true}.
 * `plaintext: true` says it was written unencrypted on purpose (--plaintext, a dev chain's keys,
 * a node's p2p key); files without it predate encrypted key files (keystore.ts) and load with a warning.
 */
export function encodeKeyFile(id: Identity): string {
  return JSON.stringify({ kind: "parley-ed25519", address: id.address, secretKey: toHex(id.secretKey), plaintext: true }, null, 2) + "\n";
}

export function decodeKeyFile(text: string): Identity {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyFileError({ code: "BAD_KEY_FILE", reason: "not JSON" });
  }
  // A file holding `null` or a bare number parses as JSON too: refuse it before reading fields.
  if (typeof raw !== "object" || raw === null) throw new KeyFileError({ code: "BAD_KEY_FILE", reason: "expected a JSON object" });
  const r = raw as { kind?: unknown; secretKey?: unknown; address?: unknown };
  if (r.kind !== "parley-ed25519" || typeof r.secretKey !== "string") throw new KeyFileError({ code: "BAD_KEY_FILE", reason: "expected kind parley-ed25519 with secretKey" });
  const sk = fromHex(r.secretKey);
  if (!sk || sk.length !== 32) throw new KeyFileError({ code: "BAD_KEY_FILE", reason: "secretKey must be 64 hex digits" });
  const id = identityFromSecret(sk);
  if (typeof r.address === "string" && r.address !== id.address) throw new KeyFileError({ code: "BAD_KEY_FILE", reason: "address does not match secretKey" });
  return id;
}
