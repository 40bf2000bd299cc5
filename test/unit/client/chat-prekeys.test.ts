// Prekey secrets: the file format the CLI keeps next to a key, and the keyring built from it.
import { describe, expect, it } from "vitest";
import { newIdentity } from "../../../src/client/keys.js";
import { decodePrekeyFile, encodePrekeyFile, keyringFor, MemoryPrekeyStore, type StoredPrekey } from "../../../src/client/prekeys.js";
import { newPrekey, openDirect, sealDirect } from "../../../src/messaging/crypto/index.js";
import { utf8 } from "../../../src/util/bytes.js";

function stored(): StoredPrekey {
  const p = newPrekey();
  return { public: p.public, secret: p.secret, createdAt: 1_700_000_000_000 };
}

describe("the prekey file", () => {
  const me = newIdentity();

  it("round-trips every prekey in order", () => {
    const keys = [stored(), stored()];
    expect(decodePrekeyFile(encodePrekeyFile(me.address, keys), me.address)).toEqual(keys);
  });

  it("refuses a file of another address, a secret that does not match its public key, and non-JSON", () => {
    const text = encodePrekeyFile(me.address, [stored()]);
    expect(() => decodePrekeyFile(text, newIdentity().address)).toThrow(/belongs to/);
    const [a, b] = [stored(), stored()];
    expect(() => decodePrekeyFile(encodePrekeyFile(me.address, [{ ...a, secret: b.secret }]), me.address)).toThrow(/does not match/);
    expect(() => decodePrekeyFile("{", me.address)).toThrow(/not JSON/);
    expect(() => decodePrekeyFile(JSON.stringify({ kind: "parley-prekeys", address: me.address, prekeys: [{ public: "00", secret: "00" }] }), me.address)).toThrow(/64 hex/);
  });
});

describe("the keyring of an identity", () => {
  it("opens what was sealed to any retained prekey, and nothing once that secret is gone", () => {
    const me = newIdentity();
    const from = newIdentity();
    const [old, cur] = [stored(), stored()];
    const ctx = { chainId: "c", from: from.publicKey, to: me.publicKey, txNonce: 1 };
    const env = sealDirect({ ...ctx, recipientKey: old.public, recipientKeyKind: "prekey", plaintext: utf8("to the old prekey") }).envelope;
    expect(openDirect({ ...ctx, envelope: env, mySecrets: keyringFor(me, [old, cur]) })).toMatchObject({ ok: true });
    expect(openDirect({ ...ctx, envelope: env, mySecrets: keyringFor(me, [cur]) })).toMatchObject({ ok: false, error: { type: { code: "DECRYPT_FAILED" } } });
  });

  it("the memory store keeps each prekey once, oldest first", async () => {
    const s = new MemoryPrekeyStore();
    const [a, b] = [stored(), stored()];
    await s.add(a);
    await s.add(b);
    await s.add(a);
    expect(await s.list()).toEqual([a, b]);
  });
});
