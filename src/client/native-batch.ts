// The two costly steps of reading a page of messages, done in a batch by the platform's native
// crypto where it has them (WebCrypto X25519 and Ed25519: browsers since 2025, Node >= 20), and
// by @noble otherwise. Measured in Chromium here: 1,000 X25519 agreements ~170 ms native vs
// ~800 ms noble; 1,000 Ed25519 verifies ~190 ms vs ~780 ms. Results are the same either way:
// the shared secrets feed the same opening code (Keyring.shared), and signatures pass the same
// strict rules (canonical S, no weak key) before either verifier sees them.
import { signingMessage } from "../chain/tx/codec.js";
import type { SignedTx } from "../chain/tx/types.js";
import { isCanonicalSignature, isWeakPublicKey } from "../crypto/ed25519-rules.js";
import { parseBox, sharedSecretKey, type Keyring } from "../messaging/crypto/index.js";
import { concatBytes, fromHex, toHex } from "../util/bytes.js";
import { verifyTxSignature } from "./chat-entries.js";

type Subtle = typeof crypto.subtle;
type NativeKey = Awaited<ReturnType<Subtle["importKey"]>>;

// DER prefix of a PKCS#8 X25519 private key; WebCrypto imports private keys only wrapped.
const X25519_PKCS8 = fromHex("302e020100300506032b656e04220420")!;

const subtle: Subtle | undefined = globalThis.crypto?.subtle;
let x25519Support: Promise<boolean> | null = null;
let ed25519Support: Promise<boolean> | null = null;

function probe(alg: "X25519" | "Ed25519"): Promise<boolean> {
  if (!subtle) return Promise.resolve(false);
  return subtle.generateKey({ name: alg }, false, alg === "X25519" ? ["deriveBits"] : ["sign", "verify"]).then(() => true, () => false);
}

const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

const privateKeys = new WeakMap<Uint8Array, Promise<NativeKey>>();

function x25519Private(secret: Uint8Array): Promise<NativeKey> {
  let k = privateKeys.get(secret);
  if (!k) privateKeys.set(secret, (k = subtle!.importKey("pkcs8", own(concatBytes(X25519_PKCS8, secret)), { name: "X25519" }, false, ["deriveBits"])));
  return k;
}

/**
 * The keyring with the X25519 secrets the given envelopes need computed natively (unchanged
 * when there is no native X25519). An envelope that is malformed, or whose agreement fails
 * (a small-order key), is left for the opening code to refuse as it always does.
 */
export async function withSharedSecrets(keyring: Keyring, envelopes: readonly Uint8Array[]): Promise<Keyring> {
  if (envelopes.length === 0 || !(await (x25519Support ??= probe("X25519")))) return keyring;
  const shared = new Map(keyring.shared ?? []);
  await Promise.all(envelopes.map(async (env) => {
    const box = parseBox(env, 0, Number.MAX_SAFE_INTEGER);
    if (!box.ok) return;
    const pairs = box.value.keyType === "identity" ? [keyring.identity] : (keyring.byPrekeyId.get(toHex(box.value.prekeyId!)) ?? []);
    for (const pair of pairs) {
      const k = sharedSecretKey(pair.public, box.value.ephPub);
      if (shared.has(k)) continue;
      try {
        const pub = await subtle!.importKey("raw", own(box.value.ephPub), { name: "X25519" }, false, []);
        shared.set(k, new Uint8Array(await subtle!.deriveBits({ name: "X25519", public: pub }, await x25519Private(pair.secret), 256)));
      } catch {
        // Left to the opening code (noble), which refuses what has to be refused.
      }
    }
  }));
  return { ...keyring, shared };
}

const publicKeys = new Map<string, Promise<NativeKey>>();
// Keys of the senders one reads: a handful per page; the cap only stops unbounded growth.
const MAX_CACHED_KEYS = 1_000;

function ed25519Public(pk: Uint8Array): Promise<NativeKey> {
  const id = toHex(pk);
  let k = publicKeys.get(id);
  if (!k) {
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear();
    publicKeys.set(id, (k = subtle!.importKey("raw", own(pk), { name: "Ed25519" }, false, ["verify"])));
  }
  return k;
}

/** Each tx's signature under the strict rules (the node's own admission rules), natively where possible. */
export async function verifyTxSignatures(stxs: readonly SignedTx[]): Promise<boolean[]> {
  const native = stxs.length > 0 && (await (ed25519Support ??= probe("Ed25519")));
  return Promise.all(stxs.map(async (stx) => {
    // [REJECT] non-canonical S or a weak key, whichever verifier runs
    if (!isCanonicalSignature(stx.sig) || isWeakPublicKey(stx.tx.from)) return false;
    if (!native) return verifyTxSignature(stx);
    try {
      return await subtle!.verify({ name: "Ed25519" }, await ed25519Public(stx.tx.from), own(stx.sig), own(signingMessage(stx.tx.chainId, stx.payload)));
    } catch {
      return false;
    }
  }));
}
