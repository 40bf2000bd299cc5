// Deterministic validator keys for consensus tests. Unit tests sign and verify with noble
// (what clients use); the many-node simulations use node:crypto's native Ed25519 for speed,
// the same verifier the node passes to the engine.
import { createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { verifyEd25519 } from "../../../src/crypto/native.js";
import type { Signer, VerifyFn } from "../../../src/consensus/types.js";
import { compareBytes, concatBytes, u32be, utf8 } from "../../../src/util/bytes.js";

export interface TestKey {
  secret: Uint8Array;
  publicKey: Uint8Array;
}

export function makeKeys(n: number, seed = "parley-test"): TestKey[] {
  const keys: TestKey[] = [];
  for (let i = 0; i < n; i++) {
    const secret = sha256(concatBytes(utf8(seed), u32be(i)));
    keys.push({ secret, publicKey: ed25519.getPublicKey(secret) });
  }
  // Sorted like the validator set, so index i is the i-th validator in proposer order.
  return keys.sort((a, b) => compareBytes(a.publicKey, b.publicKey));
}

export function nobleSigner(key: TestKey): Signer {
  return { publicKey: key.publicKey, sign: (msg) => ed25519.sign(msg, key.secret) };
}

export const nobleVerify: VerifyFn = (pk, msg, sig) => {
  try {
    return ed25519.verify(sig, msg, pk, { zip215: false });
  } catch {
    return false;
  }
};

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed, the only raw form node:crypto imports.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function nativeSigner(key: TestKey): Signer {
  const sk: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, key.secret]), format: "der", type: "pkcs8" });
  return { publicKey: key.publicKey, sign: (msg) => new Uint8Array(nodeSign(null, msg, sk)) };
}

/**
 * Native verify with a memo: in a simulation every node verifies the same signed bytes, so
 * caching by (key, signature, message) keeps N nodes from paying N times. Sound because the
 * cache key is the whole input.
 */
export function memoVerify(): VerifyFn {
  const memo = new Map<string, boolean>();
  return (pk, msg, sig) => {
    const k = `${Buffer.from(pk).toString("base64")}|${Buffer.from(sig).toString("base64")}|${Buffer.from(msg).toString("base64")}`;
    let r = memo.get(k);
    if (r === undefined) {
      r = verifyEd25519(pk, msg, sig);
      memo.set(k, r);
    }
    return r;
  };
}
