// Prekey secrets a reader keeps so it can open what was sealed to its published prekeys, and the
// keyring built from them. Storage is pluggable (the CLI keeps a 0600 JSON file next to the key
// file; a browser could use IndexedDB); the JSON text format is shared so files move between them.
import { edSecretToX25519, prepareKeyring, x25519Public, type Keyring } from "../messaging/crypto/index.js";
import { bytesEqual, fromHex, toHex } from "../util/bytes.js";
import { chatError } from "./chat-errors.js";
import type { Identity } from "./keys.js";

export interface StoredPrekey {
  public: Uint8Array;
  secret: Uint8Array;
  /** ms since epoch; informational (which prekey is newest is decided on chain). */
  createdAt: number;
}

export interface PrekeyStore {
  /** Every retained prekey, oldest first. */
  list(): Promise<StoredPrekey[]>;
  /** Called BEFORE the prekey is published, so a crash cannot leave a published prekey without its secret. */
  add(prekey: StoredPrekey): Promise<void>;
}

export class MemoryPrekeyStore implements PrekeyStore {
  private readonly keys: StoredPrekey[] = [];
  async list(): Promise<StoredPrekey[]> {
    return [...this.keys];
  }
  async add(prekey: StoredPrekey): Promise<void> {
    if (!this.keys.some((k) => bytesEqual(k.public, prekey.public))) this.keys.push(prekey);
  }
}

const FILE_KIND = "parley-prekeys";

/** {"kind":"parley-prekeys","address":"parley1...","prekeys":[{"public":hex,"secret":hex,"createdAt":ms}]} */
export function encodePrekeyFile(address: string, prekeys: readonly StoredPrekey[]): string {
  const list = prekeys.map((k) => ({ public: toHex(k.public), secret: toHex(k.secret), createdAt: k.createdAt }));
  return JSON.stringify({ kind: FILE_KIND, address, prekeys: list }, null, 2) + "\n";
}

/** Throws ChatError BAD_INPUT for a malformed file, a file of another address, or a secret that does not match its public key. */
export function decodePrekeyFile(text: string, address: string): StoredPrekey[] {
  const bad = (reason: string) => chatError({ code: "BAD_INPUT", reason }, `bad prekey file: ${reason}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad("not JSON");
  }
  const r = raw as { kind?: unknown; address?: unknown; prekeys?: unknown };
  if (r.kind !== FILE_KIND || !Array.isArray(r.prekeys)) throw bad(`expected kind ${FILE_KIND} with a prekeys array`);
  if (r.address !== address) throw bad(`it belongs to ${String(r.address)}, not ${address}`);
  return r.prekeys.map((item: unknown, i) => {
    const k = item as { public?: unknown; secret?: unknown; createdAt?: unknown };
    const pub = typeof k.public === "string" ? fromHex(k.public) : null;
    const secret = typeof k.secret === "string" ? fromHex(k.secret) : null;
    if (!pub || pub.length !== 32 || !secret || secret.length !== 32) throw bad(`prekey ${i}: public and secret must be 64 hex digits`);
    // A secret that does not give its public key would silently fail to open every message.
    if (!bytesEqual(x25519Public(secret), pub)) throw bad(`prekey ${i}: secret does not match public key`);
    return { public: pub, secret, createdAt: typeof k.createdAt === "number" ? k.createdAt : 0 };
  });
}

/** The identity's X25519 secret plus every retained prekey secret, indexed for opening many envelopes. */
export function keyringFor(identity: Identity, prekeys: readonly StoredPrekey[]): Keyring {
  return prepareKeyring({ identityX25519Secret: edSecretToX25519(identity.secretKey), prekeys: prekeys.map((k) => k.secret) });
}
