// Encrypted key files (docs/ENCRYPTION.md 11.1, "Key files"), one format for the CLI and the web
// app, modelled on geth's keystore v3: scrypt turns the passphrase into a key, an AEAD
// (XChaCha20-Poly1305) seals the 32-byte identity seed, and the address stays in the clear so a
// file can be told apart without the passphrase. Browser-safe (@noble only); the KDF is a
// parameter so the CLI can run node:crypto's scrypt (about 1.5x faster here) with the same bytes.
//
//   {"kind":"parley-keystore","version":1,"address":"parley1...",
//    "crypto":{"kdf":"scrypt","kdfparams":{"n":131072,"r":8,"p":1,"dklen":32,"salt":"<64 hex>"},
//              "cipher":"xchacha20-poly1305","nonce":"<48 hex>","ciphertext":"<96 hex>"}}
//
// AD = utf8("parley/keystore/v1") || address(32) || u32be(n) || u32be(r) || u32be(p), so an edited
// address or cost fails to open like a wrong passphrase does (the AEAD cannot tell them apart).
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { formatAddress, parseAddress } from "./address.js";
import { decodeKeyFile, identityFromSecret, type Identity } from "./identity.js";
import { concatBytes, fromHex, toHex, u32be, utf8 } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/** Derives `dkLen` bytes from a passphrase: noble's scryptAsync by default, node:crypto's in the CLI. */
export type ScryptFn = (passphrase: Uint8Array, salt: Uint8Array, params: ScryptParams, dkLen: number) => Promise<Uint8Array>;

// N = 2^17, r = 8: 128 MiB and ~0.7 s with node:crypto, ~1 s with noble on this machine's cores.
// geth's "standard" is 2^18; half of it keeps unlocking in a phone's browser bearable.
export const DEFAULT_SCRYPT: ScryptParams = { n: 1 << 17, r: 8, p: 1 };

// What a file may ask for. Below 2^14 a passphrase falls to guessing too cheaply; above 256 MiB
// of scrypt memory (128 * n * r bytes) a file could make a browser tab or a small VM fall over.
export const SCRYPT_BOUNDS = { minLogN: 14, maxLogN: 20, maxR: 16, maxP: 4, maxMemBytes: 256 * 1024 * 1024 } as const;

export type KeystoreErrorType =
  | { code: "BAD_KEY_FILE"; reason: string }
  | { code: "WRONG_PASSPHRASE" }
  | { code: "BAD_KDF_PARAMS"; reason: string };

export class KeystoreError extends ParleyError<KeystoreErrorType> {}

const KIND = "parley-keystore";
const VERSION = 1;
const SALT_BYTES = 32;
const NONCE_BYTES = 24;
const AD_LABEL = utf8("parley/keystore/v1");

export const nobleScrypt: ScryptFn = (passphrase, salt, params, dkLen) => scryptAsync(passphrase, salt, { N: params.n, r: params.r, p: params.p, dkLen, maxmem: SCRYPT_BOUNDS.maxMemBytes + 4096 });

/** null when `params` are within SCRYPT_BOUNDS; otherwise why not. */
export function scryptParamsProblem(params: ScryptParams): string | null {
  const { n, r, p } = params;
  const logN = Math.log2(n);
  if (!Number.isInteger(logN) || logN < SCRYPT_BOUNDS.minLogN || logN > SCRYPT_BOUNDS.maxLogN) return `n must be a power of two from 2^${SCRYPT_BOUNDS.minLogN} to 2^${SCRYPT_BOUNDS.maxLogN}`;
  if (!Number.isInteger(r) || r < 1 || r > SCRYPT_BOUNDS.maxR) return `r must be 1 to ${SCRYPT_BOUNDS.maxR}`;
  if (!Number.isInteger(p) || p < 1 || p > SCRYPT_BOUNDS.maxP) return `p must be 1 to ${SCRYPT_BOUNDS.maxP}`;
  if (128 * n * r > SCRYPT_BOUNDS.maxMemBytes) return `128 * n * r must be at most ${SCRYPT_BOUNDS.maxMemBytes} bytes`;
  return null;
}

function adFor(address: Uint8Array, params: ScryptParams): Uint8Array {
  return concatBytes(AD_LABEL, address, u32be(params.n), u32be(params.r), u32be(params.p));
}

export interface EncryptOptions {
  params?: ScryptParams;
  scrypt?: ScryptFn;
  /** Tests only: fixed salt (32) and nonce (24) for a reproducible vector. */
  salt?: Uint8Array;
  nonce?: Uint8Array;
}

/** The encrypted key file of `id` under `passphrase` (JSON text, newline-terminated). */
export async function encryptKeyFile(id: Identity, passphrase: string, opts: EncryptOptions = {}): Promise<string> {
  const params = opts.params ?? DEFAULT_SCRYPT;
  const problem = scryptParamsProblem(params);
  if (problem) throw new KeystoreError({ code: "BAD_KDF_PARAMS", reason: problem }, `scrypt parameters: ${problem}`);
  if (passphrase.length === 0) throw new KeystoreError({ code: "BAD_KEY_FILE", reason: "empty passphrase" }, "the passphrase is empty (write a plaintext file explicitly instead)");
  const salt = opts.salt ?? randomBytes(SALT_BYTES);
  const nonce = opts.nonce ?? randomBytes(NONCE_BYTES);
  const key = await (opts.scrypt ?? nobleScrypt)(utf8(passphrase.normalize("NFKC")), salt, params, 32);
  const ciphertext = xchacha20poly1305(key, nonce, adFor(id.publicKey, params)).encrypt(id.secretKey);
  const file = {
    kind: KIND, version: VERSION, address: id.address,
    crypto: { kdf: "scrypt", kdfparams: { n: params.n, r: params.r, p: params.p, dklen: 32, salt: toHex(salt) }, cipher: "xchacha20-poly1305", nonce: toHex(nonce), ciphertext: toHex(ciphertext) },
  };
  return JSON.stringify(file, null, 2) + "\n";
}

