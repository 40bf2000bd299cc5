// The effect of each work op on state (docs/WORKS.md 5). The tx kind (src/chain/tx/kinds/work.ts)
// decodes and checks the body; these functions read and write the works namespace and move the
// payments. A returned error undoes every write of the tx (the executor's journal), so a
// refused sale pays nobody, even after some payees were credited.
import { txError, type TxError } from "../tx/errors.js";
import { StateNs, type ExecContext } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { decodeAnchorRecord, encodeAnchorRecord } from "../tx/kinds/anchor.js";
import { bytesEqual } from "../../util/bytes.js";
import { payWorkShare } from "./payments.js";
import { decodeOffer, decodeWork, encodeLicence, encodeOffer, encodeWork, licenceKey, offerKey, workKey, type AssetRef, type LicenceRecord, type OfferRecord, type Share, type WorkRecord } from "./records.js";
import { WORK_LIMITS, type OfferTerms } from "./rules.js";
import { splitByShares } from "./split.js";

const sameAsset = (a: AssetRef, b: AssetRef): boolean => (a === null || b === null ? a === b : bytesEqual(a, b));

function loadWork(ctx: ExecContext, workId: Uint8Array): WorkRecord | TxError {
  const raw = ctx.get(StateNs.work, workKey(workId));
  const work = raw && decodeWork(raw);
  // [REJECT] the work must be registered
  return work || txError({ code: "WORK_NOT_FOUND" });
}

function loadOwned(ctx: ExecContext, workId: Uint8Array, from: Address): WorkRecord | TxError {
  const work = loadWork(ctx, workId);
  if ("code" in work) return work;
  // [REJECT] only the work's owner manages its offers and transfers it
  return bytesEqual(work.owner, from) ? work : txError({ code: "WORK_NOT_OWNER" });
}

function loadOffer(ctx: ExecContext, workId: Uint8Array, offer: number): OfferRecord | TxError {
  const raw = ctx.get(StateNs.work, offerKey(workId, offer));
  const rec = raw && decodeOffer(raw);
  // [REJECT] the offer must exist on this work
  return rec || txError({ code: "WORK_OFFER_NOT_FOUND", offer });
}

const saveWork = (ctx: ExecContext, workId: Uint8Array, w: WorkRecord): void => ctx.set(StateNs.work, workKey(workId), encodeWork(w));

const newOffer = (o: OfferTerms, height: number): OfferRecord => ({ asset: o.asset, price: o.price, use: o.use, term: o.term, withdrawn: false, height });

/** Pays `amount` from `from` to the payees, split by their shares (split.ts); zero parts move nothing. */
function payPayees(ctx: ExecContext, payees: readonly Share[], asset: AssetRef, from: Address, amount: bigint): TxError | null {
  const parts = splitByShares(amount, payees.map((p) => p.bps));
  for (let i = 0; i < payees.length; i++) {
    const bad = parts[i]! > 0n ? payWorkShare(ctx, asset, from, payees[i]!.address, parts[i]!) : null;
    if (bad) return bad;
  }
  return null;
}

export interface RegisterInput {
  contentHash: Uint8Array;
  metaHash: Uint8Array;
  creators: Share[];
  offers: OfferTerms[];
  /** Anchor the content in this tx with this tag; null: it must be anchored by the sender already. */
  anchorTag: string | null;
}

export function registerWork(ctx: ExecContext, from: Address, b: RegisterInput): TxError | null {
  // [REJECT] a content hash is registered once (the first registration counts, as anchors do)
  if (ctx.get(StateNs.work, workKey(b.contentHash))) return txError({ code: "WORK_EXISTS" });
  const anchorRaw = ctx.get(StateNs.anchor, b.contentHash);
  if (b.anchorTag !== null) {
    // [REJECT] anchoring in the same tx needs a hash nobody anchored yet
    if (anchorRaw) return txError({ code: "ANCHOR_EXISTS", height: decodeAnchorRecord(anchorRaw)?.height ?? 0 });
    ctx.set(StateNs.anchor, b.contentHash, encodeAnchorRecord({ owner: from, height: ctx.height, tag: b.anchorTag, txId: ctx.txId }));
  } else {
    const anchor = anchorRaw && decodeAnchorRecord(anchorRaw);
    // [REJECT] a work stands on an anchor of its content...
    if (!anchor) return txError({ code: "WORK_NOT_ANCHORED" });
    // [REJECT] ...made by the registrant: whoever anchored first is who proves having it first
    if (!bytesEqual(anchor.owner, from)) return txError({ code: "WORK_ANCHORED_BY_OTHER" });
  }
  b.offers.forEach((o, i) => ctx.set(StateNs.work, offerKey(b.contentHash, i), encodeOffer(newOffer(o, ctx.height))));
  saveWork(ctx, b.contentHash, {
    owner: from, metaHash: b.metaHash, creators: b.creators, payees: b.creators,
    height: ctx.height, time: ctx.time, txId: ctx.txId, offerCount: b.offers.length, licenceCount: 0, transfers: 0,
  });
  return null;
}

