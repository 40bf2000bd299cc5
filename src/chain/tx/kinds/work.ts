// Works and licences (docs/WORKS.md): a creator registers a work on top of an anchor of its
// content (content hash, metadata hash, co-creators with shares, licence offers); buyers take
// licences by paying an offer's price, tips pay the work, and the chain splits every payment
// among the payees exactly (src/chain/works/split.ts). One kind, an op enum in the body.
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, type JsonObject } from "../../../util/json.js";
import { readArray, readBigUint, readBytes, readString, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, noParties, notChat, type IndexRowSink, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { addOffer, licenseWork, registerWork, tipWork, transferWork, withdrawOffer } from "../../works/apply.js";
import { encodeShares, encodeTerm, readAsset, readShares, readTerm, type AssetRef, type LicenceTerm, type Share } from "../../works/records.js";
import { checkOfferTerms, checkShares, WORK_LIMITS, type OfferTerms } from "../../works/rules.js";
import { readOp } from "./action-common.js";

export const WorkOp = { register: 0, offer: 1, withdraw: 2, license: 3, tip: 4, transfer: 5 } as const;

export type WorkBody =
  /** Wire [0, contentHash, metaHash, [[creator, bps], ...], [offer, ...], anchorTag | nil]; the work's id is contentHash. */
  | { op: "register"; contentHash: Uint8Array; metaHash: Uint8Array; creators: Share[]; offers: OfferTerms[]; anchorTag: string | null }
  /** Wire [1, workId, offer]; an offer is [asset | nil, price, use, clock, length]. */
  | { op: "offer"; workId: Uint8Array; offer: OfferTerms }
  /** Wire [2, workId, offer index]. */
  | { op: "withdraw"; workId: Uint8Array; offer: number }
  /** Wire [3, workId, offer index, asset | nil, price]: the buyer states what it pays. */
  | { op: "license"; workId: Uint8Array; offer: number; asset: AssetRef; price: bigint }
  /** Wire [4, workId, asset | nil, amount]. */
  | { op: "tip"; workId: Uint8Array; asset: AssetRef; amount: bigint }
  /** Wire [5, workId, newOwner, [[payee, bps], ...]]. */
  | { op: "transfer"; workId: Uint8Array; to: Address; payees: Share[] };

const encodeOfferTerms = (o: OfferTerms): unknown[] => [o.asset, o.price, o.use, ...encodeTerm(o.term)];

function readOfferTerms(v: unknown): OfferTerms | string {
  const f = readArray(v, 5);
  if (!f) return "an offer is [asset, price, use, clock, length]";
  const asset = readAsset(f[0]);
  const price = readBigUint(f[1]);
  const use = readString(f[2], WORK_LIMITS.maxUseLength);
  const term = readTerm(f[3], f[4]);
  if (asset === undefined) return "offer asset must be nil (native) or 32 bytes";
  if (price === undefined) return "offer price must be a u64";
  if (use === undefined) return `offer use must be a string of at most ${WORK_LIMITS.maxUseLength}`;
  if (!term) return "offer term must be clock 0 (perpetual, length 0), 1 (blocks) or 2 (seconds), then a length";
  return { asset, price, use, term };
}

function decodeWork(f: unknown[]): WorkBody | string {
  const op = readOp(f[0], WorkOp);
  const workId = readBytes(f[1], 32);
  if (op === "register") {
    if (f.length !== 6) return "work register has 6 fields";
    const metaHash = readBytes(f[2], 32);
    const creators = readShares(f[3], WORK_LIMITS.maxShares);
    const list = readArray(f[4]);
    const anchorTag = f[5] === null ? null : readString(f[5], 4096);
    if (!workId || !metaHash) return "content and metadata hashes must be 32 bytes";
    if (!creators) return `creators must be at most ${WORK_LIMITS.maxShares} [address(32), bps] pairs`;
    if (!list || list.length > WORK_LIMITS.maxOffersPerTx) return `offers must be a list of at most ${WORK_LIMITS.maxOffersPerTx}`;
    if (anchorTag === undefined) return "anchorTag must be a string or nil";
    const offers: OfferTerms[] = [];
    for (const o of list) {
      const terms = readOfferTerms(o);
      if (typeof terms === "string") return terms;
      offers.push(terms);
    }
    return { op, contentHash: workId, metaHash, creators, offers, anchorTag };
  }
  if (!workId) return "workId must be 32 bytes";
  if (op === "offer") {
    if (f.length !== 3) return "work offer has 3 fields";
    const offer = readOfferTerms(f[2]);
    return typeof offer === "string" ? offer : { op, workId, offer };
  }
  if (op === "withdraw") {
    if (f.length !== 3) return "work withdraw has 3 fields";
    const offer = readUint(f[2]);
    return offer === undefined ? "offer must be an index" : { op, workId, offer };
  }
  if (op === "license") {
    if (f.length !== 5) return "work license has 5 fields";
    const offer = readUint(f[2]);
    const asset = readAsset(f[3]);
    const price = readBigUint(f[4]);
    if (offer === undefined) return "offer must be an index";
    if (asset === undefined) return "asset must be nil (native) or 32 bytes";
    if (price === undefined) return "price must be a u64";
    return { op, workId, offer, asset, price };
  }
  if (op === "tip") {
    if (f.length !== 4) return "work tip has 4 fields";
    const asset = readAsset(f[2]);
    const amount = readBigUint(f[3]);
    if (asset === undefined) return "asset must be nil (native) or 32 bytes";
    if (amount === undefined) return "amount must be a u64";
    return { op, workId, asset, amount };
  }
  if (op === "transfer") {
    if (f.length !== 4) return "work transfer has 4 fields";
    const to = readBytes(f[2], 32);
    const payees = readShares(f[3], WORK_LIMITS.maxShares);
    if (!to) return "to must be 32 bytes";
    if (!payees) return `payees must be at most ${WORK_LIMITS.maxShares} [address(32), bps] pairs`;
    return { op, workId, to, payees };
  }
  return "op must be 0 (register), 1 (offer), 2 (withdraw), 3 (license), 4 (tip) or 5 (transfer)";
}

export const assetJson = (a: AssetRef): string | null => (a === null ? null : hexJson(a));
export const sharesJson = (list: readonly Share[]): JsonObject[] => list.map((s) => ({ address: formatAddress(s.address), bps: s.bps }));

export function termJson(t: LicenceTerm): JsonObject {
  return t.clock === "perpetual" ? { clock: "perpetual" } : { clock: t.clock, length: t.length };
}

export function offerTermsJson(o: OfferTerms): JsonObject {
  return { asset: assetJson(o.asset), price: amountJson(o.price), use: o.use, term: termJson(o.term) };
}

/** Native token a work tx may take beyond its fee: a sale's price or a tip, when paid in it. */
function nativeSpend(b: WorkBody): bigint {
  if (b.op === "license" && b.asset === null) return b.price;
  if (b.op === "tip" && b.asset === null) return b.amount;
  return 0n;
}

function listShares(list: readonly Share[], out: IndexRowSink): void {
  for (let i = 0; i < list.length; i++) out.row("txByAccount", list[i]!.address);
}

export const workKind: TxKindSpec<"work"> = {
  name: "work",
  label: "work",
  encodeBody(b) {
    if (b.op === "register") return [WorkOp.register, b.contentHash, b.metaHash, encodeShares(b.creators), b.offers.map(encodeOfferTerms), b.anchorTag];
    if (b.op === "offer") return [WorkOp.offer, b.workId, encodeOfferTerms(b.offer)];
    if (b.op === "withdraw") return [WorkOp.withdraw, b.workId, b.offer];
    if (b.op === "license") return [WorkOp.license, b.workId, b.offer, b.asset, b.price];
    if (b.op === "tip") return [WorkOp.tip, b.workId, b.asset, b.amount];
    return [WorkOp.transfer, b.workId, b.to, encodeShares(b.payees)];
  },
  decodeBody: decodeWork,
  checkStateless(tx, params) {
    const b = tx.body;
    if (b.op === "register") {
      // [REJECT] co-creators: distinct, each a positive share, summing to 10,000 bps
      const bad = checkShares(b.creators, "creators");
      if (bad) return bad;
      // [REJECT] every offer's terms (use label, term length)
      for (const o of b.offers) {
        const badOffer = checkOfferTerms(o);
        if (badOffer) return badOffer;
      }
      // [REJECT] an anchor tag made here obeys the anchor's cap
      if (b.anchorTag !== null && b.anchorTag.length > params.maxAnchorTagLength)
        return txError({ code: "TOO_LARGE", size: b.anchorTag.length, max: params.maxAnchorTagLength });
      return null;
    }
    if (b.op === "offer") return checkOfferTerms(b.offer);
    // [REJECT] a tip gives something
    if (b.op === "tip" && b.amount === 0n) return txError({ code: "BAD_AMOUNT", reason: "a tip must be positive" });
    // [REJECT] the new payees follow the creators' rules
    if (b.op === "transfer") return checkShares(b.payees, "payees");
    return null;
  },
  spend: (tx) => nativeSpend(tx.body),
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const b = tx.body;
    if (b.op === "register") return registerWork(ctx, tx.from, b);
    if (b.op === "offer") return addOffer(ctx, tx.from, b.workId, b.offer);
    if (b.op === "withdraw") return withdrawOffer(ctx, tx.from, b.workId, b.offer);
    if (b.op === "license") return licenseWork(ctx, tx.from, b);
    if (b.op === "tip") return tipWork(ctx, tx.from, b.workId, b.asset, b.amount);
    return transferWork(ctx, tx.from, b.workId, b.to, b.payees);
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  // A registration shows in each creator's history, a transfer in the new owner's and payees';
  // sales and tips are found per work in state (work_get), their payees not being in the body.
  indexRows(tx, _id, out) {
    const b = tx.body;
    if (b.op === "register") listShares(b.creators, out);
    if (b.op === "transfer") {
      out.row("txByAccount", b.to);
      listShares(b.payees, out);
    }
  },
  parties: noParties,
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "register")
      return { op: b.op, contentHash: hexJson(b.contentHash), metaHash: hexJson(b.metaHash), creators: sharesJson(b.creators), offers: b.offers.map(offerTermsJson), anchorTag: b.anchorTag };
    if (b.op === "offer") return { op: b.op, workId: hexJson(b.workId), offer: offerTermsJson(b.offer) };
    if (b.op === "withdraw") return { op: b.op, workId: hexJson(b.workId), offer: b.offer };
    if (b.op === "license") return { op: b.op, workId: hexJson(b.workId), offer: b.offer, asset: assetJson(b.asset), price: amountJson(b.price) };
    if (b.op === "tip") return { op: b.op, workId: hexJson(b.workId), asset: assetJson(b.asset), amount: amountJson(b.amount) };
    return { op: b.op, workId: hexJson(b.workId), to: formatAddress(b.to), payees: sharesJson(b.payees) };
  },
  chatEntry: notChat,
};
