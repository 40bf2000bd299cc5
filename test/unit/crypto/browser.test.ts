// The browser build swaps crypto/native.ts for crypto/browser.ts: the light client's rules are
// only the same in both places if the two give the same answers, edge cases included.
import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import * as native from "../../../src/crypto/native.js";
import * as browser from "../../../src/crypto/browser.js";

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function leBytes(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

describe("browser crypto matches native crypto", () => {
  it("hashes alike, one part or many", () => {
    for (const len of [0, 1, 55, 64, 1000]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 7) & 0xff);
      expect(browser.sha256(data)).toEqual(native.sha256(data));
      expect(browser.sha256Many(data, data.subarray(1), new Uint8Array(3))).toEqual(native.sha256Many(data, data.subarray(1), new Uint8Array(3)));
    }
  });

  it("streams SHA-256 and seals ChaCha20-Poly1305 alike, and both refuse a flipped bit", () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) & 0xff);
    const [hb, hn] = [browser.sha256Stream(), native.sha256Stream()];
    for (const h of [hb, hn]) {
      h.update(data.subarray(0, 1234));
      h.update(data.subarray(1234));
    }
    expect(hb.digest()).toEqual(native.sha256(data));
    expect(hn.digest()).toEqual(native.sha256(data));
    const key = new Uint8Array(32).fill(3);
    const nonce = new Uint8Array(12).fill(1);
    const ad = new Uint8Array([9, 9]);
    const sealed = native.chacha20Poly1305(key, nonce, ad).encrypt(data);
    expect(browser.chacha20Poly1305(key, nonce, ad).encrypt(data)).toEqual(sealed);
    expect(browser.chacha20Poly1305(key, nonce, ad).decrypt(sealed)).toEqual(data);
    expect(native.chacha20Poly1305(key, nonce, ad).decrypt(sealed)).toEqual(data);
    const bad = Uint8Array.from(sealed);
    bad[10]! ^= 1;
    expect(native.chacha20Poly1305(key, nonce, ad).decrypt(bad)).toBeNull();
    expect(browser.chacha20Poly1305(key, nonce, ad).decrypt(bad)).toBeNull();
  });

  it("accepts and refuses the same signatures: valid, tampered, malleated (S + L), small-order key", () => {
    const seed = new Uint8Array(32).fill(7);
    const pk = ed25519.getPublicKey(seed);
    const msg = new TextEncoder().encode("parley/tx/v1 test");
    const sig = browser.nativeSigner(seed)(msg);
    expect(sig).toEqual(native.nativeSigner(seed)(msg));
    const tampered = Uint8Array.from(sig);
    tampered[5] = tampered[5]! ^ 1;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    const malleated = Uint8Array.from([...sig.subarray(0, 32), ...leBytes(s + L, 32)]);
    const smallOrder = new Uint8Array(32); // the identity point's encoding is y = 1
    smallOrder[0] = 1;
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array, boolean]> = [
      [pk, msg, sig, true],
      [pk, msg, tampered, false],
      [pk, new Uint8Array(3), sig, false],
      [pk, msg, malleated, false],
      [smallOrder, msg, sig, false],
      [pk, msg, new Uint8Array(10), false],
    ];
    for (const [k, m, sg, want] of cases) {
      expect(native.verifyEd25519(k, m, sg)).toBe(want);
      expect(browser.verifyEd25519(k, m, sg)).toBe(want);
    }
  });
});
