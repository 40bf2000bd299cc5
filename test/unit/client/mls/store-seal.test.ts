// The MLS store's seal (docs/ENCRYPTION.md 12.9): a fixed vector, and that another key or an
// altered byte does not open it.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { identityFromSecret } from "../../../../src/chain/identity.js";
import { openStore, sealStore } from "../../../../src/client/mls/store-seal.js";
import { leafCredential } from "../../../../src/client/mls/leaf.js";
import { fromUtf8, toHex, utf8 } from "../../../../src/util/bytes.js";

const N = (s: string) => sha256(utf8(s));
const owner = identityFromSecret(N("vector/from"));
const device = identityFromSecret(N("vector/device"));

describe("MLS store seal and device credentials (vectors)", () => {
  it("seals the empty store to the documented bytes and opens it again", () => {
    const nonce = N("vector/store-nonce").subarray(0, 24);
    const sealed = sealStore(owner, utf8('{"groups":{},"keyPackages":[]}'), nonce);
    expect(toHex(sealed.nonce)).toBe("4581385e15b426497f0c36477e1c2683189910ec3c474a87");
    expect(toHex(sealed.ciphertext)).toBe("56c456888d90b2faf6a4d71597e239939dea6ce00f6f9af6be3f69963e3026a954c0d1bc1399a6ff1fcfdee4f43a");
    expect(fromUtf8(openStore(owner, sealed.nonce, sealed.ciphertext)!)).toBe('{"groups":{},"keyPackages":[]}');
    expect(openStore(device, sealed.nonce, sealed.ciphertext)).toBeNull();
    const altered = sealed.ciphertext.slice();
    altered[0]! ^= 1;
    expect(openStore(owner, sealed.nonce, altered)).toBeNull();
  });

  it("a device leaf's credential is owner || device; an identity's own leaf is its address", () => {
    const c = leafCredential(device, owner.publicKey);
    expect(c.credentialType === "basic" && toHex(c.identity)).toBe("fe1473e5aac1dda0bff41ae5d66e4db0ae50e19730ff991597f46c1973e52160ea7e3dcb523da4ecc9a20ed8d22fe5f7b449bbea5944a94615b39e1fb6981ec3");
    const own = leafCredential(owner);
    expect(own.credentialType === "basic" && toHex(own.identity)).toBe(toHex(owner.publicKey));
  });
});
