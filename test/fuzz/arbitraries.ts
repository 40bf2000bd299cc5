// Shared fast-check arbitraries for the fuzz targets: random bytes, structured msgpack values,
// and mutations of valid encodings (flip, cut, extend, insert, delete, splice), which reach
// far deeper into a decoder than random bytes do.
import fc from "fast-check";
import { anyMsgpack } from "../fixtures/any-msgpack.js";
import { concatBytes } from "../../src/util/bytes.js";

/** A msgpack-encodable value of the shapes protocol fields take, nested a little. */
export const msgpackValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: -5, max: 70_000 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.uint8Array({ maxLength: 80 }),
    fc.constantFrom(32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    fc.constantFrom(null, true, false),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 6 })),
})).node;

/** msgpack of an array of `arity` random fields (the outer shape every decoder expects), or null if msgpackr refuses it. */
export function randomTuple(arity: number): fc.Arbitrary<Uint8Array | null> {
  return fc.array(msgpackValue, { minLength: arity, maxLength: arity }).map((fields) => {
    try {
      return anyMsgpack(fields);
    } catch {
      return null;
    }
  });
}

export type Mutation =
  | { op: "flip"; at: number; xor: number }
  | { op: "cut"; at: number }
  | { op: "extend"; tail: Uint8Array }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; len: number }
  | { op: "splice"; at: number; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("extend" as const), tail: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant("splice" as const), at: fc.nat(), other: fc.nat() }),
);

export function applyMutation(bytes: Uint8Array, m: Mutation, corpus: readonly Uint8Array[]): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.op === "extend" ? 0 : (m as { at: number }).at % (bytes.length + 1);
  switch (m.op) {
    case "flip": {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[at % bytes.length]! ^= m.xor;
      return out;
    }
    case "cut":
      return bytes.subarray(0, at);
    case "extend":
      return concatBytes(bytes, m.tail);
    case "insert":
      return concatBytes(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case "delete":
      return concatBytes(bytes.subarray(0, at), bytes.subarray(at + m.len));
    case "splice": {
      const other = corpus[m.other % corpus.length]!;
      return concatBytes(bytes.subarray(0, at), other.subarray(at % (other.length + 1)));
    }
  }
}

/** 1-3 mutations of one member of `corpus`. */
export function mutated(corpus: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([i, ms]) =>
    ms.reduce((b, m) => applyMutation(b, m, corpus), corpus[i]!),
  );
}

/** Random bytes, random tuples of the expected arity, and mutations of valid encodings. */
export function hostileBytes(corpus: readonly Uint8Array[], arity: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    randomTuple(arity).map((b) => b ?? new Uint8Array(0)),
    mutated(corpus),
    mutated(corpus),
  );
}

/** Number of runs per property: FUZZ_RUNS overrides (long local runs), the default keeps npm test fast. */
export function runs(fallback: number): number {
  const v = Number(process.env["FUZZ_RUNS"]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** Fixed seed per property unless FUZZ_SEED is set: npm test is reproducible. */
export function seed(fallback: number): number {
  const v = Number(process.env["FUZZ_SEED"]);
  return Number.isInteger(v) ? v : fallback;
}
