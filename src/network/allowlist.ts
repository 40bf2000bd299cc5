// The consortium allowlist: who may connect. An entry is a peer id (12D3Koo...) or a Parley
// address (parley1... or 64 hex): an address IS an Ed25519 public key, and a node whose key
// (validator key or p2p.key) has that address has exactly the peer id derived from it, so the
// two forms name the same node. Files take one or more entries per line (comma or space
// separated), `#` starts a comment that runs to the end of the line (so `# org1 (Acme Corp)`
// and `<id>  # org2` both work), and blank lines are skipped. A bad entry names its file and line.
import { parseAddress } from "../chain/address.js";
import { NetworkError } from "./errors.js";
import { peerIdFromEd25519PublicKey } from "./identity.js";
import { parsePeerId } from "./reqresp.js";

export interface AllowlistEntry {
  peerId: string;
  /** The entry as written (a peer id or an address). */
  text: string;
  /** Where it came from: "file:line" or "--allow-peers". */
  source: string;
}

function badEntry(source: string, entry: string, reason: string): NetworkError {
  return new NetworkError({ code: "INVALID_ALLOWLIST", source, entry, reason }, `${source}: "${entry}" ${reason}`);
}

/** The peer id an entry names: itself when it is a peer id, derived when it is an address. */
export function peerIdOfEntry(entry: string, source: string): string {
  // Peer ids are base58btc and never start with "parley1"; 64 hex digits are never a peer id.
  const address = parseAddress(entry);
  if (address) return peerIdFromEd25519PublicKey(address);
  try {
    return parsePeerId(entry).toString();
  } catch {
    throw badEntry(source, entry, "is neither a peer id (12D3Koo...) nor an address (parley1... or 64 hex)");
  }
}

/** Parses allowlist file text; `file` names it in errors ("allowed-peers.txt:3"). */
export function parseAllowlistText(text: string, file: string): AllowlistEntry[] {
  const out: AllowlistEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const source = `${file}:${i + 1}`;
    const body = line.replace(/#.*/, "");
    for (const word of body.split(/[\s,]+/)) {
      if (word.length === 0) continue;
      out.push(allowlistEntry(word, source));
    }
  });
  return out;
}

/** One entry as written, with the peer id it names; throws naming `source` when it is neither form. */
export function allowlistEntry(text: string, source: string): AllowlistEntry {
  return { peerId: peerIdOfEntry(text, source), text, source };
}

/** Parses a comma-separated flag value (`--allow-peers id1,parley1...`). */
export function parseAllowlistFlag(value: string, flag = "--allow-peers"): AllowlistEntry[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((text) => allowlistEntry(text, flag));
}
