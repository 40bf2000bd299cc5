import { describe, expect, it } from "vitest";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { fromHex, concatBytes, toHex } from "../../../../src/util/bytes.js";
import {
  chooseRecipientKey, edPublicToX25519, newPrekey, prekeyId, prekeySignature, verifyPrekeySignature, x25519Public,
} from "../../../../src/messaging/crypto/keys.js";
import { CryptoError } from "../../../../src/messaging/crypto/errors.js";
import { CHAIN, identity, prekey } from "./helpers.js";

const hex = (h: string) => fromHex(h)!;

describe("X25519 (RFC 7748 section 6.1)", () => {
  const alicePriv = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const bobPriv = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

  it("derives the RFC's public keys and shared secret from both sides", () => {
    const alicePub = x25519Public(alicePriv);
    const bobPub = x25519Public(bobPriv);
    expect(toHex(alicePub)).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(toHex(bobPub)).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    expect(toHex(x25519.getSharedSecret(alicePriv, bobPub))).toBe(shared);
    expect(toHex(x25519.getSharedSecret(bobPriv, alicePub))).toBe(shared);
  });
});

describe("Ed25519 identity as an X25519 key", () => {
  it("the converted secret's public key equals the converted public key", () => {
    for (const name of ["alice", "bob", "carol"]) {
      const id = identity(name);
      expect(toHex(x25519Public(id.x25519Secret))).toBe(toHex(id.x25519Public));
    }
  });

  it("two identities agree on a shared secret through their converted keys", () => {
    const a = identity("alice");
    const b = identity("bob");
    expect(toHex(x25519.getSharedSecret(a.x25519Secret, b.x25519Public))).toBe(toHex(x25519.getSharedSecret(b.x25519Secret, a.x25519Public)));
  });

  it("refuses small-order and malformed Ed25519 keys with BAD_KEY", () => {
    const identityPoint = hex("0100000000000000000000000000000000000000000000000000000000000000");
    for (const bad of [identityPoint, new Uint8Array(31), new Uint8Array(32)]) {
      expect(() => edPublicToX25519(bad)).toThrow(CryptoError);
      try {
        edPublicToX25519(bad);
      } catch (e) {
        expect((e as CryptoError).code).toBe("BAD_KEY");
      }
    }
  });
});

describe("prekey signatures", () => {
  const bob = identity("bob");
  const pk = prekey("bob");
  const sig = prekeySignature(bob.edSecret, pk.public, CHAIN);

  it("verify for the identity, prekey and chain they were made for", () => {
    expect(verifyPrekeySignature(bob.address, pk.public, CHAIN, sig)).toBe(true);
  });

  it("do not verify on another chain, for another prekey or under another identity", () => {
    expect(verifyPrekeySignature(bob.address, pk.public, CHAIN + "-2", sig)).toBe(false);
    expect(verifyPrekeySignature(bob.address, prekey("other").public, CHAIN, sig)).toBe(false);
    expect(verifyPrekeySignature(identity("alice").address, pk.public, CHAIN, sig)).toBe(false);
  });

  it("are not plain signatures over the prekey (the domain label is required)", () => {
    const bare = ed25519.sign(pk.public, bob.edSecret);
    expect(verifyPrekeySignature(bob.address, pk.public, CHAIN, bare)).toBe(false);
  });

  it("reject a malleated signature (S + L)", () => {
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    const sPlusL = s + L;
    const sBytes = new Uint8Array(32);
    for (let i = 0, v = sPlusL; i < 32; i++, v >>= 8n) sBytes[i] = Number(v & 0xffn);
    const malleated = concatBytes(sig.subarray(0, 32), sBytes);
    expect(verifyPrekeySignature(bob.address, pk.public, CHAIN, malleated)).toBe(false);
  });

  it("never throw on garbage", () => {
    expect(verifyPrekeySignature(new Uint8Array(5), pk.public, CHAIN, sig)).toBe(false);
    expect(verifyPrekeySignature(bob.address, new Uint8Array(3), CHAIN, sig)).toBe(false);
    expect(verifyPrekeySignature(bob.address, pk.public, CHAIN, new Uint8Array(10))).toBe(false);
  });
});

describe("choosing the key to encrypt to", () => {
  it("prefers the latest published prekey", () => {
    const pk = newPrekey();
    const chosen = chooseRecipientKey(identity("bob").address, pk.public);
    expect(chosen.recipientKeyKind).toBe("prekey");
    expect(toHex(chosen.recipientKey)).toBe(toHex(pk.public));
  });

  it("falls back to the identity key converted to X25519", () => {
    const bob = identity("bob");
    const chosen = chooseRecipientKey(bob.address, null);
    expect(chosen.recipientKeyKind).toBe("identity");
    expect(toHex(chosen.recipientKey)).toBe(toHex(bob.x25519Public));
  });

  it("names a prekey by its first 8 public-key bytes", () => {
    const pk = prekey("bob");
    expect(toHex(prekeyId(pk.public))).toBe(toHex(pk.public.subarray(0, 8)));
  });
});
