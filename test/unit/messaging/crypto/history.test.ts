// History bundles (docs/ENCRYPTION.md 4.6): only the new device opens one, and only in the
// context it was sealed for (owner, exporting device, new device).
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { identityFromSecret } from "../../../../src/chain/identity.js";
import { openHistory, sealHistory } from "../../../../src/messaging/crypto/history.js";
import { edSecretToX25519 } from "../../../../src/messaging/crypto/keys.js";
import { utf8 } from "../../../../src/util/bytes.js";

const id = (label: string) => identityFromSecret(sha256(utf8(`history-test/${label}`)));
const owner = id("owner");
const laptop = id("laptop");
const tablet = id("tablet");
const secretsOf = (who: { secretKey: Uint8Array }) => ({ identityX25519Secret: edSecretToX25519(who.secretKey) });

describe("history bundles", () => {
  const ctx = { owner: owner.publicKey, fromDevice: laptop.publicKey, toDevice: tablet.publicKey };
  const sealed = sealHistory(ctx, utf8('{"messages":[]}'));

  it("open for the device they were sealed to, in their context", () => {
    const opened = openHistory(ctx, sealed, secretsOf(tablet));
    expect(opened.ok && new TextDecoder().decode(opened.value)).toBe('{"messages":[]}');
  });

  it("do not open for another device, nor with another owner or exporter named", () => {
    expect(openHistory(ctx, sealed, secretsOf(laptop))).toMatchObject({ ok: false, error: { type: { code: "DECRYPT_FAILED" } } });
    expect(openHistory({ ...ctx, owner: laptop.publicKey }, sealed, secretsOf(tablet))).toMatchObject({ ok: false });
    expect(openHistory({ ...ctx, fromDevice: owner.publicKey }, sealed, secretsOf(tablet))).toMatchObject({ ok: false });
  });
});
