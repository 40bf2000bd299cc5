// Inbox/sent pages from several peers: each page's own rules, the cross-check that no peer left
// out an entry another peer proved inside the range it claimed to cover, and the merged answer.
// Inclusion proofs show an entry is real; only comparing peers can show one is missing.
import type { ChainPos } from "../chain/storage/keys.js";
import { hasIndexRow } from "../chain/execution/indexer.js";
import { VerifyError } from "./errors.js";
import type { IndexRequest } from "../network/light-protocol.js";
import type { VerifiedTx } from "./verify-proof.js";

/** What a page answers: exactly the request sent to peers. */
export type PageQuery = IndexRequest;

export interface PeerPage {
  peer: string;
  /** Verified entries, in the order the peer sent them. */
  entries: VerifiedTx[];
  hasOlder: boolean;
}

export interface MergedPage {
  entries: VerifiedTx[];
  older: ChainPos | null;
  newer: ChainPos | null;
}

/** The largest index a cursor names: "<head>.999999999" means "after everything up to head". */
export const LAST_INDEX = 999_999_999;

export function comparePos(a: ChainPos, b: ChainPos): number {
  return a.height - b.height || a.index - b.index;
}

/** The entry belongs in this index: a full node lists the tx under the address there (its kind's index rows). */
function belongs(q: PageQuery, e: VerifiedTx): boolean {
  return hasIndexRow(e.stx, e.id, q.index, q.address);
}

/** The rules one page must meet on its own; null when it does. */
export function checkPage(q: PageQuery, entries: readonly VerifiedTx[]): VerifyError | null {
  const bad = (reason: string) => new VerifyError({ code: "BAD_PAGE", reason });
  // [REJECT] at most `limit` entries, all at verified heights
  if (entries.length > q.limit) return bad("more entries than the limit");
  let prev: ChainPos | null = null;
  for (const e of entries) {
    if (e.height > q.maxHeight) return bad("entry above the requested height");
    // [REJECT] strictly ascending positions, inside the cursor bounds
    if (prev && comparePos(prev, e) >= 0) return bad("entries not in ascending order");
    if (q.before && comparePos(e, q.before) >= 0) return bad("entry not before the cursor");
    if (q.after && comparePos(e, q.after) <= 0) return bad("entry not after the cursor");
    // [REJECT] only txs that this index lists
    if (!belongs(q, e)) return bad(`tx at ${e.height}.${e.index} is not in this ${q.index}`);
    prev = e;
  }
  return null;
}

/** Whether `pos` is inside the range a page claims to be complete for. */
function covers(q: PageQuery, page: PeerPage, pos: ChainPos): boolean {
  const full = page.entries.length === q.limit;
  if (q.after) {
    // Oldest-first from the cursor: complete from it up to the last entry (or up to maxHeight).
    if (comparePos(pos, q.after) <= 0) return false;
    const last = page.entries[page.entries.length - 1];
    return !full || !last || comparePos(pos, last) <= 0;
  }
  // Newest-first below the cursor (or the head): complete down to the first entry, or all the
  // way when the page is short or says nothing is older.
  const upper = q.before ?? { height: q.maxHeight + 1, index: 0 };
  if (comparePos(pos, upper) >= 0) return false;
  const first = page.entries[0];
  return !full || !page.hasOlder || !first || comparePos(pos, first) >= 0;
}

/** Peers whose page leaves out an entry that another peer proved inside the page's range. */
export function findOmissions(q: PageQuery, pages: readonly PeerPage[]): Array<{ peer: string; error: VerifyError }> {
  const out: Array<{ peer: string; error: VerifyError }> = [];
  for (const page of pages) {
    const own = new Set(page.entries.map((e) => `${e.height}.${e.index}`));
    for (const other of pages) {
      if (other === page) continue;
      const missing = other.entries.find((e) => !own.has(`${e.height}.${e.index}`) && covers(q, page, e));
      if (missing) {
        out.push({ peer: page.peer, error: new VerifyError({ code: "BAD_PAGE", reason: `left out the proven entry ${missing.height}.${missing.index}` }) });
        break;
      }
    }
  }
  return out;
}

/** The answer from every verified page: their union, cut to the window the query asks for. */
export function mergePages(q: PageQuery, pages: readonly PeerPage[]): MergedPage {
  const byPos = new Map<string, VerifiedTx>();
  for (const p of pages) for (const e of p.entries) byPos.set(`${e.height}.${e.index}`, e);
  const union = [...byPos.values()].sort(comparePos);
  const window = q.after ? union.slice(0, q.limit) : union.slice(Math.max(0, union.length - q.limit));
  const first = window[0];
  const last = window[window.length - 1];
  const olderExists = union.length > 0 && first !== undefined && (comparePos(union[0]!, first) < 0 || pages.some((p) => p.hasOlder));
  const older = first && olderExists ? { height: first.height, index: first.index } : null;
  let newer: ChainPos | null = last ? { height: last.height, index: last.index } : null;
  if (!newer && q.after) newer = q.after;
  if (!newer && !q.before) newer = { height: q.maxHeight, index: LAST_INDEX };
  return { entries: window, older, newer };
}
