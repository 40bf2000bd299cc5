import { describe, expect, it } from "vitest";
import { decodeAccount, encodeAccount, inlineIndex, INLINE_HOLDINGS } from "../../../../src/chain/state/account.js";
import { encode } from "../../../../src/chain/codec.js";
import type { InlineHolding } from "../../../../src/chain/tx/spec.js";
import { toHex } from "../../../../src/util/bytes.js";

const asset = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const h = (n: number, balance = 1n, frozen = false): InlineHolding => ({ asset: asset(n), balance, frozen });

describe("account entry", () => {
  it("keeps the three-element bytes for an account without holdings (chains without assets keep their roots)", () => {
    const plain = { balance: 7n, nonce: 3, prekey: null };
    expect(toHex(encodeAccount(plain))).toBe(toHex(encode([7n, 3, null])));
    expect(toHex(encodeAccount({ ...plain, holdings: [] }))).toBe(toHex(encode([7n, 3, null])));
    expect(decodeAccount(encodeAccount(plain))).toEqual(plain);
  });

  it("carries up to INLINE_HOLDINGS holdings as a fourth element, in order, and reads them back", () => {
    const a = { balance: 0n, nonce: 0, prekey: new Uint8Array(32).fill(4), holdings: [h(2, 5n), h(1, 0n, true)] };
    const bytes = encodeAccount(a);
    expect(toHex(bytes)).toBe(toHex(encode([0n, 0, a.prekey, [[asset(2), 5n, false], [asset(1), 0n, true]]])));
    expect(decodeAccount(bytes)).toEqual(a);
    expect([inlineIndex(a, asset(1)), inlineIndex(a, asset(2)), inlineIndex(a, asset(3))]).toEqual([1, 0, -1]);
    const full = { balance: 1n, nonce: 1, prekey: null, holdings: Array.from({ length: INLINE_HOLDINGS }, (_, i) => h(i)) };
    expect(decodeAccount(encodeAccount(full))).toEqual(full);
  });

  it("refuses an empty or overlong list, a repeated asset and a malformed holding", () => {
    const bad = (holdings: unknown) => decodeAccount(encode([1n, 1, null, holdings]));
    expect(bad([])).toBeUndefined();
    expect(bad(Array.from({ length: INLINE_HOLDINGS + 1 }, (_, i) => [asset(i), 1n, false]))).toBeUndefined();
    expect(bad([[asset(1), 1n, false], [asset(1), 2n, false]])).toBeUndefined();
    expect(bad([[asset(1).subarray(1), 1n, false]])).toBeUndefined();
    expect(bad([[asset(1), 1, false]])).toBeUndefined(); // a short uint is no u64 amount
    expect(bad([[asset(1), 1n, 0]])).toBeUndefined();
    expect(bad([[asset(1), 1n]])).toBeUndefined();
    expect(decodeAccount(encode([1n, 1, null, [[asset(1), 1n, false]], 0]))).toBeUndefined();
  });
});
