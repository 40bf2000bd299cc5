// JSON shapes shared by every layer that shows chain objects to people: the value types, and the
// conventions for bytes (0x-hex) and amounts (decimal strings: they exceed 2^53). Tx kinds build
// their body JSON with these (src/chain/tx/kinds/), and the RPC edge serves it (src/rpc), so the
// chain never imports the RPC layer. Browser-safe.
import { toHex } from "./bytes.js";

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Bytes as 0x-prefixed lowercase hex. */
export function hexJson(bytes: Uint8Array): string {
  return "0x" + toHex(bytes);
}

/** Optional bytes: 0x-hex, or null when absent. */
export function hexOrNull(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : "0x" + toHex(bytes);
}

/** An amount in base units as a decimal string (JSON numbers lose precision past 2^53). */
export function amountJson(amount: bigint): string {
  return amount.toString();
}
