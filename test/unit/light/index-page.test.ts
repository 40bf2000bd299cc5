import { describe, expect, it } from "vitest";
import { checkPage, findOmissions, mergePages, LAST_INDEX, type PageQuery, type PeerPage } from "../../../src/light/index-page.js";
import type { VerifiedTx } from "../../../src/light/verify-proof.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { newIdentity } from "../../../src/client/keys.js";
import { sha256 } from "../../../src/crypto/native.js";

const alice = newIdentity();
const bob = newIdentity();

function entry(height: number, index: number, to = bob.publicKey): VerifiedTx {
  const t = buildTx(alice, "transfer", { to, amount: BigInt(height * 100 + index), memo: null }, { chainId: "c", nonce: height * 10 + index, fee: 1000n, expiry: 100 });
  return { id: sha256(t.stx.payload), stx: t.stx, height, index, failed: false };
}

const q = (over: Partial<PageQuery> = {}): PageQuery => ({ index: "inbox", address: bob.publicKey, limit: 3, before: null, after: null, maxHeight: 20, ...over });
const page = (peer: string, entries: VerifiedTx[], hasOlder = false): PeerPage => ({ peer, entries, hasOlder });
const pos = (e: VerifiedTx) => `${e.height}.${e.index}`;

describe("inbox pages from several peers", () => {
  it("a page must be ascending, inside its cursor and height bounds, and list only the address's txs", () => {
    expect(checkPage(q(), [entry(1, 0), entry(2, 0)])).toBeNull();
    expect(checkPage(q(), [entry(2, 0), entry(1, 0)])?.code).toBe("BAD_PAGE");
    expect(checkPage(q(), [entry(21, 0)])?.code).toBe("BAD_PAGE");
    expect(checkPage(q({ before: { height: 2, index: 0 } }), [entry(2, 0)])?.code).toBe("BAD_PAGE");
    expect(checkPage(q({ after: { height: 2, index: 0 } }), [entry(2, 0)])?.code).toBe("BAD_PAGE");
    expect(checkPage(q(), [entry(1, 0, alice.publicKey)])?.code).toBe("BAD_PAGE");
    expect(checkPage(q({ limit: 1 }), [entry(1, 0), entry(2, 0)])?.code).toBe("BAD_PAGE");
  });

  it("a peer that leaves out an entry another peer proved in its range is caught", () => {
    const all = [entry(1, 0), entry(3, 1), entry(5, 0)];
    const honest = page("honest", all);
    const hiding = page("hiding", [all[0]!, all[2]!]);
    expect(findOmissions(q(), [honest, hiding]).map((o) => o.peer)).toEqual(["hiding"]);
  });

  it("a full page that stops earlier than another peer's is not an omission", () => {
    const e = [entry(1, 0), entry(2, 0), entry(3, 0), entry(4, 0)];
    // Newest 3 below the head: both honest, one saw a newer block (4) the other did not index.
    expect(findOmissions(q({ limit: 3 }), [page("a", e.slice(1), true), page("b", e.slice(1), true)])).toEqual([]);
    // After a cursor: a full page covers only up to its last entry.
    expect(findOmissions(q({ after: { height: 0, index: 0 }, limit: 2 }), [page("a", e.slice(0, 2), false), page("b", e.slice(0, 2), false)])).toEqual([]);
  });

  it("a page claiming nothing is older while another proves an older entry is caught", () => {
    const e = [entry(1, 0), entry(2, 0), entry(3, 0), entry(4, 0)];
    const liar = page("liar", e.slice(1), false);
    const other = page("other", [e[0]!], true);
    expect(findOmissions(q(), [liar, other]).map((o) => o.peer)).toContain("liar");
  });

  it("merges into the newest window with cursors like a full node", () => {
    const e = [entry(1, 0), entry(2, 0), entry(3, 0), entry(4, 0)];
    const m = mergePages(q({ limit: 3 }), [page("a", e.slice(1), true)]);
    expect(m.entries.map(pos)).toEqual(["2.0", "3.0", "4.0"]);
    expect(m.older).toEqual({ height: 2, index: 0 });
    expect(m.newer).toEqual({ height: 4, index: 0 });
    const empty = mergePages(q(), [page("a", [])]);
    expect(empty).toEqual({ entries: [], older: null, newer: { height: 20, index: LAST_INDEX } });
    const after = mergePages(q({ after: { height: 9, index: 1 } }), [page("a", [])]);
    expect(after.newer).toEqual({ height: 9, index: 1 });
    expect(mergePages(q({ before: { height: 1, index: 0 } }), [page("a", [])]).newer).toBeNull();
  });
});

describe("channel log pages (light-index kind channelLog)", () => {
  const channel = sha256(Uint8Array.of(7));
  const other = sha256(Uint8Array.of(8));
  function post(height: number, index: number, to = channel): VerifiedTx {
    const t = buildTx(alice, "channelPost", { channel: to, epoch: 0, envelope: Uint8Array.of(1, 2, 3) }, { chainId: "c", nonce: height * 10 + index, fee: 1000n, expiry: 100 });
    return { id: sha256(t.stx.payload), stx: t.stx, height, index, failed: false };
  }
  const cq = (over: Partial<PageQuery> = {}): PageQuery => q({ index: "channelLog", address: channel, ...over });

  it("a channel page lists only this channel's log txs", () => {
    expect(checkPage(cq(), [post(1, 0), post(2, 0)])).toBeNull();
    expect(checkPage(cq(), [post(1, 0, other)])?.code).toBe("BAD_PAGE");
    // A transfer is in no channel's log.
    expect(checkPage(cq(), [entry(1, 0)])?.code).toBe("BAD_PAGE");
  });

  it("a peer that leaves a post out of the range its page covers is caught", () => {
    const all = [post(1, 0), post(2, 0), post(3, 0)];
    expect(findOmissions(cq(), [page("honest", all), page("hiding", [all[0]!, all[2]!])]).map((o) => o.peer)).toEqual(["hiding"]);
  });
});
