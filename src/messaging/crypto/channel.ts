// Group channels. Each epoch has a random 32-byte channel key; the owner wraps it to every
// member with the sealed box (like a DM, under the channel-wrap labels). Posts and metadata
// are encrypted with keys derived from the channel key. channel.remove starts a new epoch
// whose key is wrapped only to the remaining members, so removed members cannot read on.
//
// channel.create cannot name its own channel id (the id is the create tx's hash, which covers
// the wraps and the metadata), so inside channel.create the channel id field is PENDING_CHANNEL_ID
// (32 zero bytes); from || txNonce still pins those bytes to that one create tx.
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "../../util/bytes.js";
import { err, type Result } from "../../util/errors.js";
import { chainIdField, epochField, fixed, labelField, nonceField } from "./context.js";
import { cryptoError, type CryptoError } from "./errors.js";
import { asKeyring, type Keyring, type RecipientSecrets } from "./keyring.js";
import type { RecipientKeyKind } from "./keys.js";
import { Label } from "./labels.js";
import { DEFAULT_MAX_PLAINTEXT, calcPaddedLen, pad, prefixLength, unpad } from "./padding.js";
import { ENVELOPE_VERSION, NONCE_LEN, TAG_LEN, openBox, parseBox, sealBox, type BoxRandom } from "./sealed-box.js";

export const CHANNEL_KEY_LEN = 32;
export const CHANNEL_ID_LEN = 32;
/** The channel id used inside the channel.create tx, whose real id is not yet known. */
export const PENDING_CHANNEL_ID: Uint8Array = new Uint8Array(CHANNEL_ID_LEN);
const HKDF_SALT = new Uint8Array(32);

export function newChannelKey(): Uint8Array {
  return randomBytes(CHANNEL_KEY_LEN);
}

/** The tx fields (and channel position) that channel ciphertexts are bound to. */
export interface ChannelContext {
  chainId: string;
  channelId: Uint8Array;
  epoch: number;
  /** The tx sender: the owner for wraps, the author for posts and metadata. */
  from: Uint8Array;
  txNonce: bigint | number;
}

// ---- key wraps ----

/** utf8("parley/channel-wrap-ad/v1") || u8(len chainId) || chainId || channelId(32) || u32be(epoch) || from(32) || u64be(txNonce) || member(32) */
export function wrapAdContext(ctx: ChannelContext & { member: Uint8Array }): Uint8Array {
  return concatBytes(
    labelField(Label.wrapAd),
    chainIdField(ctx.chainId),
    fixed(ctx.channelId, CHANNEL_ID_LEN, "channelId"),
    epochField(ctx.epoch),
    fixed(ctx.from, 32, "from"),
    nonceField(ctx.txNonce),
    fixed(ctx.member, 32, "member"),
  );
}

export interface WrapChannelKeyInput extends ChannelContext {
  member: Uint8Array;
  /** The member's X25519 key (chooseRecipientKey(member, latestPrekey)). */
  memberKey: Uint8Array;
  memberKeyKind: RecipientKeyKind;
  channelKey: Uint8Array;
  random?: BoxRandom;
}

/** Throws CryptoError BAD_KEY for an unusable member key. The key is not padded: it is always 32 bytes. */
export function wrapChannelKey(input: WrapChannelKeyInput): Uint8Array {
  return sealBox({
    keyLabel: Label.wrapKey,
    adContext: wrapAdContext(input),
    recipientKey: input.memberKey,
    recipientKeyKind: input.memberKeyKind,
    payload: fixed(input.channelKey, CHANNEL_KEY_LEN, "channelKey"),
    ...(input.random ? { random: input.random } : {}),
  });
}

export interface UnwrapChannelKeyInput extends ChannelContext {
  member: Uint8Array;
  envelope: Uint8Array;
  mySecrets: RecipientSecrets | Keyring;
}

export function unwrapChannelKey(input: UnwrapChannelKeyInput): Result<Uint8Array, CryptoError> {
  const box = parseBox(input.envelope, CHANNEL_KEY_LEN, CHANNEL_KEY_LEN);
  if (!box.ok) return box;
  return openBox(Label.wrapKey, wrapAdContext(input), box.value, asKeyring(input.mySecrets));
}

// ---- posts and metadata: symmetric envelopes under the epoch's channel key ----
//   envelope = version(1) = 0x01 || nonce(24) || ciphertext || tag(16)
//   key      = HKDF-SHA256(ikm = channelKey, salt = 32 zero bytes, info = keyLabel || channelId(32) || u32be(epoch), L = 32)
//   AD       = adLabel || u8(len chainId) || chainId || channelId(32) || u32be(epoch) || from(32) || u64be(txNonce) || version(1)

