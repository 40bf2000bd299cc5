// Deterministic test vectors for docs/ENCRYPTION.md and for other-language clients. Every
// "random" input is SHA-256(utf8("parley/test-vector/" + name)) cut to the length needed, so
// the inputs can be re-derived anywhere. Intermediate values (shared secret, HKDF info, key,
// AD) are included so an implementer can find the first step where they differ.
// Regenerate: PARLEY_WRITE_VECTORS=1 npx vitest run test/unit/messaging/crypto/vectors.test.ts
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, toHex, u32be, utf8 } from "../../util/bytes.js";
import { channelAdContext, channelSymmetricKey, wrapAdContext, sealChannelMeta, sealChannelPost, wrapChannelKey, PENDING_CHANNEL_ID, type ChannelContext } from "./channel.js";
import { directAdContext, sealDirect, type DirectContext } from "./envelope.js";
import { edPublicToX25519, edSecretToX25519, newPrekey, prekeySignature, prekeySignatureMessage, type RecipientKeyKind } from "./keys.js";
import { Label } from "./labels.js";
import { calcPaddedLen, pad } from "./padding.js";
import { boxHeader, deriveBoxKey, ENVELOPE_VERSION, type BoxRandom } from "./sealed-box.js";

export type Hex = string;

export function vectorSeed(name: string, length = 32): Uint8Array {
  return sha256(utf8(`parley/test-vector/${name}`)).slice(0, length);
}

function random(name: string): BoxRandom {
  return { ephemeralSecret: vectorSeed(`${name}-ephemeral`), nonce: vectorSeed(`${name}-nonce`, 24) };
}

function identity(name: string) {
  const edSeed = vectorSeed(`${name}-identity`);
  const edPublic = ed25519.getPublicKey(edSeed);
  return { name, edSeed, edPublic, x25519Secret: edSecretToX25519(edSeed), x25519Public: edPublicToX25519(edPublic) };
}

const CHAIN_ID = "parley-testnet-1";

/** The box steps, recomputed from the spec's formulas so the vector shows each intermediate. */
function boxSteps(keyLabel: string, adContext: Uint8Array, recipientKey: Uint8Array, kind: RecipientKeyKind, rnd: BoxRandom) {
  const ephPub = x25519.getPublicKey(rnd.ephemeralSecret);
  const shared = x25519.getSharedSecret(rnd.ephemeralSecret, recipientKey);
  const header = boxHeader(kind, recipientKey, ephPub);
  return {
    recipientKeyKind: kind,
    recipientKey: toHex(recipientKey),
    ephemeralSecret: toHex(rnd.ephemeralSecret),
    ephemeralPublic: toHex(ephPub),
    nonce: toHex(rnd.nonce),
    sharedSecret: toHex(shared),
    hkdfInfo: toHex(concatBytes(utf8(keyLabel), ephPub, recipientKey)),
    key: toHex(deriveBoxKey(keyLabel, shared, ephPub, recipientKey)),
    header: toHex(header),
    associatedData: toHex(concatBytes(adContext, header)),
  };
}

function dmVector(ctx: DirectContext, text: string, recipientKey: Uint8Array, kind: RecipientKeyKind, rndName: string) {
  const plaintext = utf8(text);
  const rnd = random(rndName);
  const { envelope } = sealDirect({ ...ctx, recipientKey, recipientKeyKind: kind, plaintext, random: rnd });
  return {
    chainId: ctx.chainId,
    from: toHex(ctx.from),
    to: toHex(ctx.to),
    txNonce: ctx.txNonce.toString(),
    plaintextUtf8: text,
    plaintext: toHex(plaintext),
    padded: toHex(pad(plaintext)),
    ...boxSteps(Label.dmKey, directAdContext(ctx), recipientKey, kind, rnd),
    envelope: toHex(envelope),
  };
}

function symmetricVector(which: "post" | "meta", ctx: ChannelContext, channelKey: Uint8Array, text: string) {
  const plaintext = utf8(text);
  const nonce = vectorSeed(`channel-${which}-nonce`, 24);
  const labels = which === "post" ? { key: Label.postKey, ad: Label.postAd } : { key: Label.metaKey, ad: Label.metaAd };
  const seal = which === "post" ? sealChannelPost : sealChannelMeta;
  const header = Uint8Array.of(ENVELOPE_VERSION);
  return {
    chainId: ctx.chainId,
    channelId: toHex(ctx.channelId),
    epoch: ctx.epoch,
    from: toHex(ctx.from),
    txNonce: ctx.txNonce.toString(),
    channelKey: toHex(channelKey),
    plaintextUtf8: text,
    plaintext: toHex(plaintext),
    padded: toHex(pad(plaintext)),
    hkdfInfo: toHex(concatBytes(utf8(labels.key), ctx.channelId, u32be(ctx.epoch))),
    key: toHex(channelSymmetricKey(labels.key, channelKey, ctx.channelId, ctx.epoch)),
    nonce: toHex(nonce),
    associatedData: toHex(concatBytes(channelAdContext(labels.ad, ctx), header)),
    envelope: toHex(seal({ ...ctx, channelKey, plaintext, nonce })),
  };
}

