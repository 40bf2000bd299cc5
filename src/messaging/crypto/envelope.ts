// Direct-message envelopes: the sealed box (sealed-box.ts) with the DM labels and a context
// that binds the transaction carrying it, over a padded plaintext.
//
//   AD context = utf8("parley/dm-ad/v1") || u8(len chainId) || chainId || from(32) || to(32) || u64be(txNonce)
//
// so an envelope copied into another tx, another sender's tx, or another chain fails to open.
// Transfer memos use the same envelope with the transfer tx's context.
import { concatBytes } from "../../util/bytes.js";
import type { Result } from "../../util/errors.js";
import { chainIdField, fixed, labelField, nonceField } from "./context.js";
import type { CryptoError } from "./errors.js";
import { asKeyring, type Keyring, type RecipientSecrets } from "./keyring.js";
import type { RecipientKeyKind } from "./keys.js";
import { Label } from "./labels.js";
import { DEFAULT_MAX_PLAINTEXT, calcPaddedLen, pad, prefixLength, unpad } from "./padding.js";
import { openBox, parseBox, sealBox, type BoxRandom } from "./sealed-box.js";

/** The tx fields an envelope is bound to. */
export interface DirectContext {
  chainId: string;
  /** Sender address (Ed25519 public key, 32 bytes). */
  from: Uint8Array;
  /** Recipient address as written in the tx (32 bytes). */
  to: Uint8Array;
  txNonce: bigint | number;
}

export function directAdContext(ctx: DirectContext): Uint8Array {
  return concatBytes(
    labelField(Label.dmAd),
    chainIdField(ctx.chainId),
    fixed(ctx.from, 32, "from"),
    fixed(ctx.to, 32, "to"),
    nonceField(ctx.txNonce),
  );
}

export interface SealDirectInput extends DirectContext {
  /** X25519 key to encrypt to: chooseRecipientKey(to, latestPrekey) picks it. */
  recipientKey: Uint8Array;
  recipientKeyKind: RecipientKeyKind;
  plaintext: Uint8Array;
  random?: BoxRandom;
  /**
   * Also encrypt the plaintext to the sender's own key, so the sender's other devices can read
   * what was sent. Same context (the tx's real from/to/nonce), different recipient key.
   */
  sealToSelf?: { recipientKey: Uint8Array; recipientKeyKind: RecipientKeyKind; random?: BoxRandom };
}

export interface SealedDirect {
  envelope: Uint8Array;
  /** Present when sealToSelf was asked for. */
  selfEnvelope: Uint8Array | null;
}

/** Throws CryptoError TOO_LARGE (plaintext over 65,535 bytes) or BAD_KEY (unusable recipient key). */
export function sealDirect(input: SealDirectInput): SealedDirect {
  const adContext = directAdContext(input);
  const payload = pad(input.plaintext);
  const seal = (recipientKey: Uint8Array, recipientKeyKind: RecipientKeyKind, random: BoxRandom | undefined) =>
    sealBox({ keyLabel: Label.dmKey, adContext, recipientKey, recipientKeyKind, payload, ...(random ? { random } : {}) });
  const envelope = seal(input.recipientKey, input.recipientKeyKind, input.random);
  const self = input.sealToSelf;
  return { envelope, selfEnvelope: self ? seal(self.recipientKey, self.recipientKeyKind, self.random) : null };
}

export interface OpenDirectInput extends DirectContext {
  envelope: Uint8Array;
  /** Raw secrets, or a Keyring from prepareKeyring() when opening many envelopes. */
  mySecrets: RecipientSecrets | Keyring;
}

// Smallest and largest padded plaintext a DM can carry; anything outside is malformed before any crypto runs.
const MIN_PAYLOAD = prefixLength(DEFAULT_MAX_PLAINTEXT) + calcPaddedLen(0);
const MAX_PAYLOAD = prefixLength(DEFAULT_MAX_PLAINTEXT) + calcPaddedLen(DEFAULT_MAX_PLAINTEXT);

/**
 * Never throws for anything in the envelope: BAD_ENVELOPE (layout), DECRYPT_FAILED (not ours,
 * tampered, or replayed into another context), BAD_PADDING (authentic but badly padded).
 * Opens a self copy the same way, with the tx's own context.
 */
export function openDirect(input: OpenDirectInput): Result<Uint8Array, CryptoError> {
  const box = parseBox(input.envelope, MIN_PAYLOAD, MAX_PAYLOAD);
  if (!box.ok) return box;
  const padded = openBox(Label.dmKey, directAdContext(input), box.value, asKeyring(input.mySecrets));
  return padded.ok ? unpad(padded.value) : padded;
}
