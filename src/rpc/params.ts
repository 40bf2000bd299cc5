// Param validators: small combinators that turn untrusted JSON into typed values (no `any`), and
// the binder that applies a method's ordered [name, validator] list to positional or named params.
// Each validator also carries the JSON Schema of what it accepts, built by the same combinator
// from the same options, so rpc.discover describes exactly what the checks enforce.
import { parseAddress } from "../chain/address.js";
import { fromHex } from "../util/bytes.js";
import { rpcError, type RpcError } from "./errors.js";
import { isJsonObject } from "./json.js";
import { s, type JsonSchema } from "./schema.js";

/** Machine-readable reasons a param is refused; sent as data.reason with data.param. */
export type ParamReason =
  | "MISSING"
  | "WRONG_TYPE"
  | "OUT_OF_RANGE"
  | "BAD_LENGTH"
  | "BAD_FORMAT"
  | "NOT_ALLOWED"
  | "UNKNOWN_FIELD"
  | "UNKNOWN_PARAM"
  | "TOO_MANY_PARAMS"
  // an "@name" given for an address (docs/NAMES.md 6)
  | "NAME_NOT_FOUND"
  | "NAME_EXPIRED";

export type NameResolution = { ok: true; address: Uint8Array } | { ok: false; reason: "NAME_NOT_FOUND" | "NAME_EXPIRED" | "BAD_FORMAT"; detail: string };

/**
 * What the server knows when it binds params: how to turn "@name" into an address, at the head
 * (the one place the RPC edge resolves names; null on a server that holds no state).
 */
export interface ParamEnv {
  resolveName(name: string): NameResolution;
  /**
   * For a server whose names must be fetched first (the light node proves them): resolves these
   * names (as typed, without "@") together and returns the env that answers them. The
   * dispatcher learns which names a call's address params hold by binding once with a
   * placeholder, so a name in any other param (name_resolve's) is never fetched.
   */
  prefetch?(names: readonly string[]): Promise<ParamEnv>;
}

export type Check<T> = { ok: true; value: T } | { ok: false; reason: ParamReason; detail: string; path?: string };

export interface Validator<T> {
  /** True when the param may be absent (then check(undefined) supplies the value). */
  readonly optional: boolean;
  check(value: unknown, env?: ParamEnv | null): Check<T>;
  /** What `check` accepts, for rpc.discover (absent and null are implied by `optional`). */
  readonly schema: JsonSchema;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

/** A method's params in call order; the tuple type is the method's argument list. */
export type ParamList<P extends readonly unknown[]> = {
  readonly [K in keyof P]: readonly [name: string, validator: Validator<P[K]>];
};

function good<T>(value: T): Check<T> {
  return { ok: true, value };
}
function bad<T>(reason: ParamReason, detail: string): Check<T> {
  return { ok: false, reason, detail };
}
function required<T>(schema: JsonSchema, check: (value: unknown, env?: ParamEnv | null) => Check<T>): Validator<T> {
  return { optional: false, check, schema };
}

// Default caps keep one param from costing more than the body limit already allows.
const DEFAULT_MAX_HEX_BYTES = 1 << 20; // 1 MiB of bytes in one param: a block's worth of tx data
const DEFAULT_MAX_STRING = 4096; // names, tags and reasons; bulk data travels as hex
const MAX_DECIMAL_DIGITS = 78; // 2^256 has 78 digits: no amount is longer
const DECIMAL_RE = /^(0|[1-9][0-9]*)$/;

function hex(opts: { len?: number; max?: number } = {}): Validator<Uint8Array> {
  const max = opts.len ?? opts.max ?? DEFAULT_MAX_HEX_BYTES;
  return required(opts.len !== undefined ? s.hex({ len: opts.len }) : s.hex({ max }), (v) => {
    if (typeof v !== "string") return bad("WRONG_TYPE", "expected a hex string");
    const digits = v.startsWith("0x") ? v.length - 2 : v.length;
    if (digits > max * 2) return bad("BAD_LENGTH", `expected at most ${max} bytes`);
    const bytes = fromHex(v);
    if (bytes === null) return bad("BAD_FORMAT", "expected whole bytes of hex");
    if (opts.len !== undefined && bytes.length !== opts.len) return bad("BAD_LENGTH", `expected ${opts.len} bytes`);
    return good(bytes);
  });
}

function uint(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return required(s.uint({ min, max }), (v) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) return bad("WRONG_TYPE", "expected an unsigned integer");
    if (v < min || v > max) return bad("OUT_OF_RANGE", `expected ${min}..${max}`);
    return good(v);
  });
}

