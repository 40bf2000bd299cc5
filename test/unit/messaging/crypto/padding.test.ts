import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { calcPaddedLen, pad, paddedSize, unpad } from "../../../../src/messaging/crypto/padding.js";
import { CryptoError } from "../../../../src/messaging/crypto/errors.js";
import { bytesEqual } from "../../../../src/util/bytes.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof CryptoError ? e.code : "not a CryptoError";
  }
  return undefined;
}

describe("padding buckets (NIP-44 calc_padded_len)", () => {
  it("match NIP-44 at the bucket edges", () => {
    const table: [number, number][] = [
      [0, 32], [1, 32], [16, 32], [32, 32], [33, 64], [37, 64], [64, 64], [65, 96], [100, 128], [256, 256], [257, 320],
      [320, 320], [321, 384], [383, 384], [384, 384], [385, 448], [512, 512], [513, 640], [1000, 1024], [1024, 1024],
      [1025, 1280], [65535, 65536],
    ];
    for (const [len, padded] of table) expect([len, calcPaddedLen(len)]).toEqual([len, padded]);
  });

  it("every length in a bucket pads to the same size, so ciphertexts of 33..64 bytes look alike", () => {
    const sizes = new Set<number>();
    for (let len = 33; len <= 64; len++) sizes.add(pad(new Uint8Array(len).fill(7)).length);
    expect([...sizes]).toEqual([66]);
  });
});

describe("pad and unpad", () => {
  it("round-trip every length from 0 to 600 and a sample of larger ones", () => {
    const lengths = [...Array.from({ length: 601 }, (_, i) => i), 1023, 1024, 1025, 4097, 65534, 65535];
    for (const len of lengths) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      const padded = pad(data);
      expect(padded.length).toBe(paddedSize(len));
      const back = unpad(padded);
      expect(back.ok && bytesEqual(back.value, data)).toBe(true);
    }
  });

  it("round-trip arbitrary data (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
        const back = unpad(pad(data));
        return back.ok && bytesEqual(back.value, data);
      }),
      { numRuns: 200 },
    );
  });

  it("write the length as u16 big-endian followed by zeros", () => {
    const padded = pad(Uint8Array.of(0xaa, 0xbb, 0xcc));
    expect(Array.from(padded.subarray(0, 5))).toEqual([0, 3, 0xaa, 0xbb, 0xcc]);
    expect(padded.subarray(5).every((b) => b === 0)).toBe(true);
    expect(padded.length).toBe(34);
  });

  it("refuse a plaintext over the maximum with TOO_LARGE naming the maximum", () => {
    expect(codeOf(() => pad(new Uint8Array(65_536)))).toBe("TOO_LARGE");
    try {
      pad(new Uint8Array(11), { maxLength: 10 });
      expect.unreachable();
    } catch (e) {
      expect((e as CryptoError).type).toEqual({ code: "TOO_LARGE", max: 10 });
    }
  });

  it("use a u32 length prefix when the maximum is above 65,535", () => {
    const opts = { maxLength: 200_000 };
    const data = new Uint8Array(70_000).fill(1);
    const padded = pad(data, opts);
    expect(Array.from(padded.subarray(0, 4))).toEqual([0, 1, 0x11, 0x70]);
    expect(padded.length).toBe(4 + calcPaddedLen(70_000));
    const back = unpad(padded, opts);
    expect(back.ok && back.value.length).toBe(70_000);
  });

  it("unpad rejects a bad length, a wrong total size and non-zero padding with BAD_PADDING", () => {
    const good = pad(Uint8Array.of(1, 2, 3));
    const lengthTooBig = good.slice();
    lengthTooBig[1] = 40; // claims 40 bytes: the bucket would be 64, not 32
    const nonZero = good.slice();
    nonZero[good.length - 1] = 1;
    const truncated = good.subarray(0, good.length - 1);
    const extended = new Uint8Array(good.length + 32);
    extended.set(good);
    const overMax = pad(new Uint8Array(20), { maxLength: 100 });
    for (const bad of [lengthTooBig, nonZero, truncated, extended, new Uint8Array(0), new Uint8Array(33)]) {
      const r = unpad(bad);
      expect(r.ok ? "ok" : r.error.code).toBe("BAD_PADDING");
    }
    const r = unpad(overMax, { maxLength: 10 });
    expect(r.ok ? "ok" : r.error.code).toBe("BAD_PADDING");
  });
});
