import { describe, expect, it } from "vitest";
import { parseAllowlistFlag, parseAllowlistText } from "../../../src/network/allowlist.js";
import { NetworkError } from "../../../src/network/errors.js";
import { peerIdFromEd25519PublicKey } from "../../../src/network/identity.js";
import { formatAddress } from "../../../src/chain/address.js";
import { toHex } from "../../../src/util/bytes.js";
import { identity } from "../chain/tx/fixtures.js";

const a = identity("org-a");
const b = identity("org-b");
const c = identity("org-c");
const peerA = peerIdFromEd25519PublicKey(a.publicKey);
const peerB = peerIdFromEd25519PublicKey(b.publicKey);
const peerC = peerIdFromEd25519PublicKey(c.publicKey);

function refusal(fn: () => unknown): { source: string; entry: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    const t = (e as NetworkError).type;
    if (t.code !== "INVALID_ALLOWLIST") throw e;
    return { source: t.source, entry: t.entry };
  }
  throw new Error("expected a refusal");
}

describe("allowlist files", () => {
  it("take the format the docs show: comments with spaces, trailing comments, blank lines", () => {
    const text = [
      "# org1 (Acme Corp)",
      peerA,
      "",
      `${formatAddress(b.publicKey)}   # org2: its validator address, same node`,
      "   ",
      `${toHex(c.publicKey)},${peerA}  # two on a line`,
      "# the end",
    ].join("\n");
    const entries = parseAllowlistText(text, "allowed-peers.txt");
    expect(entries.map((e) => e.peerId)).toEqual([peerA, peerB, peerC, peerA]);
    expect(entries.map((e) => e.source)).toEqual(["allowed-peers.txt:2", "allowed-peers.txt:4", "allowed-peers.txt:6", "allowed-peers.txt:6"]);
  });

  it("map an address to the peer id of the node holding that key", () => {
    expect(parseAllowlistText(formatAddress(a.publicKey), "f")[0]!.peerId).toBe(peerA);
    expect(peerA).toMatch(/^12D3KooW/);
  });

  it("name the file and line of a bad entry", () => {
    expect(refusal(() => parseAllowlistText(`# ok\n${peerA}\norg1 (Acme Corp)\n`, "/etc/parley/allow.txt"))).toEqual({ source: "/etc/parley/allow.txt:3", entry: "org1" });
    expect(refusal(() => parseAllowlistText(`${peerA}\r\n\r\n${formatAddress(a.publicKey).slice(0, -1)}q`, "x.txt")).source).toBe("x.txt:3");
  });

  it("an empty or comment-only file allows nobody beyond the validators", () => {
    expect(parseAllowlistText("# only validators\n\n", "f")).toEqual([]);
  });

  it("flag values take peer ids and addresses, and name the flag for a bad one", () => {
    expect(parseAllowlistFlag(`${peerA}, ${formatAddress(b.publicKey)}`).map((e) => e.peerId)).toEqual([peerA, peerB]);
    expect(refusal(() => parseAllowlistFlag(`${peerA},nope`))).toEqual({ source: "--allow-peers", entry: "nope" });
  });
});
