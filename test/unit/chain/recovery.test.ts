// Recovery phrases (src/chain/recovery.ts): the documented vector (docs/ENCRYPTION.md 11.2), and
// the mistakes people make typing a phrase back.
import { describe, expect, it } from "vitest";
import { mnemonicToSeedSync } from "@scure/bip39";
import { identityFromPhrase, newIdentityWithPhrase, newRecoveryPhrase, RecoveryPhraseError } from "../../../src/chain/recovery.js";
import { toHex } from "../../../src/util/bytes.js";

// BIP39's all-zero-entropy 24-word phrase; the seed is BIP39's own (empty passphrase).
const VECTOR = Array(23).fill("abandon").join(" ") + " art";

function reason(text: string): string {
  try {
    identityFromPhrase(text);
    return "derived";
  } catch (e) {
    return (e as RecoveryPhraseError).type.reason;
  }
}

describe("recovery phrase", () => {
  it("derives the documented identity from the documented phrase", () => {
    expect(toHex(mnemonicToSeedSync(VECTOR, ""))).toBe("408b285c123836004f4b8842c89324c1f01382450c0d439af345ba7fc49acf705489c6fc77dbd4e3dc1dd8cc6bc9f043db8ada1e243c4a0eafb290d399480840");
    const id = identityFromPhrase(VECTOR);
    expect(toHex(id.secretKey)).toBe("9822c4469e69d5d30aae879d4134c87e9a12f6ed364d0df0fb522f6597a9f141");
    expect(id.address).toBe("parley1dlhtv7cekazq7a8whupzxaewkqsecq32e4qqemg3hqg8ynpz2cwsp4h7a3");
  });

  it("reads a phrase typed with capitals, extra spaces and line breaks as the same phrase", () => {
    expect(identityFromPhrase(`  ${VECTOR.toUpperCase().replaceAll(" ", "   ").replace("ART", "\nart")}\n`).address).toBe(identityFromPhrase(VECTOR).address);
  });

  it("refuses a wrong word count, an unknown word and a bad checksum, saying which", () => {
    expect(reason(VECTOR.split(" ").slice(0, 12).join(" "))).toBe("expected 24 words, got 12");
    expect(reason(VECTOR.replace("art", "artt"))).toBe('"artt" is not a BIP39 English word');
    expect(reason(VECTOR.replace("art", "zoo"))).toMatch(/checksum/);
  });

  it("makes fresh 24-word phrases that derive the identity they come with", () => {
    expect(newRecoveryPhrase().split(" ")).toHaveLength(24);
    const { identity, phrase } = newIdentityWithPhrase();
    expect(identityFromPhrase(phrase).address).toBe(identity.address);
  });
});
