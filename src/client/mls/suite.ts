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

/** The suite's implementation (WebCrypto where present, @noble otherwise), built once. */
export function mlsSuite(): Promise<CiphersuiteImpl> {
  suite ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE_NAME));
  return suite;
}
