import { describe, expect, it } from "vitest";
import { bytesEqual, fromUtf8, utf8 } from "../../../../src/util/bytes.js";
import { openDirect, sealDirect, type DirectContext } from "../../../../src/messaging/crypto/envelope.js";
import { chooseRecipientKey, newPrekey } from "../../../../src/messaging/crypto/keys.js";
import { prepareKeyring, type RecipientSecrets } from "../../../../src/messaging/crypto/keyring.js";
import { CryptoError } from "../../../../src/messaging/crypto/errors.js";
import { boxSize } from "../../../../src/messaging/crypto/sealed-box.js";
import { CHAIN, flipped, identity, prekey } from "./helpers.js";

const alice = identity("alice");
const bob = identity("bob");
const carol = identity("carol");
const bobPrekey = prekey("bob");
const ctx: DirectContext = { chainId: CHAIN, from: alice.address, to: bob.address, txNonce: 42 };
const bobSecrets: RecipientSecrets = { identityX25519Secret: bob.x25519Secret, prekeys: [bobPrekey.secret] };

function sealToBob(plaintext: Uint8Array, usePrekey = false, over: Partial<DirectContext> = {}) {
  const key = chooseRecipientKey(bob.address, usePrekey ? bobPrekey.public : null);
  return sealDirect({ ...ctx, ...over, ...key, plaintext }).envelope;
}

function openAs(secrets: RecipientSecrets, envelope: Uint8Array, over: Partial<DirectContext> = {}) {
  return openDirect({ ...ctx, ...over, envelope, mySecrets: secrets });
}

function codeOf(r: { ok: true } | { ok: false; error: CryptoError }): string {
  return r.ok ? "ok" : r.error.code;
}

describe("direct messages", () => {
  it("round-trip to the recipient's identity key", () => {
    const env = sealToBob(utf8("hello bob"));
    const r = openAs({ identityX25519Secret: bob.x25519Secret }, env);
    expect(r.ok && fromUtf8(r.value)).toBe("hello bob");
  });

  it("round-trip an empty message and one of the maximum size", () => {
    for (const plain of [new Uint8Array(0), new Uint8Array(65_535).fill(9)]) {
      const r = openAs(bobSecrets, sealToBob(plain));
      expect(r.ok && bytesEqual(r.value, plain)).toBe(true);
    }
  });

  it("cannot be opened by a third key", () => {
    for (const usePrekey of [false, true]) {
      const env = sealToBob(utf8("secret"), usePrekey);
      const r = openAs({ identityX25519Secret: carol.x25519Secret, prekeys: [prekey("carol").secret] }, env);
      expect(codeOf(r)).toBe("DECRYPT_FAILED");
    }
  });

  it("fails to open when any single byte is flipped", () => {
    const keyring = prepareKeyring(bobSecrets);
    for (const usePrekey of [false, true]) {
      const env = sealToBob(new Uint8Array(0), usePrekey);
      expect(env.length).toBe(usePrekey ? 116 : 108);
      for (let i = 0; i < env.length; i++) {
        for (const mask of [0x01, 0x80]) {
          const code = codeOf(openDirect({ ...ctx, envelope: flipped(env, i, mask), mySecrets: keyring }));
          // The version and key-type bytes may change the layout itself (BAD_ENVELOPE); every other byte fails authentication.
          if (i < 2) expect(["BAD_ENVELOPE", "DECRYPT_FAILED"]).toContain(code);
          else expect([i, mask, code]).toEqual([i, mask, "DECRYPT_FAILED"]);
        }
      }
    }
  });

  it("fails to open when replayed into another chain, sender, recipient field or tx nonce", () => {
    const env = sealToBob(utf8("pay you back tomorrow"));
    expect(openAs(bobSecrets, env).ok).toBe(true);
    const replays: Partial<DirectContext>[] = [
      { chainId: CHAIN + "-fork" },
      { from: carol.address },
      { to: carol.address },
      { txNonce: 43 },
      { txNonce: 42n + (1n << 32n) },
    ];
    for (const over of replays) expect(codeOf(openAs(bobSecrets, env, over))).toBe("DECRYPT_FAILED");
  });

  it("accepts a bigint nonce equal to the number it was sealed with", () => {
    expect(openAs(bobSecrets, sealToBob(utf8("x")), { txNonce: 42n }).ok).toBe(true);
  });
});

