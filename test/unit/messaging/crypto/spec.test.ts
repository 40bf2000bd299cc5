// An independent reading of docs/ENCRYPTION.md: these tests rebuild and open the committed
// vectors with the raw primitives and the byte layouts written in the doc, importing nothing
// from src/messaging/crypto. If the doc and the code drift apart, this is where it shows.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { concatBytes, fromHex, fromUtf8, toHex, u32be, u64be, utf8 } from "../../../../src/util/bytes.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
// The JSON is read as a loose record of hex strings and numbers.
type Json = Record<string, unknown>;
const V = JSON.parse(readFileSync(`${root}test/fixtures/encryption-vectors.json`, "utf8")) as Json;
const at = (o: unknown, ...path: string[]): Json => path.reduce((x, k) => (x as Json)[k] as Json, o as Json);
const hexOf = (o: Json, k: string): Uint8Array => fromHex(o[k] as string)!;
const str = (o: Json, k: string): string => o[k] as string;

const chainIdField = (id: string) => concatBytes(Uint8Array.of(utf8(id).length), utf8(id));
const ZERO_SALT = new Uint8Array(32);

function clamp(k: Uint8Array): Uint8Array {
  const c = k.slice();
  c[0]! &= 248;
  c[31]! &= 127;
  c[31]! |= 64;
  return c;
}

function calcPaddedLen(n: number): number {
  if (n <= 32) return 32;
  const nextPower = 2 ** (Math.floor(Math.log2(n - 1)) + 1);
  const chunk = nextPower <= 256 ? 32 : nextPower / 8;
  return chunk * (Math.floor((n - 1) / chunk) + 1);
}

function unpadPerDoc(padded: Uint8Array): Uint8Array {
  const n = (padded[0]! << 8) | padded[1]!;
  expect(padded.length).toBe(2 + calcPaddedLen(n));
  expect(padded.subarray(2 + n).every((b) => b === 0)).toBe(true);
  return padded.subarray(2, 2 + n);
}

const identities = V.identities as Json[];
const alice = identities[0]!;
const bob = identities[1]!;
const prekeySig = at(V, "prekeySignature");

/** Opens a sealed box exactly as section 4.3 describes. */
function openBoxPerDoc(envelope: Uint8Array, secret: Uint8Array, keyLabel: string, adContext: Uint8Array): Uint8Array {
  expect(envelope[0]).toBe(0x01);
  const idLen = envelope[1] === 0x01 ? 8 : 0;
  const headerLen = 2 + idLen + 32;
  const ephPub = envelope.subarray(2 + idLen, headerLen);
  const nonce = envelope.subarray(headerLen, headerLen + 24);
  const recipientKey = x25519.getPublicKey(secret);
  if (idLen) expect(toHex(envelope.subarray(2, 10))).toBe(toHex(recipientKey.subarray(0, 8)));
  const shared = x25519.getSharedSecret(secret, ephPub);
  const key = hkdf(sha256, shared, ZERO_SALT, concatBytes(utf8(keyLabel), ephPub, recipientKey), 32);
  const ad = concatBytes(adContext, envelope.subarray(0, headerLen));
  return xchacha20poly1305(key, nonce, ad).decrypt(envelope.subarray(headerLen + 24));
}

