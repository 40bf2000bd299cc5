// The canonical writer and the integer readers: the exact bytes of docs/PROTOCOL.md section 1,
// agreement with a standard msgpack writer wherever the two rules coincide, and the pool that
// hands out views never overwriting bytes it already handed out.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Unpackr } from "msgpackr";
import { CodecError, encodeCanonical, encodesTo } from "../../../src/chain/canonical-msgpack.js";
import { decodeUnknown, readBigUint, readUint } from "../../../src/chain/codec.js";
import { toHex } from "../../../src/util/bytes.js";
import { anyMsgpack } from "../../fixtures/any-msgpack.js";

const hex = (v: unknown) => toHex(encodeCanonical(v));

describe("canonical msgpack: counters (JS numbers)", () => {
  it("are unsigned integers in their shortest form, uint64 from 2^32 on", () => {
    const cases: Array<[number, string]> = [
      [0, "00"],
      [127, "7f"],
      [128, "cc80"],
      [255, "ccff"],
      [256, "cd0100"],
      [65_535, "cdffff"],
      [65_536, "ce00010000"],
      [2 ** 32 - 1, "ceffffffff"],
      [2 ** 32, "cf0000000100000000"],
      [1_795_305_600_000, "cf000001a2008d7400"],
      [Number.MAX_SAFE_INTEGER, "cf001fffffffffffff"],
    ];
    for (const [n, bytes] of cases) expect(hex(n), String(n)).toBe(bytes);
  });

  it("refuse what is not an unsigned safe integer: negatives, fractions, NaN, infinities, 2^53", () => {
    for (const n of [-1, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 40)]) {
      expect(() => encodeCanonical(n), String(n)).toThrow(CodecError);
    }
  });
});

describe("canonical msgpack: 64-bit amounts (JS bigints)", () => {
  it("are always uint64, 0xcf and 8 bytes, whatever the value", () => {
    expect(hex(0n)).toBe("cf0000000000000000");
    expect(hex(1200n)).toBe("cf00000000000004b0");
    expect(hex(2n ** 63n)).toBe("cf8000000000000000");
    expect(hex(2n ** 64n - 1n)).toBe("cfffffffffffffffff");
  });

  it("refuse values outside u64", () => {
    expect(() => encodeCanonical(-1n)).toThrow(CodecError);
    expect(() => encodeCanonical(2n ** 64n)).toThrow(CodecError);
  });
});

describe("canonical msgpack: lengths", () => {
  it("give bin, str and arrays their shortest header", () => {
    const bin = (n: number) => hex(new Uint8Array(n)).slice(0, 10);
    expect(bin(0)).toBe("c400");
    expect(bin(255).slice(0, 4)).toBe("c4ff");
    expect(bin(256).slice(0, 6)).toBe("c50100");
    expect(bin(65_536).slice(0, 10)).toBe("c600010000");
    const str = (s: string) => hex(s).slice(0, 10);
    expect(str("a".repeat(31)).slice(0, 2)).toBe("bf");
    expect(str("a".repeat(32)).slice(0, 4)).toBe("d920");
    expect(str("a".repeat(256)).slice(0, 6)).toBe("da0100");
    expect(str("a".repeat(65_536))).toBe("db00010000");
    // 11 CJK characters are 33 UTF-8 bytes: the header counts bytes, not characters.
    expect(hex("中".repeat(11)).slice(0, 4)).toBe("d921");
    expect(hex("é")).toBe("a2c3a9");
    const arr = (n: number) => hex(new Array<number>(n).fill(1)).slice(0, 10);
    expect(arr(15).slice(0, 2)).toBe("9f");
    expect(arr(16).slice(0, 6)).toBe("dc0010");
    expect(arr(65_536)).toBe("dd00010000");
  });

  it("write nil and booleans, and refuse maps, objects, undefined and other types", () => {
    expect(hex([null, true, false])).toBe("93c0c3c2");
    for (const v of [new Map(), {}, undefined, Symbol("s"), () => 1, new Date(0), [1, new Set()]]) {
      expect(() => encodeCanonical(v)).toThrow(CodecError);
    }
  });
});