type SymmetricLabels = { key: string; ad: string };
const POST: SymmetricLabels = { key: Label.postKey, ad: Label.postAd };
const META: SymmetricLabels = { key: Label.metaKey, ad: Label.metaAd };
const HEADER_LEN = 1;
const MIN_SEALED = prefixLength(DEFAULT_MAX_PLAINTEXT) + calcPaddedLen(0) + TAG_LEN;
const MAX_SEALED = prefixLength(DEFAULT_MAX_PLAINTEXT) + calcPaddedLen(DEFAULT_MAX_PLAINTEXT) + TAG_LEN;

export function channelSymmetricKey(keyLabel: string, channelKey: Uint8Array, channelId: Uint8Array, epoch: number): Uint8Array {
  const info = concatBytes(labelField(keyLabel), fixed(channelId, CHANNEL_ID_LEN, "channelId"), epochField(epoch));
  return hkdf(sha256, fixed(channelKey, CHANNEL_KEY_LEN, "channelKey"), HKDF_SALT, info, 32);
}

export function channelAdContext(adLabel: string, ctx: ChannelContext): Uint8Array {
  return concatBytes(
    labelField(adLabel),
    chainIdField(ctx.chainId),
    fixed(ctx.channelId, CHANNEL_ID_LEN, "channelId"),
    epochField(ctx.epoch),
    fixed(ctx.from, 32, "from"),
    nonceField(ctx.txNonce),
  );
}

export interface SealChannelInput extends ChannelContext {
  channelKey: Uint8Array;
  plaintext: Uint8Array;
  /** Injected 24-byte nonce, for deterministic test vectors only. */
  nonce?: Uint8Array;
}

export interface OpenChannelInput extends ChannelContext {
  channelKey: Uint8Array;
  envelope: Uint8Array;
}

function sealSymmetric(labels: SymmetricLabels, input: SealChannelInput): Uint8Array {
  const header = Uint8Array.of(ENVELOPE_VERSION);
  const payload = pad(input.plaintext);
  const nonce = input.nonce ? fixed(input.nonce, NONCE_LEN, "nonce") : randomBytes(NONCE_LEN);
  const key = channelSymmetricKey(labels.key, input.channelKey, input.channelId, input.epoch);
  const ad = concatBytes(channelAdContext(labels.ad, input), header);
  const sealed = xchacha20poly1305(key, nonce, ad).encrypt(payload);
  key.fill(0);
  return concatBytes(header, nonce, sealed);
}

function openSymmetric(labels: SymmetricLabels, input: OpenChannelInput): Result<Uint8Array, CryptoError> {
  const env = input.envelope;
  const sealedLen = env.length - HEADER_LEN - NONCE_LEN;
  if (env.length < HEADER_LEN) return err(cryptoError({ code: "BAD_ENVELOPE", reason: "empty" }));
  if (env[0] !== ENVELOPE_VERSION) return err(cryptoError({ code: "BAD_ENVELOPE", reason: `unknown version ${env[0]}` }));
  if (sealedLen < MIN_SEALED) return err(cryptoError({ code: "BAD_ENVELOPE", reason: "too short" }));
  if (sealedLen > MAX_SEALED) return err(cryptoError({ code: "BAD_ENVELOPE", reason: "too long" }));
  const key = channelSymmetricKey(labels.key, input.channelKey, input.channelId, input.epoch);
  const ad = concatBytes(channelAdContext(labels.ad, input), env.subarray(0, HEADER_LEN));
  let padded: Uint8Array;
  try {
    padded = xchacha20poly1305(key, env.subarray(HEADER_LEN, HEADER_LEN + NONCE_LEN), ad).decrypt(env.subarray(HEADER_LEN + NONCE_LEN));
  } catch {
    return err(cryptoError({ code: "DECRYPT_FAILED" }));
  } finally {
    key.fill(0);
  }
  return unpad(padded);
}

/** Throws CryptoError TOO_LARGE for a plaintext over 65,535 bytes. */
export function sealChannelPost(input: SealChannelInput): Uint8Array {
  return sealSymmetric(POST, input);
}

/** Use the key of the post's epoch (the channel.post tx body names it); an old epoch's key still opens old posts. */
export function openChannelPost(input: OpenChannelInput): Result<Uint8Array, CryptoError> {
  return openSymmetric(POST, input);
}

/** Channel metadata (name, ...), in channel.create under the epoch-0 key with PENDING_CHANNEL_ID. */
export function sealChannelMeta(input: SealChannelInput): Uint8Array {
  return sealSymmetric(META, input);
}

export function openChannelMeta(input: OpenChannelInput): Result<Uint8Array, CryptoError> {
  return openSymmetric(META, input);
}
