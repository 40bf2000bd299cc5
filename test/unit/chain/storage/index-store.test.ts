import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Database, WriteBatch } from "../../../../src/chain/storage/db.js";
import { IndexStore, formatCursor, parseCursor, type IndexPage } from "../../../../src/chain/storage/index-store.js";
import type { ChainPos } from "../../../../src/chain/storage/keys.js";
import { concatBytes, toHex, u32be, utf8 } from "../../../../src/util/bytes.js";

const ALICE = sha256(utf8("alice"));
const BOB = sha256(utf8("bob"));

function txId(pos: ChainPos, who = ALICE): Uint8Array {
  return sha256(concatBytes(who, u32be(pos.height), u32be(pos.index)));
}

/** Positions (height, index) for heights [from, to], `perBlock` entries each. */
function positions(from: number, to: number, perBlock: number): ChainPos[] {
  const out: ChainPos[] = [];
  for (let h = from; h <= to; h++) for (let i = 0; i < perBlock; i++) out.push({ height: h, index: i * 3 });
  return out;
}

function label(p: ChainPos): string {
  return formatCursor(p);
}

function labels(page: IndexPage): string[] {
  return page.entries.map((e) => label(e.pos));
}

let dir: string;
let db: Database;
let index: IndexStore;

async function add(list: ChainPos[], who = ALICE, name: "inbox" | "sent" = "inbox"): Promise<void> {
  const batch = new WriteBatch();
  for (const p of list) index.put(batch, name, who, p.height, p.index, txId(p, who));
  await db.write(batch);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-index-"));
  db = await Database.open(dir);
  index = new IndexStore(db);
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("index pages", () => {
  it("returns the newest entries, oldest first (newest last), each with its tx id", async () => {
    // Written out of order: the key order, not the write order, decides.
    const all = positions(1, 4, 3);
    await add([...all].reverse());
    const page = await index.page("inbox", ALICE, { limit: 5 });
    expect(labels(page)).toEqual(all.slice(-5).map(label));
    for (const e of page.entries) expect(toHex(e.txId)).toBe(toHex(txId(e.pos)));
    expect(page.older).toEqual(all[all.length - 5]);
    expect(page.newer).toEqual(all[all.length - 1]);
  });

  it("orders by height numerically, not by the decimal text (height 10 after height 9, 256 after 255)", async () => {
    const list = [{ height: 9, index: 0 }, { height: 10, index: 0 }, { height: 255, index: 0 }, { height: 256, index: 0 }, { height: 2 ** 33, index: 1 }];
    await add(list);
    expect(labels(await index.page("inbox", ALICE, { limit: 10 }))).toEqual(list.map(label));
  });

  it("pages back with `before` until the start, without overlap or gap", async () => {
    const all = positions(1, 7, 3); // 21 entries
    await add(all);
    const seen: string[][] = [];
    let page = await index.page("inbox", ALICE, { limit: 4 });
    seen.unshift(labels(page));
    let guard = 0;
    while (page.older && guard++ < 20) {
      page = await index.page("inbox", ALICE, { limit: 4, before: page.older });
      seen.unshift(labels(page));
    }
    expect(page.older).toBeNull();
    expect(seen.flat()).toEqual(all.map(label));
    expect(seen[0]).toHaveLength(21 % 4);
  });

  it("continues with `after` from a page's newer cursor, to the end", async () => {
    const all = positions(1, 5, 2);
    await add(all);
    const first = await index.page("inbox", ALICE, { limit: 3, before: all[3] });
    expect(labels(first)).toEqual(all.slice(0, 3).map(label));
    const collected = [...labels(first)];
    let cursor = first.newer;
    let guard = 0;
    while (cursor && guard++ < 20) {
      const next = await index.page("inbox", ALICE, { limit: 3, after: cursor });
      if (next.entries.length === 0) {
        expect(next.newer).toEqual(cursor); // an empty page keeps the cursor for polling
        break;
      }
      collected.push(...labels(next));
      cursor = next.newer;
    }
    expect(collected).toEqual(all.map(label));
  });

  it("shows entries of later blocks with `after`, and never shifts pages already read", async () => {
    const early = positions(1, 3, 2);
    await add(early);
    const newest = await index.page("inbox", ALICE, { limit: 2 });
    const older = await index.page("inbox", ALICE, { limit: 2, before: newest.older! });
    const olderAgain = labels(older);

    const later = positions(4, 5, 2);
    await add(later);
    // The old cursors give the same pages as before.
    expect(labels(await index.page("inbox", ALICE, { limit: 2, before: newest.older! }))).toEqual(olderAgain);
    expect(labels(await index.page("inbox", ALICE, { limit: 2, before: older.older! }))).toEqual(early.slice(0, 2).map(label));
    // The new entries appear after the newest cursor, in order.
    const fresh = await index.page("inbox", ALICE, { limit: 10, after: newest.newer! });
    expect(labels(fresh)).toEqual(later.map(label));
  });

  it("keeps different keys and different indexes apart", async () => {
    await add(positions(1, 2, 1), ALICE, "inbox");
    await add(positions(3, 3, 1), BOB, "inbox");
    await add(positions(5, 5, 1), ALICE, "sent");
    expect(labels(await index.page("inbox", ALICE, { limit: 10 }))).toEqual(["1.0", "2.0"]);
    expect(labels(await index.page("inbox", BOB, { limit: 10 }))).toEqual(["3.0"]);
    expect(labels(await index.page("sent", ALICE, { limit: 10 }))).toEqual(["5.0"]);
    expect(labels(await index.page("sent", BOB, { limit: 10 }))).toEqual([]);
  });

  it("returns an empty page with no cursors for an account without entries", async () => {
    expect(await index.page("inbox", ALICE, { limit: 10 })).toEqual({ entries: [], older: null, newer: null });
  });

  it("excludes the cursor's own entry from both `before` and `after` pages", async () => {
    const all = positions(1, 1, 3);
    await add(all);
    expect(labels(await index.page("inbox", ALICE, { limit: 10, before: all[1] }))).toEqual([label(all[0]!)]);
    expect(labels(await index.page("inbox", ALICE, { limit: 10, after: all[1] }))).toEqual([label(all[2]!)]);
  });
});

describe("index cursors", () => {
  it("formats as height.index and parses back", () => {
    for (const p of [{ height: 0, index: 0 }, { height: 12, index: 7 }, { height: 2 ** 40, index: 999_999_999 }]) {
      expect(parseCursor(formatCursor(p))).toEqual(p);
    }
    expect(formatCursor({ height: 12, index: 7 })).toBe("12.7");
  });

  it("refuses text that is not exactly two unsigned integers of bounded length", () => {
    for (const text of ["", "12", "12.", ".7", "12.7.1", "-1.0", "1.-1", "a.b", "1e3.0", " 1.0", "1.0 ", "1234567890123456.0", "1.1234567890"]) {
      expect(parseCursor(text), text).toBeNull();
    }
  });
});
