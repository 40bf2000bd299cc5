// A secret key sealed under a passphrase, for keeping an identity in a browser (or any other
// place that must not hold it in the clear). WebCrypto only (browsers and Node >= 20):
// PBKDF2-SHA-256 stretches the passphrase into an AES-256-GCM key; the GCM tag authenticates
// the seed and, as associated data, the address it belongs to, so a record cannot be moved to
// another address or altered without failing to open. The record is JSON text and holds
// nothing secret in the clear.
import { fromHex, toHex, utf8 } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import { identityFromSecret, type Identity } from "./keys.js";

export type VaultErrorType =
  | { code: "BAD_PASSPHRASE" }
  | { code: "WEAK_PASSPHRASE"; min: number }
  | { code: "BAD_VAULT"; reason: string };

export class VaultError extends ParleyError<VaultErrorType> {}

export interface VaultRecord {
  kind: "parley-vault";
  version: 1;
  address: string;
  kdf: { name: "PBKDF2-SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-256-GCM"; iv: string };
  /** hex of AES-GCM(seed) with its 16-byte tag. */
  sealed: string;
}

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256: ~0.3 s in a browser here, paid once per unlock.
export const VAULT_ITERATIONS = 600_000;
// Short passphrases fall to a guessing run in hours even at 600k iterations.
export const MIN_PASSPHRASE = 8;
const AD_LABEL = "parley/vault/v1";

type AesKey = Awaited<ReturnType<typeof crypto.subtle.deriveKey>>;

/** A copy on its own ArrayBuffer: WebCrypto's types take no views of shared buffers. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

async function aesKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<AesKey> {
  const base = await crypto.subtle.importKey("raw", own(utf8(passphrase)), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: own(salt), iterations }, base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

function associatedData(address: string): Uint8Array {
  return utf8(`${AD_LABEL}\n${address}`);
}

/** Seals the identity's seed under `passphrase`. */
export async function sealIdentity(identity: Identity, passphrase: string, iterations = VAULT_ITERATIONS): Promise<VaultRecord> {
  if (passphrase.length < MIN_PASSPHRASE) throw new VaultError({ code: "WEAK_PASSPHRASE", min: MIN_PASSPHRASE }, `the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await aesKey(passphrase, salt, iterations);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: own(associatedData(identity.address)) }, key, own(identity.secretKey)));
  return {
    kind: "parley-vault", version: 1, address: identity.address,
    kdf: { name: "PBKDF2-SHA-256", iterations, salt: toHex(salt) },
    cipher: { name: "AES-256-GCM", iv: toHex(iv) },
    sealed: toHex(sealed),
  };
}

/** Checks a record's shape (anything read back from storage is untrusted text). */
export function parseVault(v: unknown): VaultRecord {
  const bad = (reason: string) => new VaultError({ code: "BAD_VAULT", reason }, `not a Parley vault: ${reason}`);
  if (typeof v !== "object" || v === null) throw bad("not an object");
  const r = v as Partial<VaultRecord>;
  if (r.kind !== "parley-vault" || r.version !== 1) throw bad("unknown kind or version");
  if (typeof r.address !== "string") throw bad("no address");
  if (r.kdf?.name !== "PBKDF2-SHA-256" || !Number.isSafeInteger(r.kdf.iterations) || r.kdf.iterations < 1 || typeof r.kdf.salt !== "string") throw bad("bad kdf");
  if (r.cipher?.name !== "AES-256-GCM" || typeof r.cipher.iv !== "string" || typeof r.sealed !== "string") throw bad("bad cipher");
  return r as VaultRecord;
}

/** The identity, if `passphrase` opens the record; BAD_PASSPHRASE otherwise. */
export async function openVault(record: VaultRecord, passphrase: string): Promise<Identity> {
  const salt = fromHex(record.kdf.salt);
  const iv = fromHex(record.cipher.iv);
  const sealed = fromHex(record.sealed);
  if (!salt || !iv || iv.length !== 12 || !sealed) throw new VaultError({ code: "BAD_VAULT", reason: "fields are not hex" });
  const key = await aesKey(passphrase, salt, record.kdf.iterations);
  let seed: Uint8Array;
  try {
    seed = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: own(iv), additionalData: own(associatedData(record.address)) }, key, own(sealed)));
  } catch {
    // GCM cannot tell a wrong passphrase from a tampered record: both fail the tag.
    throw new VaultError({ code: "BAD_PASSPHRASE" }, "wrong passphrase");
  }
  const identity = identityFromSecret(seed);
  if (identity.address !== record.address)
    throw new VaultError({ code: "BAD_VAULT", reason: "the sealed key is not the record's address" });
  return identity;
}
