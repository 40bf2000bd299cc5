// The stateless rules of works (docs/WORKS.md 5): share lists and offer terms, checked at
// admission and again at execution, each refusal with its own code.
import { txError, type TxError } from "../tx/errors.js";
import { bytesEqual } from "../../util/bytes.js";
import type { LicenceTerm, Share } from "./records.js";
import { TOTAL_BPS } from "./split.js";

export const WORK_LIMITS = {
  // Sixteen payees keep a sale's split to sixteen balance writes, and cover a band or a studio.
  maxShares: 16,
  // Offers a register tx may carry, and offers a work may ever have (withdrawn ones count: an
  // offer's index is its key, and the show/verify surfaces list them all).
  maxOffersPerTx: 8,
  maxOffers: 32,
  // "personal", "commercial-print": a label, not a licence text (that belongs in the metadata).
  maxUseLength: 64,
  // A term in blocks is at most 2^32 heights; in seconds at most ~136 years, so its end in ms
  // (block time + length * 1000) stays a safe integer.
  maxTermBlocks: 0xffff_ffff,
  maxTermSeconds: 0xffff_ffff,
} as const;

/** One list of shares: 1-16 distinct addresses, each at least 1 bp, summing to exactly 10,000. */
export function checkShares(list: readonly Share[], what: string): TxError | null {
  // [REJECT] someone must be paid, and at most 16 (bounded split)
  if (list.length === 0 || list.length > WORK_LIMITS.maxShares)
    return txError({ code: "WORK_BAD_SHARES", reason: `${what}: 1 to ${WORK_LIMITS.maxShares} entries, got ${list.length}` });
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    // [REJECT] a share is 1..10,000 basis points (a zero share is no share)
    if (s.bps < 1 || s.bps > TOTAL_BPS) return txError({ code: "WORK_BAD_SHARES", reason: `${what}[${i}]: share must be 1..${TOTAL_BPS} bps, got ${s.bps}` });
    // [REJECT] each address at most once, so a share cannot be counted twice
    for (let j = 0; j < i; j++) if (bytesEqual(list[j]!.address, s.address)) return txError({ code: "WORK_DUPLICATE_CREATOR", index: i });
    sum += s.bps;
  }
  // [REJECT] the shares divide the whole payment, no more and no less
  if (sum !== TOTAL_BPS) return txError({ code: "WORK_BAD_SHARES", reason: `${what}: shares sum to ${sum} bps, not ${TOTAL_BPS}` });
  return null;
}

export interface OfferTerms {
  asset: Uint8Array | null;
  price: bigint;
  use: string;
  term: LicenceTerm;
}

/** One offer's terms; the price may be zero (a free licence still records who uses the work). */
export function checkOfferTerms(o: OfferTerms): TxError | null {
  // [REJECT] a kind of use is a short printable label
  if (o.use.length === 0 || o.use.length > WORK_LIMITS.maxUseLength || !/^[\x21-\x7e][\x20-\x7e]*$/.test(o.use))
    return txError({ code: "WORK_BAD_OFFER", reason: `use must be 1-${WORK_LIMITS.maxUseLength} printable ASCII characters` });
  // [REJECT] a timed licence lasts at least one block or second, and its end fits the clock
  if (o.term.clock === "blocks" && (o.term.length < 1 || o.term.length > WORK_LIMITS.maxTermBlocks))
    return txError({ code: "WORK_BAD_OFFER", reason: `a term in blocks is 1..${WORK_LIMITS.maxTermBlocks}` });
  if (o.term.clock === "seconds" && (o.term.length < 1 || o.term.length > WORK_LIMITS.maxTermSeconds))
    return txError({ code: "WORK_BAD_OFFER", reason: `a term in seconds is 1..${WORK_LIMITS.maxTermSeconds}` });
  return null;
}