/** Amounts travel as decimal strings (JSON numbers lose precision past 2^53); safe integers pass too. */
function bigintString(opts: { max?: bigint } = {}): Validator<bigint> {
  const schema = { anyOf: [s.decimal(), s.uint()], description: opts.max === undefined ? "an unsigned integer (decimal string or safe integer)" : `an unsigned integer up to ${opts.max} (decimal string or safe integer)` };
  return required(schema, (v) => {
    let n: bigint;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
    else if (typeof v === "string" && v.length <= MAX_DECIMAL_DIGITS && DECIMAL_RE.test(v)) n = BigInt(v);
    else return bad("WRONG_TYPE", "expected an unsigned decimal string");
    if (opts.max !== undefined && n > opts.max) return bad("OUT_OF_RANGE", `expected at most ${opts.max}`);
    return good(n);
  });
}

function string(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Validator<string> {
  const max = opts.max ?? DEFAULT_MAX_STRING;
  const schema: JsonSchema = { type: "string", minLength: opts.min ?? 0, maxLength: max };
  if (opts.pattern) schema["pattern"] = opts.pattern.source;
  return required(schema, (v) => {
    if (typeof v !== "string") return bad("WRONG_TYPE", "expected a string");
    if (v.length > max || v.length < (opts.min ?? 0)) return bad("BAD_LENGTH", `expected ${opts.min ?? 0}..${max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) return bad("BAD_FORMAT", `expected ${opts.pattern.source}`);
    return good(v);
  });
}

function bool(): Validator<boolean> {
  return required(s.bool(), (v) => (typeof v === "boolean" ? good(v) : bad("WRONG_TYPE", "expected a boolean")));
}

/** bech32m "parley1...", 64 hex digits, or "@name" (its holder, resolved at the head) -> the 32-byte address. */
function address(): Validator<Uint8Array> {
  return required(s.addressParam(), (v, env) => {
    if (typeof v !== "string") return bad("WRONG_TYPE", "expected an address string");
    if (v.startsWith("@")) {
      if (!env) return bad("BAD_FORMAT", "this server does not resolve @names");
      if (v.length > 129) return bad("BAD_LENGTH", "a name is at most 32 characters");
      const r = env.resolveName(v.slice(1));
      return r.ok ? good(r.address) : bad(r.reason, r.detail);
    }
    const bytes = v.length <= 128 ? parseAddress(v) : null;
    return bytes === null ? bad("BAD_FORMAT", 'expected "parley1..." or 32 bytes of hex') : good(bytes);
  });
}

/** Absent or null -> undefined. */
function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return { optional: true, check: (v, env) => (v === undefined || v === null ? good(undefined) : inner.check(v, env)), schema: inner.schema };
}

/** Absent or null -> `fallback`. */
function withDefault<T>(inner: Validator<T>, fallback: T): Validator<T> {
  return { optional: true, check: (v, env) => (v === undefined || v === null ? good(fallback) : inner.check(v, env)), schema: s.withDefault(inner.schema, fallback) };
}

function oneOf<const T extends readonly (string | number | boolean)[]>(...values: T): Validator<T[number]> {
  return required({ enum: [...values] }, (v) => {
    const hit = values.find((x) => x === v);
    return hit !== undefined ? good(hit) : bad("NOT_ALLOWED", `expected one of ${values.join(", ")}`);
  });
}

/** The first validator that accepts wins. */
function anyOf<const V extends readonly Validator<unknown>[]>(...validators: V): Validator<Infer<V[number]>> {
  return required({ anyOf: validators.map((x) => x.schema) }, (v, env) => {
    for (const validator of validators) {
      const r = validator.check(v, env);
      if (r.ok) return good(r.value as Infer<V[number]>);
    }
    return bad("WRONG_TYPE", "matched none of the accepted forms");
  });
}

function array<T>(inner: Validator<T>, opts: { max: number }): Validator<T[]> {
  return required(s.array(inner.schema, opts.max), (v, env) => {
    if (!Array.isArray(v)) return bad("WRONG_TYPE", "expected an array");
    if (v.length > opts.max) return bad("BAD_LENGTH", `expected at most ${opts.max} items`);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = inner.check(v[i], env);
      if (!r.ok) return { ...r, path: r.path === undefined ? `${i}` : `${i}.${r.path}` };
      out.push(r.value);
    }
    return good(out);
  });
}

type Shape = Readonly<Record<string, Validator<unknown>>>;

/** A JSON object with exactly these fields (unknown fields are refused: they are usually typos). */
function object<const S extends Shape>(shape: S): Validator<{ -readonly [K in keyof S]: Infer<S[K]> }> {
  // An optional field may also be null (absent and null mean the same); a positional param says
  // so with OpenRPC's `required: false` instead (discover.ts).
  const properties = Object.fromEntries(Object.entries(shape).map(([key, validator]) => [key, validator.optional ? s.nullable(validator.schema) : validator.schema]));
  const requiredKeys = Object.entries(shape).filter(([, validator]) => !validator.optional).map(([key]) => key);
  return required(s.object(properties, { required: requiredKeys, closed: true }), (v, env) => {
    if (!isJsonObject(v)) return bad("WRONG_TYPE", "expected an object");
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(shape, key)) return { ok: false, reason: "UNKNOWN_FIELD", detail: "unknown field", path: key };
    }
    const out: Record<string, unknown> = {};
    for (const [key, validator] of Object.entries(shape)) {
      const raw = Object.hasOwn(v, key) ? v[key] : undefined;
      if (raw === undefined && !validator.optional) return { ok: false, reason: "MISSING", detail: "required", path: key };
      const r = validator.check(raw, env);
      if (!r.ok) return { ...r, path: r.path === undefined ? key : `${key}.${r.path}` };
      out[key] = r.value;
    }
    return good(out as { -readonly [K in keyof S]: Infer<S[K]> });
  });
}

export const p = { hex, hash: () => hex({ len: 32 }), uint, bigintString, string, bool, address, optional, withDefault, oneOf, anyOf, array, object };

function paramError(param: string, reason: ParamReason, detail: string): RpcError {
  return rpcError("INVALID_PARAMS", reason, { param, detail });
}

/**
 * Applies a method's param list to the request's params (absent, positional array or named
 * object; the caller has already refused anything else). Throws RpcError INVALID_PARAMS whose
 * data names the param ("tx.amount" for a nested field).
 */
export function bindParams(list: ParamList<readonly unknown[]>, raw: unknown, env: ParamEnv | null = null): unknown[] {
  const named = isJsonObject(raw) ? raw : null;
  const positional = Array.isArray(raw) ? (raw as readonly unknown[]) : [];
  if (positional.length > list.length) return fail(paramError(`${list.length}`, "TOO_MANY_PARAMS", `expected at most ${list.length} params`));
  if (named) {
    for (const key of Object.keys(named)) {
      if (!list.some(([name]) => name === key)) return fail(paramError(key, "UNKNOWN_PARAM", "no such param"));
    }
  }
  const args: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const [name, validator] = list[i]!;
    const value = named ? (Object.hasOwn(named, name) ? named[name] : undefined) : positional[i];
    if (value === undefined && !validator.optional) return fail(paramError(name, "MISSING", "required"));
    const r = validator.check(value, env);
    if (!r.ok) return fail(paramError(r.path === undefined ? name : `${name}.${r.path}`, r.reason, r.detail));
    args.push(r.value);
  }
  return args;
}

// Stands in for every "@name" while the dispatcher learns which names a call needs (prefetch).
const PLACEHOLDER_ADDRESS = new Uint8Array(32);

/**
 * bindParams for a server whose names are fetched (ParamEnv.prefetch): a first bind with a
 * placeholder address collects the "@names" in address params; without any, its args are the
 * answer; else the names are resolved together and the params bound again.
 */
export async function bindParamsFetched(list: ParamList<readonly unknown[]>, raw: unknown, env: ParamEnv | null): Promise<unknown[]> {
  if (!env?.prefetch) return bindParams(list, raw, env);
  const asked: string[] = [];
  const collect: ParamEnv = { resolveName: (name) => (asked.push(name), { ok: true, address: PLACEHOLDER_ADDRESS }) };
  const args = bindParams(list, raw, collect);
  if (asked.length === 0) return args;
  return bindParams(list, raw, await env.prefetch(asked));
}

function fail(error: RpcError): never {
  throw error;
}
