// decodeTx faces bytes from any peer: whatever arrives, it returns a result and never throws.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeTx, encodePayload } from "../../../../src/chain/tx/codec.js";
import { anyMsgpack } from "../../../fixtures/any-msgpack.js";
import { concatBytes, toHex } from "../../../../src/util/bytes.js";
import { ALL_KINDS, sampleTx } from "./fixtures.js";

const MAX = 80 * 1024;
const VALID = ALL_KINDS.map((k) => sampleTx(k).bytes);

/** Decodes, failing the property if decodeTx throws; returns the result otherwise. */
function decodeNoThrow(bytes: Uint8Array): ReturnType<typeof decodeTx> {
  const r = decodeTx(bytes, MAX);
  expect(typeof r.ok).toBe("boolean");
  return r;
}

/** A msgpack-encodable value of the shapes a tx field can take, nested a little. */
const field: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: -5, max: 300 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.double(),
    fc.string({ maxLength: 70 }),
    fc.uint8Array({ maxLength: 70 }),
    fc.constantFrom(null, true, false),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 })),
})).node;

describe("decodeTx on hostile input", () => {
  it("never throws on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (bytes) => {
        expect(decodeNoThrow(bytes).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on a random 7-element payload, and accepts only what re-encodes to itself", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.tuple(field, field, field, field, field),
        fc.array(field, { maxLength: 5 }),
        (kind, [chainId, from, nonce, fee, expiry], body) => {
          let payload: Uint8Array;
          try {
            payload = anyMsgpack([kind, chainId, from, nonce, fee, expiry, body]);
          } catch {
            return; // not even msgpackr can encode this value: nothing to decode
          }
          const r = decodeNoThrow(concatBytes(new Uint8Array(64), payload));
          if (r.ok) expect(toHex(encodePayload(r.value.tx))).toBe(toHex(payload));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on a valid tx with one byte changed; a change inside the signature still decodes to the same tx", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VALID.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (which, at, xor) => {
          const original = VALID[which]!;
          const i = at % original.length;
          const mutated = original.slice();
          mutated[i]! ^= xor;
          const r = decodeNoThrow(mutated);
          if (i < 64) {
            if (!r.ok) throw r.error;
            expect(toHex(r.value.payload)).toBe(toHex(original.subarray(64)));
          } else if (r.ok) {
            // A payload change can still be a valid tx, but only a canonical one (and a different one).
            expect(toHex(encodePayload(r.value.tx))).toBe(toHex(mutated.subarray(64)));
            expect(toHex(r.value.payload)).not.toBe(toHex(original.subarray(64)));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("never throws on a valid tx cut short or extended with random bytes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VALID.length - 1 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 16 }),
        (which, cut, tail) => {
          const original = VALID[which]!;
          const prefix = original.subarray(0, cut % (original.length + 1));
          const r = decodeNoThrow(concatBytes(prefix, tail));
          if (r.ok) expect(toHex(encodePayload(r.value.tx))).toBe(toHex(r.value.payload));
        },
      ),
      { numRuns: 500 },
    );
  });
});