export interface ParsedKeystore {
  address: string;
  publicKey: Uint8Array;
  params: ScryptParams;
  salt: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

function bad(reason: string): KeystoreError {
  return new KeystoreError({ code: "BAD_KEY_FILE", reason }, `not a valid encrypted key file: ${reason}`);
}

/** True when `raw` (parsed JSON) claims to be an encrypted key file; then parseKeystore tells whether it is a good one. */
export function isKeystoreJson(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && (raw as { kind?: unknown }).kind === KIND;
}

/** Checks the file's layout and bounds without the passphrase. Throws KeystoreError. */
export function parseKeystore(raw: unknown): ParsedKeystore {
  if (!isKeystoreJson(raw)) throw bad(`kind is not ${KIND}`);
  const r = raw as { version?: unknown; address?: unknown; crypto?: unknown };
  if (r.version !== VERSION) throw bad(`version ${String(r.version)} is not supported (this build reads ${VERSION})`);
  if (typeof r.address !== "string") throw bad("address missing");
  const publicKey = parseAddress(r.address);
  if (!publicKey) throw bad("address is not a parley1... address");
  const c = r.crypto as { kdf?: unknown; kdfparams?: unknown; cipher?: unknown; nonce?: unknown; ciphertext?: unknown } | null | undefined;
  if (typeof c !== "object" || c === null) throw bad("crypto missing");
  if (c.kdf !== "scrypt") throw bad("kdf must be scrypt");
  if (c.cipher !== "xchacha20-poly1305") throw bad("cipher must be xchacha20-poly1305");
  const kp = c.kdfparams as { n?: unknown; r?: unknown; p?: unknown; dklen?: unknown; salt?: unknown } | null | undefined;
  if (typeof kp !== "object" || kp === null) throw bad("kdfparams missing");
  if (typeof kp.n !== "number" || typeof kp.r !== "number" || typeof kp.p !== "number" || kp.dklen !== 32) throw bad("kdfparams need numbers n, r, p and dklen 32");
  const params = { n: kp.n, r: kp.r, p: kp.p };
  const problem = scryptParamsProblem(params);
  if (problem) throw new KeystoreError({ code: "BAD_KDF_PARAMS", reason: problem }, `the file's scrypt parameters are out of bounds: ${problem}`);
  const salt = typeof kp.salt === "string" ? fromHex(kp.salt) : null;
  const nonce = typeof c.nonce === "string" ? fromHex(c.nonce) : null;
  const ciphertext = typeof c.ciphertext === "string" ? fromHex(c.ciphertext) : null;
  if (!salt || salt.length < 16 || salt.length > 64) throw bad("salt must be 16 to 64 bytes of hex");
  if (!nonce || nonce.length !== NONCE_BYTES) throw bad("nonce must be 24 bytes of hex");
  if (!ciphertext || ciphertext.length !== 32 + 16) throw bad("ciphertext must be 48 bytes of hex");
  return { address: formatAddress(publicKey), publicKey, params, salt, nonce, ciphertext };
}

/** Opens an encrypted key file. Throws KeystoreError BAD_KEY_FILE, BAD_KDF_PARAMS or WRONG_PASSPHRASE (also for an edited file). */
export async function decryptKeyFile(raw: unknown, passphrase: string, scrypt: ScryptFn = nobleScrypt): Promise<Identity> {
  const ks = parseKeystore(raw);
  const key = await scrypt(utf8(passphrase.normalize("NFKC")), ks.salt, ks.params, 32);
  let seed: Uint8Array;
  try {
    seed = xchacha20poly1305(key, ks.nonce, adFor(ks.publicKey, ks.params)).decrypt(ks.ciphertext);
  } catch {
    throw new KeystoreError({ code: "WRONG_PASSPHRASE" }, `wrong passphrase for ${ks.address} (or the file was changed)`);
  }
  const id = identityFromSecret(seed);
  // The AD binds the address, so this holds unless the writer sealed someone else's seed.
  if (id.address !== ks.address) throw bad("the sealed key does not belong to the file's address");
  return id;
}

export interface OpenedKeyFile {
  identity: Identity;
  /** False for a plaintext file (legacy, or written with an explicit plaintext choice). */
  encrypted: boolean;
  /** True for a plaintext file that does not say it was written plaintext on purpose (older than keystores). */
  legacy: boolean;
}

/**
 * Reads either key file format: an encrypted one asks `passphrase()` (only then), a plaintext
 * one loads as before. Throws KeystoreError or KeyFileError (identity.ts).
 */
export async function openKeyFile(text: string, passphrase: () => Promise<string>, scrypt: ScryptFn = nobleScrypt): Promise<OpenedKeyFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad("not JSON");
  }
  if (isKeystoreJson(raw)) return { identity: await decryptKeyFile(raw, await passphrase(), scrypt), encrypted: true, legacy: false };
  const identity = decodeKeyFile(text);
  return { identity, encrypted: false, legacy: (raw as { plaintext?: unknown }).plaintext !== true };
}
