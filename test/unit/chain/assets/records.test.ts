import { describe, expect, it } from "vitest";
import { decodeHolding, encodeHolding, holdingKey, type Holding } from "../../../../src/chain/assets/records.js";
import { decodeUnknown, encode } from "../../../../src/chain/codec.js";
import { CodecError } from "../../../../src/chain/canonical-msgpack.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const U64_MAX = (1n << 64n) - 1n;
const BALANCES = [0n, 1n, 127n, 128n, 255n, 256n, 65_535n, 65_536n, (1n << 32n) - 1n, 1n << 32n, 1n << 53n, (1n << 63n) + 12_345n, U64_MAX];

// The holding codec writes and reads its bytes directly (the hot path of asset payments); the
// state root depends on those bytes, so they must be exactly the generic canonical encoding.
describe("holding records: the direct codec is the canonical one", () => {
  it("encodes every balance and flag to exactly the canonical msgpack bytes", () => {
    for (const balance of BALANCES) {
      for (const frozen of [false, true]) {
        const fast = encodeHolding({ balance, frozen });
        expect(hex(fast)).toBe(hex(encode([balance, frozen])));
        expect(decodeHolding(fast)).toEqual({ balance, frozen });
      }
    }
  });

  it("hands out separate bytes for each holding (an earlier one never changes)", () => {
    const held: Array<[Holding, Uint8Array]> = [];
    // More than one slab's worth, so the slab turnover is crossed too.
    for (let i = 0; i < 1_000; i++) {
      const h = { balance: BigInt(i) * 1_000_003n, frozen: i % 3 === 0 };
      held.push([h, encodeHolding(h)]);
    }
    for (const [h, bytes] of held) expect(decodeHolding(bytes)).toEqual(h);
  });

  it("reads other shapes as the generic reader does, and refuses what is no holding", () => {
    // [balance, frozen] from the generic reader's point of view: same answer either way.
    const generic = (b: Uint8Array) => {
      const f = decodeUnknown(b) as unknown[];
      return { balance: f[0], frozen: f[1] };
    };
    const canonical = encode([42n, true]);
    expect(decodeHolding(canonical)).toEqual(generic(canonical));
    expect(decodeHolding(encode([42, true]))).toBeUndefined(); // a short uint is no u64
    expect(decodeHolding(encode([42n]))).toBeUndefined();
    expect(decodeHolding(encode([42n, 1]))).toBeUndefined();
    expect(decodeHolding(Uint8Array.of(0x92, 0xcf, 0, 0, 0, 0, 0, 0, 0, 1, 0xc0))).toBeUndefined(); // nil flag
    expect(decodeHolding(new Uint8Array(0))).toBeUndefined();
  });

  it("refuses a balance outside u64 as the canonical writer does", () => {
    expect(() => encodeHolding({ balance: 1n << 64n, frozen: false })).toThrow(CodecError);
    expect(() => encodeHolding({ balance: -1n, frozen: false })).toThrow(CodecError);
  });
});

// A holding's state key is 0x02 || assetId || holder (docs/ASSETS.md 2); it is built in place.
describe("holding keys", () => {
  it("are the prefix 0x02, the asset id, then the holder", () => {
    const id = new Uint8Array(32).map((_, i) => i);
    const holder = new Uint8Array(32).map((_, i) => 200 + (i % 50));
    const k = holdingKey(id, holder);
    expect(hex(k)).toBe("02" + hex(id) + hex(holder));
    expect(hex(holdingKey(holder, id))).not.toBe(hex(k));
  });
});
