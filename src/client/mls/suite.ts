// Parley's MLS profile in one place (docs/ENCRYPTION.md, "MLS groups"): one cipher suite, how
// long old keys are kept, padding, and the credential rule. ts-mls 1.6.4 implements RFC 9420;
// it is NOT audited (its README says so): treat groups as experimental until it is.
import {
  defaultKeyPackageEqualityConfig,
  defaultLifetimeConfig,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type CiphersuiteImpl,
  type ClientConfig,
} from "ts-mls";
import { extract as hkdfExtract, expand as hkdfExpand } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { leafAuthenticationService } from "./leaf.js";

/** Cipher suite 1: X25519 HPKE, AES-128-GCM, SHA-256, Ed25519 (the identity key type). */
export const MLS_SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const;

/**
 * Keys of past epochs are kept for 2 epochs (a post racing a commit still opens) and then
 * deleted: that deletion is what makes forward secrecy across epochs. Within an epoch a key
 * is deleted once used; up to 64 generations may be skipped (posts arriving out of order).
 */
export const MLS_CLIENT_CONFIG: ClientConfig = {
  keyRetentionConfig: { retainKeysForEpochs: 2, retainKeysForGenerations: 64, maximumForwardRatchetSteps: 1000 },
  lifetimeConfig: defaultLifetimeConfig,
  keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
  // Every message padded to at least 256 bytes of content: short posts look alike in size.
  paddingConfig: { kind: "padUntilLength", padUntilLength: 256 },
  authService: leafAuthenticationService,
};

let suite: Promise<CiphersuiteImpl> | null = null;

/**
 * The suite's implementation, built once: ts-mls's (WebCrypto where present) with HKDF and
 * SHA-256/HMAC computed synchronously by @noble/hashes. The functions are the same (RFC 5869,
 * FIPS 180-4; the member tests and the group tests check interop), only faster for MLS's many
 * tiny inputs: ts-mls derives the whole secret tree at every epoch (about 10 HKDF expands a
 * leaf) and hashes the whole ratchet tree, and WebCrypto costs a key import and an async job
 * per call. That was half of the time to build a big group (bench/mls.ts, PERFORMANCE.md).
 * HPKE keeps its own (WebCrypto) KDF: it runs a few times a commit, not per leaf.
 */
export function mlsSuite(): Promise<CiphersuiteImpl> {
  suite ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE_NAME)).then((cs) => ({ ...cs, kdf: fastKdf, hash: fastHash }));
  return suite;
}

const fastKdf: CiphersuiteImpl["kdf"] = {
  extract: (salt, ikm) => Promise.resolve(hkdfExtract(sha256, ikm, salt)),
  expand: (prk, info, len) => Promise.resolve(hkdfExpand(sha256, prk, info, len)),
  size: 32,
};

const fastHash: CiphersuiteImpl["hash"] = {
  digest: (data) => Promise.resolve(sha256(data)),
  mac: (key, data) => Promise.resolve(hmac(sha256, key, data)),
  verifyMac: (key, mac, data) => Promise.resolve(constantTimeEqual(mac, hmac(sha256, key, data))),
};

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