describe("the spec in docs/ENCRYPTION.md, followed literally, reproduces the vectors", () => {
  it("converts identities: clamp(SHA-512(seed)[0..32]) and the Edwards-to-Montgomery map", () => {
    for (const id of identities) {
      const seed = hexOf(id, "edSeed");
      expect(toHex(ed25519.getPublicKey(seed))).toBe(str(id, "edPublic"));
      const secret = clamp(sha512(seed).subarray(0, 32));
      expect(toHex(secret)).toBe(str(id, "x25519Secret"));
      expect(toHex(x25519.getPublicKey(secret))).toBe(str(id, "x25519Public"));
      expect(toHex(ed25519.utils.toMontgomery(hexOf(id, "edPublic")))).toBe(str(id, "x25519Public"));
    }
  });

  it("derives the fixed inputs from their names", () => {
    expect(str(alice, "edSeed")).toBe(toHex(sha256(utf8("parley/test-vector/alice-identity"))));
    expect(str(at(V, "directMessages", "toIdentityKey"), "nonce")).toBe(toHex(sha256(utf8("parley/test-vector/dm-identity-nonce")).subarray(0, 24)));
  });

  it("verifies the prekey signature over label || chainIdField || prekey", () => {
    const msg = concatBytes(utf8("parley/prekey/v1"), chainIdField(str(prekeySig, "chainId")), hexOf(prekeySig, "prekeyPublic"));
    expect(toHex(msg)).toBe(str(prekeySig, "message"));
    expect(ed25519.verify(hexOf(prekeySig, "signature"), msg, hexOf(bob, "edPublic"), { zip215: false })).toBe(true);
    expect(toHex(x25519.getPublicKey(hexOf(prekeySig, "prekeySecret")))).toBe(str(prekeySig, "prekeyPublic"));
  });

  it("pads with u16be(len) || plaintext || zeros to the NIP-44 bucket", () => {
    const table = at(V, "padding", "paddedLengthByLength") as Record<string, number>;
    for (const [len, padded] of Object.entries(table)) expect(calcPaddedLen(Number(len))).toBe(padded);
    for (const ex of at(V, "padding", "examples") as unknown as Json[]) {
      const p = utf8(str(ex, "plaintextUtf8"));
      const padded = concatBytes(Uint8Array.of(p.length >> 8, p.length & 0xff), p, new Uint8Array(calcPaddedLen(p.length) - p.length));
      expect(toHex(padded)).toBe(str(ex, "padded"));
    }
  });

  it("opens the direct messages with the recipient's secret and the tx context as AD", () => {
    const cases: [string, Uint8Array][] = [
      ["toIdentityKey", hexOf(bob, "x25519Secret")],
      ["toPrekey", hexOf(prekeySig, "prekeySecret")],
      ["selfCopy", hexOf(alice, "x25519Secret")],
    ];
    for (const [name, secret] of cases) {
      const v = at(V, "directMessages", name);
      const adContext = concatBytes(
        utf8("parley/dm-ad/v1"), chainIdField(str(v, "chainId")), hexOf(v, "from"), hexOf(v, "to"), u64be(BigInt(str(v, "txNonce"))),
      );
      const padded = openBoxPerDoc(hexOf(v, "envelope"), secret, "parley/dm/v1", adContext);
      expect(toHex(padded)).toBe(str(v, "padded"));
      expect(fromUtf8(unpadPerDoc(padded))).toBe(str(v, "plaintextUtf8"));
    }
  });

  it("unwraps the channel keys with AD = label || chain || channel || epoch || from || nonce || member || header", () => {
    const cases: [string, Uint8Array][] = [
      ["inCreate", hexOf(bob, "x25519Secret")],
      ["inRemoveToPrekey", hexOf(prekeySig, "prekeySecret")],
    ];
    for (const [name, secret] of cases) {
      const v = at(V, "channelKeyWraps", name);
      const adContext = concatBytes(
        utf8("parley/channel-wrap-ad/v1"), chainIdField(str(v, "chainId")), hexOf(v, "channelId"), u32be(v.epoch as number),
        hexOf(v, "from"), u64be(BigInt(str(v, "txNonce"))), hexOf(v, "member"),
      );
      expect(toHex(openBoxPerDoc(hexOf(v, "envelope"), secret, "parley/channel-wrap/v1", adContext))).toBe(str(v, "channelKey"));
    }
    expect(str(at(V, "channelKeyWraps", "inCreate"), "channelId")).toBe("00".repeat(32));
  });

  it("opens the channel post and metadata with keys derived from the channel key", () => {
    for (const [name, which] of [["channelPost", "post"], ["channelMeta", "meta"]] as const) {
      const v = at(V, name);
      const channelId = hexOf(v, "channelId");
      const epoch = v.epoch as number;
      const key = hkdf(sha256, hexOf(v, "channelKey"), ZERO_SALT, concatBytes(utf8(`parley/channel-${which}/v1`), channelId, u32be(epoch)), 32);
      expect(toHex(key)).toBe(str(v, "key"));
      const env = hexOf(v, "envelope");
      expect(env[0]).toBe(0x01);
      const ad = concatBytes(
        utf8(`parley/channel-${which}-ad/v1`), chainIdField(str(v, "chainId")), channelId, u32be(epoch), hexOf(v, "from"),
        u64be(BigInt(str(v, "txNonce"))), env.subarray(0, 1),
      );
      const padded = xchacha20poly1305(key, env.subarray(1, 25), ad).decrypt(env.subarray(25));
      expect(fromUtf8(unpadPerDoc(padded))).toBe(str(v, "plaintextUtf8"));
    }
  });
});
