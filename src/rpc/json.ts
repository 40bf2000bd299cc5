// JSON at the RPC edge: the value type results must have, the conversions modules use to build
// them, and the two defensive steps the server takes on every body (nesting check, serialise).
import { toHex } from "../util/bytes.js";
import type { JsonObject, JsonValue } from "../util/json.js";

// The value types live in util/json.ts: tx kinds build their body JSON below the RPC layer.
export type { JsonPrimitive, JsonValue, JsonObject } from "../util/json.js";

/**
 * The convention for results: bigint -> decimal string, bytes -> 0x-hex, undefined object fields
 * dropped, functions/symbols/non-finite numbers -> null. Modules call it on what they return;
 * the server also serialises leftover bigints and bytes defensively (see `stringify`).
 */
export function toJson(value: unknown): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null) return null;
      if (value instanceof Uint8Array) return "0x" + toHex(value);
      if (Array.isArray(value)) return value.map((v: unknown) => toJson(v));
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
      return out;
    }
    default:
      return null;
  }
}

export function bytesToJson(bytes: Uint8Array): string {
  return "0x" + toHex(bytes);
}

/**
 * Serialises a response without ever throwing on a bigint or bytes a module forgot to convert:
 * a crash here would drop every other answer in the batch. Throws only on cycles.
 */
export function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return "0x" + toHex(v);
    return v;
  }) ?? "null"; // undefined (a void result) is not JSON: it becomes null
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the text nests arrays/objects deeper than `max`. One linear pass over the raw text,
 * before JSON.parse, so a 5 MiB "[[[[..." is rejected without building millions of arrays.
 * Brackets inside strings do not count. On invalid JSON the answer may be either; JSON.parse
 * reports the parse error afterwards.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

export function isJsonObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