export function addOffer(ctx: ExecContext, from: Address, workId: Uint8Array, o: OfferTerms): TxError | null {
  const work = loadOwned(ctx, workId, from);
  if ("code" in work) return work;
  // [REJECT] a work has at most 32 offers over its life (its listing stays bounded)
  if (work.offerCount >= WORK_LIMITS.maxOffers) return txError({ code: "WORK_TOO_MANY_OFFERS", max: WORK_LIMITS.maxOffers });
  ctx.set(StateNs.work, offerKey(workId, work.offerCount), encodeOffer(newOffer(o, ctx.height)));
  saveWork(ctx, workId, { ...work, offerCount: work.offerCount + 1 });
  return null;
}

export function withdrawOffer(ctx: ExecContext, from: Address, workId: Uint8Array, offer: number): TxError | null {
  const work = loadOwned(ctx, workId, from);
  if ("code" in work) return work;
  const rec = loadOffer(ctx, workId, offer);
  if ("code" in rec) return rec;
  // [REJECT] an offer is withdrawn once
  if (rec.withdrawn) return txError({ code: "WORK_OFFER_WITHDRAWN", offer });
  ctx.set(StateNs.work, offerKey(workId, offer), encodeOffer({ ...rec, withdrawn: true }));
  return null;
}

export interface LicenseInput {
  workId: Uint8Array;
  offer: number;
  /** What the buyer agrees to pay: must be the offer's asset and price exactly. */
  asset: AssetRef;
  price: bigint;
}

export function licenseWork(ctx: ExecContext, from: Address, b: LicenseInput): TxError | null {
  const work = loadWork(ctx, b.workId);
  if ("code" in work) return work;
  const offer = loadOffer(ctx, b.workId, b.offer);
  if ("code" in offer) return offer;
  // [REJECT] a withdrawn offer sells no more licences (those sold stay valid)
  if (offer.withdrawn) return txError({ code: "WORK_OFFER_WITHDRAWN", offer: b.offer });
  // [REJECT] the buyer pays in the offer's asset...
  if (!sameAsset(offer.asset, b.asset)) return txError({ code: "WORK_ASSET_MISMATCH" });
  // [REJECT] ...exactly the offer's price (never more than the buyer signed for)
  if (offer.price !== b.price) return txError({ code: "WORK_PRICE_MISMATCH", price: offer.price, got: b.price });
  // [REJECT] a work's licence serials are u32
  if (work.licenceCount >= 0xffff_ffff) return txError({ code: "TOO_LARGE", size: work.licenceCount, max: 0xffff_ffff });
  const paid = payPayees(ctx, work.payees, offer.asset, from, offer.price);
  if (paid) return paid;
  const t = offer.term;
  const until = t.clock === "perpetual" ? null : t.clock === "blocks" ? ctx.height + t.length : ctx.time + t.length * 1000;
  const licence: LicenceRecord = {
    holder: from, offer: b.offer, asset: offer.asset, price: offer.price, use: offer.use,
    fromHeight: ctx.height, fromTime: ctx.time, term: t.clock, until, txId: ctx.txId,
  };
  ctx.set(StateNs.work, licenceKey(b.workId, work.licenceCount), encodeLicence(licence));
  saveWork(ctx, b.workId, { ...work, licenceCount: work.licenceCount + 1 });
  return null;
}

export function tipWork(ctx: ExecContext, from: Address, workId: Uint8Array, asset: AssetRef, amount: bigint): TxError | null {
  const work = loadWork(ctx, workId);
  if ("code" in work) return work;
  return payPayees(ctx, work.payees, asset, from, amount);
}

/** Hands the work to `to`, who from now on manages it; `payees` are paid by every later sale and tip. */
export function transferWork(ctx: ExecContext, from: Address, workId: Uint8Array, to: Address, payees: Share[]): TxError | null {
  const work = loadOwned(ctx, workId, from);
  if ("code" in work) return work;
  saveWork(ctx, workId, { ...work, owner: to, payees, transfers: work.transfers + 1 });
  return null;
}
