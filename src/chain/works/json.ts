// Work, offer and licence records as JSON (docs/RPC.md "work"): the node's work_* answers and the
// SDK's verified answers use the same shapes, so a verified record reads like an unverified one.
import { formatAddress } from "../address.js";
import { amountJson, hexJson, type JsonObject } from "../../util/json.js";
import { assetJson, sharesJson, termJson } from "../tx/kinds/work.js";
import type { LicenceRecord, OfferRecord, WorkRecord } from "./records.js";

export function workJson(workId: Uint8Array, w: WorkRecord): JsonObject {
  return {
    workId: hexJson(workId), owner: formatAddress(w.owner), metaHash: hexJson(w.metaHash),
    creators: sharesJson(w.creators), payees: sharesJson(w.payees),
    height: w.height, time: w.time, txId: hexJson(w.txId),
    offerCount: w.offerCount, licenceCount: w.licenceCount, transfers: w.transfers,
  };
}

export function offerJson(index: number, o: OfferRecord): JsonObject {
  return { index, asset: assetJson(o.asset), price: amountJson(o.price), use: o.use, term: termJson(o.term), withdrawn: o.withdrawn, height: o.height };
}

/** `valid`: in force at the height and block time given (the head's, on a node). */
export function licenceJson(serial: number, l: LicenceRecord, valid: boolean): JsonObject {
  return {
    serial, holder: formatAddress(l.holder), offer: l.offer, asset: assetJson(l.asset), price: amountJson(l.price), use: l.use,
    fromHeight: l.fromHeight, fromTime: l.fromTime, term: l.term, until: l.until, valid, txId: hexJson(l.txId),
  };
}
