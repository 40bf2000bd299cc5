// JSON Schema (draft 7, as OpenRPC 1.x uses) for rpc.discover: the few shapes our params and
// results are made of, named once so the validators in params.ts and the result tables of the
// modules describe the same JSON the same way (docs/RPC.md "Conventions").
import type { JsonObject, JsonValue } from "./json.js";

export type JsonSchema = JsonObject;

const HEX_DIGITS = "[0-9a-fA-F]";

/** 0x-hex bytes; `len` fixes the byte count, `max` caps it. */
function hexBytes(opts: { len?: number; max?: number } = {}): JsonSchema {
  if (opts.len !== undefined) return { type: "string", pattern: `^(0x)?${HEX_DIGITS}{${opts.len * 2}}$`, description: `${opts.len} bytes of hex` };
  const out: JsonSchema = { type: "string", pattern: `^(0x)?(${HEX_DIGITS}{2})*$`, description: "bytes as hex" };
  if (opts.max !== undefined) out["maxLength"] = 2 + opts.max * 2;
  return out;
}

// bech32m with the "parley" prefix, or the 32-byte key in hex (parseAddress accepts both).
const ADDRESS: JsonSchema = {
  anyOf: [{ type: "string", pattern: "^parley1[02-9ac-hj-np-z]{58}$" }, { type: "string", pattern: `^(0x)?${HEX_DIGITS}{64}$` }],
  description: 'an address: bech32m "parley1..." or 32 bytes of hex',
};

// An address param: also "@name", which a full node resolves to the name's holder at the head.
const ADDRESS_PARAM: JsonSchema = {
  anyOf: [...(ADDRESS["anyOf"] as JsonSchema[]), { type: "string", pattern: "^@.{1,128}$" }],
  description: 'an address: bech32m "parley1...", 32 bytes of hex, or "@name" (resolved at the head; NAME_NOT_FOUND / NAME_EXPIRED)',
};

const DECIMAL: JsonSchema = { type: "string", pattern: "^(0|[1-9][0-9]*)$", maxLength: 78, description: "an unsigned integer as a decimal string" };

function uint(opts: { min?: number; max?: number } = {}): JsonSchema {
  return { type: "integer", minimum: opts.min ?? 0, maximum: opts.max ?? Number.MAX_SAFE_INTEGER };
}

function object(properties: Readonly<Record<string, JsonSchema>>, opts: { required?: readonly string[]; closed?: boolean; description?: string } = {}): JsonSchema {
  const out: JsonSchema = { type: "object", properties: { ...properties } };
  if (opts.required !== undefined && opts.required.length > 0) out["required"] = [...opts.required];
  if (opts.closed === true) out["additionalProperties"] = false;
  if (opts.description !== undefined) out["description"] = opts.description;
  return out;
}

function array(items: JsonSchema, maxItems?: number): JsonSchema {
  return maxItems === undefined ? { type: "array", items } : { type: "array", items, maxItems };
}

function nullable(inner: JsonSchema): JsonSchema {
  return { anyOf: [inner, { type: "null" }] };
}

function described(inner: JsonSchema, description: string): JsonSchema {
  return { ...inner, description };
}

/** A default is shown only when it is plain JSON (bytes and bigints have no JSON default). */
function withDefault(inner: JsonSchema, value: unknown): JsonSchema {
  const json = plainJson(value);
  return json === undefined ? inner : { ...inner, default: json };
}

function plainJson(value: unknown): JsonValue | undefined {
  if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return value;
  return undefined;
}

export const s = {
  hex: hexBytes,
  hash: (): JsonSchema => hexBytes({ len: 32 }),
  address: (): JsonSchema => ADDRESS,
  addressParam: (): JsonSchema => ADDRESS_PARAM,
  decimal: (): JsonSchema => DECIMAL,
  uint,
  string: (description?: string): JsonSchema => (description === undefined ? { type: "string" } : { type: "string", description }),
  bool: (): JsonSchema => ({ type: "boolean" }),
  object,
  array,
  nullable,
  described,
  withDefault,
  any: (description: string): JsonSchema => ({ description }),
};
