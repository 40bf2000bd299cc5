// An account's state entry (docs/PROTOCOL.md 5, namespace 0x01): [balance, nonce, prekey] and,
// once it holds an asset, a fourth element with its first INLINE_HOLDINGS holdings
// [[assetId, balance, frozen], ...] in the order first held. An account without holdings keeps
// the three-element bytes it always had, so chains without assets keep their state roots.
import { decodeUnknown, encode, readArray, readBigUint, readBytes, readUint } from "../codec.js";
import type { Account, InlineHolding } from "../tx/spec.js";
import { bytesEqual } from "../../util/bytes.js";

export const EMPTY_ACCOUNT: Account = Object.freeze({ balance: 0n, nonce: 0, prekey: null });

/**
 * How many holdings live inside the account entry (docs/DECISIONS.md 45). Bounded so that nobody
 * can grow another account's entry, which every tx of that account rewrites and hashes, by
 * sending it assets: the ninth asset an account holds gets its own entry, as every holding did
 * before. An inline holding never leaves (holdings stay at zero), so which holdings are inline is
 * fixed by the order they were first held.
 */
export const INLINE_HOLDINGS = 8;

export function encodeAccount(a: Account): Uint8Array {
  const h = a.holdings;
  if (!h || h.length === 0) return encode([a.balance, a.nonce, a.prekey]);
  return encode([a.balance, a.nonce, a.prekey, h.map((x) => [x.asset, x.balance, x.frozen])]);
}

export function decodeAccount(bytes: Uint8Array): Account | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f || (f.length !== 3 && f.length !== 4)) return undefined;
  const balance = readBigUint(f[0]);
  const nonce = readUint(f[1]);
  const prekey = f[2] === null ? null : readBytes(f[2], 32);
  if (balance === undefined || nonce === undefined || prekey === undefined) return undefined;
  if (f.length === 3) return { balance, nonce, prekey };
  const holdings = readInlineHoldings(f[3]);
  return holdings && { balance, nonce, prekey, holdings };
}

/** The fourth element: 1..INLINE_HOLDINGS distinct [assetId, u64, bool]; anything else is no account. */
function readInlineHoldings(v: unknown): InlineHolding[] | undefined {
  const list = readArray(v);
  // An empty list is written as the three-element form, so a present one holds at least one.
  if (!list || list.length === 0 || list.length > INLINE_HOLDINGS) return undefined;
  const out: InlineHolding[] = [];
  for (const item of list) {
    const e = readArray(item, 3);
    const asset = e && readBytes(e[0], 32);
    const balance = e && readBigUint(e[1]);
    if (!e || !asset || balance === undefined || typeof e[2] !== "boolean") return undefined;
    if (out.some((o) => bytesEqual(o.asset, asset))) return undefined;
    out.push({ asset, balance, frozen: e[2] });
  }
  return out;
}

/**
 * Whether a holding not in the account's inline list may have an entry of its own: only once the
 * list is full, since new holdings go inline while a slot is free and a slot is never given up.
 * The one rule every reader and the ledger follow (chain/assets/ledger.ts, reads.ts).
 */
export function inlineFull(a: Account): boolean {
  return (a.holdings?.length ?? 0) >= INLINE_HOLDINGS;
}

/** Where `asset` sits in the account's inline holdings, or -1. */
export function inlineIndex(a: Account, asset: Uint8Array): number {
  const h = a.holdings;
  if (!h) return -1;
  for (let i = 0; i < h.length; i++) if (bytesEqual(h[i]!.asset, asset)) return i;
  return -1;
}
