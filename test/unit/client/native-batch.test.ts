// The native batch (WebCrypto X25519 and Ed25519) must change speed only: every envelope opens
// to the same text or fails the same way, every signature gets the same verdict as with @noble.
import { describe, expect, it } from "vitest";
import { x25519 } from "@noble/curves/ed25519.js";
import { newIdentity } from "../../../src/client/keys.js";
import { keyringFor } from "../../../src/client/prekeys.js";
import { verifyTxSignatures, withSharedSecrets } from "../../../src/client/native-batch.js";
import { verifyTxSignature } from "../../../src/client/chat-entries.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { chooseRecipientKey, newPrekey, openDirect, sealDirect } from "../../../src/messaging/crypto/index.js";
import { fromUtf8, utf8 } from "../../../src/util/bytes.js";

const CHAIN = "parley-test";

describe("native batch crypto", () => {
  it("opens the same envelopes to the same texts, for identity and prekey recipients; refuses the same ones", async () => {
    const me = newIdentity();
    const pre = newPrekey();
    const from = newIdentity();
    const keyring = keyringFor(me, [{ public: pre.public, secret: pre.secret, createdAt: 0 }]);
    const cases = Array.from({ length: 12 }, (_, i) => {
      const key = i % 2 === 0 ? chooseRecipientKey(me.publicKey, null) : chooseRecipientKey(me.publicKey, pre.public);
      return { nonce: i, envelope: sealDirect({ chainId: CHAIN, from: from.publicKey, to: me.publicKey, txNonce: i, ...key, plaintext: utf8(`text ${i}`) }).envelope };
    });
    const tampered = Uint8Array.from(cases[0]!.envelope);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    // An envelope whose ephemeral key is the small-order point 0: no agreement exists.
    const smallOrder = Uint8Array.from(cases[0]!.envelope);
    smallOrder.fill(0, 2, 34);
    const all = [...cases, { nonce: 0, envelope: tampered }, { nonce: 0, envelope: smallOrder }];
    const fast = await withSharedSecrets(keyring, all.map((c) => c.envelope));
    expect(fast.shared!.size).toBeGreaterThanOrEqual(12);
    for (const c of all) {
      const input = { chainId: CHAIN, from: from.publicKey, to: me.publicKey, txNonce: c.nonce, envelope: c.envelope };
      const a = openDirect({ ...input, mySecrets: keyring });
      const b = openDirect({ ...input, mySecrets: fast });
      expect(b.ok).toBe(a.ok);
      if (a.ok && b.ok) expect(fromUtf8(b.value)).toBe(fromUtf8(a.value));
      else if (!a.ok && !b.ok) expect(b.error.code).toBe(a.error.code);
    }
    // The cached secrets are what noble computes.
    const eph = cases[0]!.envelope.subarray(2, 34);
    expect([...fast.shared!.values()].some((s) => Buffer.compare(Buffer.from(s), Buffer.from(x25519.getSharedSecret(keyring.identity.secret, eph))) === 0)).toBe(true);
  });

  it("gives every signature the verdict of the strict noble check", async () => {
    const id = newIdentity();
    const fields = { chainId: CHAIN, nonce: 1, fee: 2_000n, expiry: 100 };
    const good = buildTx(id, "transfer", { to: newIdentity().publicKey, amount: 5n, memo: null }, fields).stx;
    const badSig = { ...good, sig: Uint8Array.from(good.sig, (b, i) => (i === 3 ? b ^ 1 : b)) };
    const otherPayload = buildTx(id, "transfer", { to: newIdentity().publicKey, amount: 6n, memo: null }, fields).stx;
    const swapped = { ...otherPayload, sig: good.sig };
    const highS = { ...good, sig: Uint8Array.from([...good.sig.subarray(0, 32), ...new Uint8Array(32).fill(0xff)]) };
    const list = [good, badSig, swapped, highS];
    expect(await verifyTxSignatures(list)).toEqual(list.map(verifyTxSignature));
    expect(list.map(verifyTxSignature)).toEqual([true, false, false, false]);
  });
});
