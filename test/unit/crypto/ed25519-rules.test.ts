import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { isCanonicalSignature, isWeakPublicKey } from "../../../src/crypto/ed25519-rules.js";
import { sha256, sha256Many, verifyEd25519 } from "../../../src/crypto/native.js";
import { fromHex, toHex, utf8 } from "../../../src/util/bytes.js";

function hex(text: string): Uint8Array {
  const b = fromHex(text);
  if (!b) throw new Error(`bad hex in test: ${text}`);
  return b;
}

// RFC 8032 section 7.1, TEST 1-3.
const RFC8032 = [
  {
    name: "TEST 1 (empty message)",
    secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2 (one byte)",
    secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3 (two bytes)",
    secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
];

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function leToBigint(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

function bigintToLe(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  if (n !== 0n) throw new Error("does not fit");
  return out;
}

/** The same R with S replaced by `s` (little-endian, 32 bytes). */
function withS(sig: Uint8Array, s: bigint): Uint8Array {
  const out = sig.slice();
  out.set(bigintToLe(s, 32), 32);
  return out;
}

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = b.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe("Ed25519 strict verification (RFC 8032 vectors)", () => {
  for (const v of RFC8032) {
    it(`accepts ${v.name}, whose public key derives from its secret`, () => {
      expect(toHex(ed25519.getPublicKey(hex(v.secret)))).toBe(v.publicKey);
      expect(verifyEd25519(hex(v.publicKey), hex(v.message), hex(v.signature))).toBe(true);
    });

    it(`rejects ${v.name} with one bit flipped in the signature, the message or the key`, () => {
      const pk = hex(v.publicKey);
      const msg = hex(v.message);
      const sig = hex(v.signature);
      // Bit 0 of R, a middle bit of S (stays canonical), so the rejection is the curve check.
      expect(verifyEd25519(pk, msg, flipBit(sig, 0))).toBe(false);
      expect(verifyEd25519(pk, msg, flipBit(sig, 256 + 17))).toBe(false);
      expect(verifyEd25519(flipBit(pk, 9), msg, sig)).toBe(false);
      const longer = new Uint8Array(msg.length + 1);
      longer.set(msg);
      expect(verifyEd25519(pk, msg.length > 0 ? flipBit(msg, 0) : longer, sig)).toBe(false);
    });

    it(`rejects ${v.name} malleated to S + L, which a lax verifier would accept`, () => {
      const sig = hex(v.signature);
      const s = leToBigint(sig.subarray(32));
      expect(s < L).toBe(true);
      const malleated = withS(sig, s + L);
      expect(isCanonicalSignature(sig)).toBe(true);
      expect(isCanonicalSignature(malleated)).toBe(false);
      expect(verifyEd25519(hex(v.publicKey), hex(v.message), malleated)).toBe(false);
    });
  }

  it("draws the canonical-S line exactly at L", () => {
    const sig = hex(RFC8032[0]!.signature);
    expect(isCanonicalSignature(withS(sig, 0n))).toBe(true);
    expect(isCanonicalSignature(withS(sig, L - 1n))).toBe(true);
    expect(isCanonicalSignature(withS(sig, L))).toBe(false);
    expect(isCanonicalSignature(withS(sig, L + 1n))).toBe(false);
    expect(isCanonicalSignature(withS(sig, 2n ** 256n - 1n))).toBe(false);
  });

  it("rejects signatures that are not exactly 64 bytes", () => {
    const v = RFC8032[1]!;
    const sig = hex(v.signature);
    expect(isCanonicalSignature(sig.subarray(0, 63))).toBe(false);
    expect(verifyEd25519(hex(v.publicKey), hex(v.message), sig.subarray(0, 63))).toBe(false);
    const longer = new Uint8Array(65);
    longer.set(sig);
    expect(verifyEd25519(hex(v.publicKey), hex(v.message), longer)).toBe(false);
  });
});

// Encodings of the small-order points (orders 1, 2, 4, 8) and of y >= p, per libsodium's blocklist.
const SMALL_ORDER = [
  "0000000000000000000000000000000000000000000000000000000000000000", // y = 0: order 4
  "0100000000000000000000000000000000000000000000000000000000000000", // y = 1: identity
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p - 1: order 2
];
const NON_CANONICAL_Y = [
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1
  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = 2^255 - 1
];

function withSignBit(pk: Uint8Array): Uint8Array {
  const out = pk.slice();
  out[31]! |= 0x80;
  return out;
}

describe("weak Ed25519 public keys", () => {
  for (const k of SMALL_ORDER) {
    it(`rejects small-order key ${k.slice(0, 8)}..., with or without the sign bit`, () => {
      const pk = hex(k);
      // The list is about real small-order points: noble must agree.
      expect(ed25519.Point.fromBytes(pk).isSmallOrder()).toBe(true);
      expect(isWeakPublicKey(pk)).toBe(true);
      expect(isWeakPublicKey(withSignBit(pk))).toBe(true);
    });
  }

  for (const k of NON_CANONICAL_Y) {
    it(`rejects non-canonical y encoding ${k.slice(0, 8)}..., with or without the sign bit`, () => {
      expect(isWeakPublicKey(hex(k))).toBe(true);
      expect(isWeakPublicKey(withSignBit(hex(k)))).toBe(true);
    });
  }

  it("accepts ordinary keys, including one just below the non-canonical range", () => {
    for (const v of RFC8032) expect(isWeakPublicKey(hex(v.publicKey))).toBe(false);
    // y = p - 2: canonical, not on the blocklist.
    expect(isWeakPublicKey(hex("ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))).toBe(false);
  });

  it("treats a key of the wrong length as weak", () => {
    expect(isWeakPublicKey(new Uint8Array(31))).toBe(true);
    expect(isWeakPublicKey(hex(RFC8032[0]!.publicKey + "00"))).toBe(true);
  });

  it("refuses the identity-key forgery that verifies for every message under ZIP-215 rules", () => {
    const identityKey = hex(SMALL_ORDER[1]!);
    // R = identity, S = 0: [S]B = R + [k]A holds for any message when A is the identity.
    const forged = new Uint8Array(64);
    forged.set(identityKey, 0);
    const msg = utf8("pay mallory 1000000");
    expect(ed25519.verify(forged, msg, identityKey, { zip215: true })).toBe(true);
    expect(verifyEd25519(identityKey, msg, forged)).toBe(false);
  });
});

describe("sha256", () => {
  it('hashes "abc" to the FIPS 180-2 value', () => {
    expect(toHex(sha256(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes the empty string to the known value, and parts the same as their concatenation", () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(sha256Many(utf8("a"), utf8(""), utf8("bc")))).toBe(toHex(sha256(utf8("abc"))));
  });

  it("returns a plain 32-byte array that owns its buffer", () => {
    const d = sha256(utf8("abc"));
    expect(d.constructor).toBe(Uint8Array);
    expect(d.length).toBe(32);
    expect(d.buffer.byteLength).toBe(32);
  });
});
