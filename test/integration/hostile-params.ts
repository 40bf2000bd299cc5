// The hostile params of the hostile-client suite: one case per way a client can hurt a
// validator, each turning a discovered method (its params, by name and position) into the JSON
// text of a params member, from a seeded PRNG. Budgets are per case: what the node may add to
// its RSS while the case runs, and how long a normal client may wait meanwhile.
import type { Rng } from "./hostile-client.js";

export interface DiscoveredMethod {
  name: string;
  params: Array<{ name: string; required: boolean }>;
  tags?: Array<{ name: string }>;
}

export interface HostileCase {
  name: string;
  seed: number;
  /** Calls per method and transport. */
  variants: number;
  /** The JSON text of `params` for one call. */
  params(rng: Rng, method: DiscoveredMethod): string;
  /** No method may accept these: every answer must be an error. */
  allErrors: boolean;
  budget: { rssMb: number; clientMs: number };
}

const KiB = 1024;
const MiB = 1024 * KiB;
// The server refuses nesting deeper than 32 (TOO_DEEP); the request object and the params
// array are two levels, so 29 more still reach the validators.
const DEEPEST_ACCEPTED = 29;

/** Positional params: one hostile value per declared param, sometimes one more than declared. */
function positional(rng: Rng, m: DiscoveredMethod, value: () => string): string {
  const n = m.params.length + (rng.next() < 0.2 ? 1 : 0);
  return `[${Array.from({ length: Math.max(1, n) }, value).join(",")}]`;
}

/** Named params: every declared name gets a hostile value. */
function named(m: DiscoveredMethod, value: () => string): string {
  if (m.params.length === 0) return `{"x":${value()}}`;
  return `{${m.params.map((p) => `${JSON.stringify(p.name)}:${value()}`).join(",")}}`;
}

function either(rng: Rng, m: DiscoveredMethod, value: () => string): string {
  return rng.next() < 0.5 ? positional(rng, m, value) : named(m, value);
}

// Objects, booleans and arrays of the wrong things: every method's first param refuses each
// (an empty array or an array of hex strings is a valid tx_sendBatch, so neither is here).
const WRONG_TYPES = ["{}", "true", "false", '{"x":1}', "[[1]]", "[{}]", '{"0":"0x00"}', "[true]"];

const HUGE_NUMBERS = ["1e308", "-1e308", "9007199254740993", "18446744073709551616", "1" + "0".repeat(400), "-0", "1e-400", "123456789012345678901234567890", "4294967296", "-9223372036854775809"];

const NEGATIVE_OR_FRACTIONAL = ["-1", "-9007199254740991", "0.5", "1.0000001", "-0.0", "2.5e-8", "199.99", "-2147483648", "3.14159"];

function hugeString(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return JSON.stringify("9".repeat(MiB)); // a decimal amount a million digits long
    case 1:
      return JSON.stringify("0x" + "ab".repeat(512 * KiB)); // hex, 512 KiB of bytes
    case 2:
      return JSON.stringify("parley1" + "q".repeat(256 * KiB)); // an address that never ends
    case 3:
      return JSON.stringify("你".repeat(100 * KiB)); // 300 KiB of UTF-8
    case 4:
      return '"' + "\\u0000".repeat(64 * KiB) + '"'; // NULs
    default:
      return '"' + "\\ud800".repeat(64 * KiB) + '"'; // lone surrogates: not valid Unicode
  }
}

function hugeArray(rng: Rng): string {
  switch (rng.int(0, 2)) {
    case 0:
      return "[" + new Array<string>(100_000).fill("0").join(",") + "]";
    case 1:
      return "[" + new Array<string>(10_000).fill(JSON.stringify("0x" + "00".repeat(32))).join(",") + "]";
    default:
      return "[" + new Array<string>(20_000).fill("{}").join(",") + "]";
  }
}

function nested(rng: Rng, depth: number): string {
  let text = rng.pick(["0", '"0x00"', "null", "{}"]);
  for (let i = 0; i < depth; i++) text = rng.next() < 0.5 ? `[${text}]` : `{"a":${text}}`;
  return text;
}

/** Keys that break naive object handling, then many random ones. */
function poisonousObject(rng: Rng): string {
  const keys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "limit", "before", "after"];
  const many = Array.from({ length: rng.int(0, 2000) }, (_, i) => `k${i}${rng.int(0, 1e6)}`);
  return `{${[...keys, ...many].map((k) => `${JSON.stringify(k)}:${rng.pick(['{"limit":5}', "[]", "1", '"x"', "null"])}`).join(",")}}`;
}

export const hostileCases: HostileCase[] = [
  {
    name: "wrong types (objects, arrays, booleans in every param)",
    seed: 101,
    variants: 3,
    params: (rng, m) => either(rng, m, () => rng.pick(WRONG_TYPES)),
    allErrors: true,
    budget: { rssMb: 60, clientMs: 2_000 },
  },
  {
    name: "huge numbers (past 2^53, 2^64, 1e308, 400 digits)",
    seed: 102,
    variants: 3,
    params: (rng, m) => either(rng, m, () => rng.pick(HUGE_NUMBERS)),
    allErrors: false,
    budget: { rssMb: 60, clientMs: 2_000 },
  },
  {
    name: "negative and fractional numbers",
    seed: 103,
    variants: 3,
    params: (rng, m) => either(rng, m, () => rng.pick(NEGATIVE_OR_FRACTIONAL)),
    allErrors: false,
    budget: { rssMb: 60, clientMs: 2_000 },
  },
  {
    name: "huge strings (up to 1 MiB: digits, hex, addresses, CJK, NULs, lone surrogates)",
    seed: 104,
    variants: 1,
    params: (rng, m) => positional(rng, m, () => hugeString(rng)),
    allErrors: false,
    budget: { rssMb: 150, clientMs: 3_000 },
  },
  {
    name: "huge arrays (100,000 items) in every param, and 50,000 params",
    seed: 105,
    variants: 1,
    params: (rng, m) => (rng.next() < 0.25 ? "[" + new Array<string>(50_000).fill("1").join(",") + "]" : positional(rng, m, () => hugeArray(rng))),
    allErrors: false,
    budget: { rssMb: 100, clientMs: 3_000 },
  },
  {
    name: `deep nesting (${DEEPEST_ACCEPTED} levels in every param, and past the 32-level limit)`,
    seed: 106,
    variants: 2,
    params: (rng, m) => either(rng, m, () => nested(rng, rng.next() < 0.7 ? DEEPEST_ACCEPTED : 200)),
    allErrors: false,
    budget: { rssMb: 60, clientMs: 2_000 },
  },
  {
    name: "poisonous keys (__proto__, constructor, 2,000 unknown) as params and in every param",
    seed: 107,
    variants: 2,
    params: (rng, m) => (rng.next() < 0.5 ? poisonousObject(rng) : positional(rng, m, () => poisonousObject(rng))),
    allErrors: false,
    budget: { rssMb: 80, clientMs: 2_000 },
  },
  {
    name: "params that are not an array or an object",
    seed: 108,
    variants: 2,
    params: (rng) => rng.pick(["5", '"str"', "true", "null", "1e308", '""', "-1"]),
    allErrors: true,
    budget: { rssMb: 40, clientMs: 2_000 },
  },
];
