// An address IS the 32-byte Ed25519 public key; people see it as bech32m "parley1...".
import { bech32m } from "@scure/base";
import { fromHex } from "../util/bytes.js";

export const ADDRESS_HRP = "parley";

export function formatAddress(pk: Uint8Array): string {
  return bech32m.encode(ADDRESS_HRP, bech32m.toWords(pk));
}

/** Accepts bech32m "parley1..." or 64 hex digits (with or without 0x); null if neither. */
export function parseAddress(text: string): Uint8Array | null {
  const t = text.trim();
  if (t.toLowerCase().startsWith(ADDRESS_HRP + "1")) {
    try {
      const { prefix, words } = bech32m.decode(t as `${string}1${string}`);
      if (prefix !== ADDRESS_HRP) return null;
      const bytes = bech32m.fromWords(words);
      return bytes.length === 32 ? bytes : null;
    } catch {
      return null;
    }
  }
  const raw = fromHex(t);
  return raw !== null && raw.length === 32 ? raw : null;
}