const PADDING_LENGTHS = [0, 1, 16, 32, 33, 64, 65, 100, 256, 257, 320, 321, 383, 384, 385, 512, 513, 1000, 1024, 1025, 5000, 65535];

export function generateEncryptionVectors() {
  const alice = identity("alice");
  const bob = identity("bob");
  const bobPrekey = newPrekey(vectorSeed("bob-prekey"));
  const idJson = (i: ReturnType<typeof identity>) => ({
    name: i.name,
    edSeed: toHex(i.edSeed),
    edPublic: toHex(i.edPublic),
    x25519Secret: toHex(i.x25519Secret),
    x25519Public: toHex(i.x25519Public),
  });

  const dmCtx: DirectContext = { chainId: CHAIN_ID, from: alice.edPublic, to: bob.edPublic, txNonce: 7n };
  const channelKey0 = vectorSeed("channel-key-epoch-0");
  const channelKey1 = vectorSeed("channel-key-epoch-1");
  const channelId = vectorSeed("channel-id");
  const wrapCtx = { chainId: CHAIN_ID, channelId: PENDING_CHANNEL_ID, epoch: 0, from: alice.edPublic, txNonce: 8n, member: bob.edPublic };
  const rewrapCtx = { chainId: CHAIN_ID, channelId, epoch: 1, from: alice.edPublic, txNonce: 9n, member: bob.edPublic };
  const wrap = (ctx: typeof wrapCtx, key: Uint8Array, memberKey: Uint8Array, kind: RecipientKeyKind, rndName: string) => ({
    chainId: ctx.chainId,
    channelId: toHex(ctx.channelId),
    epoch: ctx.epoch,
    from: toHex(ctx.from),
    txNonce: ctx.txNonce.toString(),
    member: toHex(ctx.member),
    channelKey: toHex(key),
    ...boxSteps(Label.wrapKey, wrapAdContext(ctx), memberKey, kind, random(rndName)),
    envelope: toHex(wrapChannelKey({ ...ctx, memberKey, memberKeyKind: kind, channelKey: key, random: random(rndName) })),
  });

  return {
    description: "Parley end-to-end encryption test vectors (docs/ENCRYPTION.md). All byte strings are lowercase hex.",
    seedRule: 'every fixed input named N is SHA-256(utf8("parley/test-vector/" + N)) truncated to its length',
    identities: [idJson(alice), idJson(bob)],
    prekeySignature: {
      identity: "bob",
      chainId: CHAIN_ID,
      prekeySecret: toHex(bobPrekey.secret),
      prekeyPublic: toHex(bobPrekey.public),
      message: toHex(prekeySignatureMessage(bobPrekey.public, CHAIN_ID)),
      signature: toHex(prekeySignature(bob.edSeed, bobPrekey.public, CHAIN_ID)),
    },
    padding: {
      paddedLengthByLength: Object.fromEntries(PADDING_LENGTHS.map((length) => [length, calcPaddedLen(length)])),
      examples: ["", "a", "The quick brown fox jumps over the lazy dog"].map((text) => ({
        plaintextUtf8: text,
        padded: toHex(pad(utf8(text))),
      })),
    },
    directMessages: {
      toIdentityKey: dmVector(dmCtx, "hi bob, lunch at noon? \u{1F35C}", bob.x25519Public, "identity", "dm-identity"),
      toPrekey: dmVector(dmCtx, "hi bob, lunch at noon? \u{1F35C}", bobPrekey.public, "prekey", "dm-prekey"),
      selfCopy: dmVector(dmCtx, "hi bob, lunch at noon? \u{1F35C}", alice.x25519Public, "identity", "dm-self"),
    },
    channelKeyWraps: {
      inCreate: wrap(wrapCtx, channelKey0, bob.x25519Public, "identity", "wrap-create"),
      inRemoveToPrekey: wrap(rewrapCtx, channelKey1, bobPrekey.public, "prekey", "wrap-remove"),
    },
    channelPost: symmetricVector("post", { chainId: CHAIN_ID, channelId, epoch: 1, from: bob.edPublic, txNonce: 3n }, channelKey1, "gm everyone"),
    channelMeta: symmetricVector("meta", { chainId: CHAIN_ID, channelId: PENDING_CHANNEL_ID, epoch: 0, from: alice.edPublic, txNonce: 8n }, channelKey0, "{\"name\":\"lunch club\"}"),
  };
}

export type EncryptionVectors = ReturnType<typeof generateEncryptionVectors>;
