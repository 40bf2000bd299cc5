// What a contact QR code holds: `parley:<address>` with an optional display name,
//   parley:parley1qxy…?name=Bob%20Li
// (a URI any reader can show as text). A bare address (parley1… or 64 hex digits) is accepted
// too, so a code made by another tool or an older app still works. Anything else is refused:
// a payment request (`parley:request?…`), a web link, a Wi-Fi code.
import { formatAddress, parseAddress } from "../../chain/address.js";

const SCHEME = "parley:";
// Longer names are cut: the name is the sender's suggestion and the user can rename.
const MAX_NAME = 64;

/** The canonical parley1... form of typed or scanned text, or null if it is not an address. */
export function normalizeAddress(text: string): string | null {
  const bytes = parseAddress(text.trim());
  return bytes ? formatAddress(bytes) : null;
}

export interface ContactCard {
  address: string;
  /** The name the code suggests; "" when it gives none. */
  name: string;
}

export function formatContactUri(c: ContactCard): string {
  const name = c.name.trim();
  // %20 for a space (not URLSearchParams' "+"), so a reader that shows the URI shows the name.
  return SCHEME + c.address + (name ? "?name=" + encodeURIComponent(name) : "");
}

/** The contact a scanned text names, or null when it is not a Parley contact code. */
export function parseContactUri(text: string): ContactCard | null {
  const s = text.trim();
  if (!s.toLowerCase().startsWith(SCHEME)) {
    const bare = normalizeAddress(s);
    return bare ? { address: bare, name: "" } : null;
  }
  const rest = s.slice(SCHEME.length).replace(/^\/\//, "");
  const q = rest.indexOf("?");
  const address = normalizeAddress(q < 0 ? rest : rest.slice(0, q));
  if (!address) return null;
  const name = q < 0 ? "" : (new URLSearchParams(rest.slice(q + 1)).get("name") ?? "").trim().slice(0, MAX_NAME);
  return { address, name };
}
