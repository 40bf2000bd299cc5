// Small factories for the crypto tests: identities and prekeys from readable names.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8 } from "../../../../src/util/bytes.js";
import { edPublicToX25519, edSecretToX25519, newPrekey, type X25519KeyPair } from "../../../../src/messaging/crypto/keys.js";

export const CHAIN = "parley-test";

export function bytesFor(name: string, length = 32): Uint8Array {
  return sha256(utf8(`test/${name}`)).slice(0, length);
}

export interface TestIdentity {
  address: Uint8Array;
  edSecret: Uint8Array;
  x25519Secret: Uint8Array;
  x25519Public: Uint8Array;
}

export function identity(name: string): TestIdentity {
  const edSecret = bytesFor(`${name}/identity`);
  const address = ed25519.getPublicKey(edSecret);
  return { address, edSecret, x25519Secret: edSecretToX25519(edSecret), x25519Public: edPublicToX25519(address) };
}

export function prekey(name: string): X25519KeyPair {
  return newPrekey(bytesFor(`${name}/prekey`));
}

export function flipped(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= mask;
  return out;
}