/** Values on which the canonical rule and a standard writer's "smallest form" coincide: no bigints, no number >= 2^32. */
const standardValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    fc.constantFrom(0, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1),
    fc.string({ maxLength: 300, unit: "grapheme" }),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom(null, true, false),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 20 })),
})).node;

/** Byte strings as hex, so a Buffer read back equals the Uint8Array written. */
function comparable(v: unknown): unknown {
  if (v instanceof Uint8Array) return `bin:${toHex(v)}`;
  return Array.isArray(v) ? v.map(comparable) : v;
}

describe("canonical msgpack against a standard writer", () => {
  it("writes the same bytes as msgpackr wherever both rules apply, and msgpackr reads them back", () => {
    const reader = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "bigint" });
    fc.assert(
      fc.property(standardValue, (v) => {
        const ours = encodeCanonical(v);
        expect(toHex(ours)).toBe(toHex(anyMsgpack(v)));
        expect(comparable(reader.unpack(ours))).toEqual(comparable(v));
      }),
      { numRuns: 300 },
    );
  });
});

describe("canonical msgpack: the shared pool", () => {
  it("never changes bytes it handed out, across pool refills, large values and comparisons", () => {
    const kept: Array<[Uint8Array, string]> = [];
    for (let i = 0; i < 2_000; i++) {
      const v = i % 500 === 7 ? new Uint8Array(100_000).fill(i & 0xff) : [i, `value-${i}`, new Uint8Array(i % 300).fill(i & 0xff)];
      const bytes = encodeCanonical(v);
      kept.push([bytes, toHex(bytes)]);
      expect(encodesTo([i + 1, "other"], bytes)).toBe(false);
    }
    for (const [bytes, was] of kept) expect(toHex(bytes)).toBe(was);
  });

  it("compares exactly: a prefix, an extension or one changed byte is not the encoding", () => {
    const v = [1, "two", new Uint8Array([3])];
    const bytes = encodeCanonical(v);
    expect(encodesTo(v, bytes)).toBe(true);
    expect(encodesTo(v, bytes.subarray(0, bytes.length - 1))).toBe(false);
    expect(encodesTo(v, Uint8Array.of(...bytes, 0))).toBe(false);
    const changed = bytes.slice();
    changed[2]! ^= 1;
    expect(encodesTo(v, changed)).toBe(false);
    expect(encodesTo([new Map()], bytes)).toBe(false);
  });
});

describe("integer readers", () => {
  it("read a counter from its short forms and from uint64 only at or above 2^32", () => {
    expect(readUint(decodeUnknown(encodeCanonical(5)))).toBe(5);
    expect(readUint(decodeUnknown(encodeCanonical(2 ** 32)))).toBe(2 ** 32);
    expect(readUint(decodeUnknown(encodeCanonical(Number.MAX_SAFE_INTEGER)))).toBe(Number.MAX_SAFE_INTEGER);
    // uint64 holding a value below 2^32 is not the shortest form.
    expect(readUint(decodeUnknown(Uint8Array.of(0xcf, 0, 0, 0, 0, 0, 0, 0, 5)))).toBeUndefined();
    // Beyond 2^53 - 1 a counter would lose precision as a JS number.
    expect(readUint(decodeUnknown(Uint8Array.of(0xcf, 0, 0x20, 0, 0, 0, 0, 0, 0)))).toBeUndefined();
    expect(readUint(-1)).toBeUndefined();
    expect(readUint(1.5)).toBeUndefined();
  });

  it("read an amount only from a 64-bit form", () => {
    expect(readBigUint(decodeUnknown(encodeCanonical(1200n)))).toBe(1200n);
    expect(readBigUint(decodeUnknown(encodeCanonical(2n ** 64n - 1n)))).toBe(2n ** 64n - 1n);
    expect(readBigUint(decodeUnknown(encodeCanonical(1200)))).toBeUndefined();
    expect(readBigUint(decodeUnknown(anyMsgpack(-5n)))).toBeUndefined();
  });
});