describe("prekeys", () => {
  it("a message to the published prekey opens with the prekey secret", () => {
    const env = sealToBob(utf8("via prekey"), true);
    expect(env[1]).toBe(1);
    const r = openAs(bobSecrets, env);
    expect(r.ok && fromUtf8(r.value)).toBe("via prekey");
  });

  it("the identity secret alone does not open a prekey message", () => {
    const env = sealToBob(utf8("via prekey"), true);
    expect(codeOf(openAs({ identityX25519Secret: bob.x25519Secret }, env))).toBe("DECRYPT_FAILED");
  });

  it("once the prekey secret is deleted its messages can no longer be read (forward secrecy)", () => {
    const env = sealToBob(utf8("old"), true);
    const rotated = { identityX25519Secret: bob.x25519Secret, prekeys: [newPrekey().secret] };
    expect(codeOf(openAs(rotated, env))).toBe("DECRYPT_FAILED");
  });

  it("without a published prekey a sender falls back to the identity key and the recipient still reads it", () => {
    const env = sealToBob(utf8("no prekey yet"), false);
    expect(env[1]).toBe(0);
    const r = openAs(bobSecrets, env);
    expect(r.ok && fromUtf8(r.value)).toBe("no prekey yet");
  });

  it("several prekeys are kept and each opens its own messages, through a prepared keyring", () => {
    const older = newPrekey();
    const newer = newPrekey();
    const keyring = prepareKeyring({ identityX25519Secret: bob.x25519Secret, prekeys: [older.secret, newer.secret] });
    for (const pk of [older, newer]) {
      const env = sealDirect({ ...ctx, recipientKey: pk.public, recipientKeyKind: "prekey", plaintext: utf8("hi") }).envelope;
      expect(openDirect({ ...ctx, envelope: env, mySecrets: keyring }).ok).toBe(true);
    }
  });
});

describe("a copy for the sender's own devices", () => {
  it("is a second envelope that the sender opens with the tx's own context and the recipient cannot", () => {
    const sealed = sealDirect({
      ...ctx,
      ...chooseRecipientKey(bob.address, bobPrekey.public),
      plaintext: utf8("sent from my phone"),
      sealToSelf: { recipientKey: alice.x25519Public, recipientKeyKind: "identity" },
    });
    expect(sealed.selfEnvelope).not.toBeNull();
    const mine = openAs({ identityX25519Secret: alice.x25519Secret }, sealed.selfEnvelope!);
    expect(mine.ok && fromUtf8(mine.value)).toBe("sent from my phone");
    expect(codeOf(openAs(bobSecrets, sealed.selfEnvelope!))).toBe("DECRYPT_FAILED");
    expect(codeOf(openAs({ identityX25519Secret: alice.x25519Secret }, sealed.envelope))).toBe("DECRYPT_FAILED");
    expect(openAs(bobSecrets, sealed.envelope).ok).toBe(true);
  });

  it("is absent unless asked for", () => {
    expect(sealDirect({ ...ctx, ...chooseRecipientKey(bob.address, null), plaintext: utf8("x") }).selfEnvelope).toBeNull();
  });
});

describe("what an envelope reveals", () => {
  it("messages of 33 to 64 bytes give envelopes of one size", () => {
    const sizes = new Set<number>();
    for (let len = 33; len <= 64; len++) sizes.add(sealToBob(new Uint8Array(len)).length);
    expect([...sizes]).toEqual([boxSize("identity", 2 + 64)]);
  });

  it("the same message sealed twice gives unrelated envelopes (fresh ephemeral key and nonce)", () => {
    const a = sealToBob(utf8("same"));
    const b = sealToBob(utf8("same"));
    expect(bytesEqual(a.subarray(2, 34), b.subarray(2, 34))).toBe(false);
    expect(bytesEqual(a.subarray(34, 58), b.subarray(34, 58))).toBe(false);
  });
});

describe("malformed input", () => {
  it("is BAD_ENVELOPE for unknown versions and key types, and for truncated or oversized envelopes", () => {
    const env = sealToBob(utf8("x"));
    const wrongVersion = env.slice();
    wrongVersion[0] = 2;
    const wrongKind = env.slice();
    wrongKind[1] = 7;
    const oversized = new Uint8Array(boxSize("identity", 2 + 65_536) + 1);
    oversized[0] = 1;
    for (const bad of [new Uint8Array(0), env.subarray(0, 1), env.subarray(0, 60), env.subarray(0, env.length - 1), wrongVersion, wrongKind, oversized]) {
      expect(codeOf(openAs(bobSecrets, bad))).toBe("BAD_ENVELOPE");
    }
  });

  it("sealing to a small-order key throws BAD_KEY and an oversized plaintext throws TOO_LARGE", () => {
    const seal = (recipientKey: Uint8Array, plaintext: Uint8Array) => () =>
      sealDirect({ ...ctx, recipientKey, recipientKeyKind: "prekey", plaintext });
    expect(seal(new Uint8Array(32), utf8("x"))).toThrow(expect.objectContaining({ code: "BAD_KEY" }));
    expect(seal(bobPrekey.public, new Uint8Array(65_536))).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
  });
});
