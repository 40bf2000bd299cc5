// Reading works at a state (docs/WORKS.md, docs/RPC.md "work"): a work with its offers and the
// anchor of its content, and a page of the licences sold. Pure functions over a state getter,
// shared by the node's RPC (recording the reads it proves) and the light node (over entries it
// proved, src/light/state-read.ts), so both read exactly the same keys.
import type { StateGet } from "../names/lookup.js";
import { StateNs } from "../tx/spec.js";
import { decodeAnchorRecord, type AnchorRecord } from "../tx/kinds/anchor.js";
import { decodeLicence, decodeOffer, decodeWork, licenceKey, licenceValid, offerKey, workKey, type LicenceRecord, type OfferRecord, type WorkRecord } from "./records.js";

export interface WorkRead {
  work: WorkRecord;
  offers: Array<{ index: number; offer: OfferRecord }>;
  anchor: AnchorRecord | null;
}

/** The work under `workId` with every offer and its content's anchor; null when none. */
export function readWork(get: StateGet, workId: Uint8Array): WorkRead | null {
  const raw = get(StateNs.work, workKey(workId));
  const work = raw && decodeWork(raw);
  if (!work) return null;
  const offers: WorkRead["offers"] = [];
  for (let i = 0; i < work.offerCount; i++) {
    const o = get(StateNs.work, offerKey(workId, i));
    const offer = o && decodeOffer(o);
    if (offer) offers.push({ index: i, offer });
  }
  const a = get(StateNs.anchor, workId);
  return { work, offers, anchor: (a && decodeAnchorRecord(a)) || null };
}

/** Licences from..from+limit-1 (those sold), each with whether it is in force at (height, time); null when no work. */
export function readLicences(get: StateGet, workId: Uint8Array, from: number, limit: number, at: { height: number; time: number }): { licenceCount: number; licences: Array<{ serial: number; licence: LicenceRecord; valid: boolean }> } | null {
  const raw = get(StateNs.work, workKey(workId));
  const work = raw && decodeWork(raw);
  if (!work) return null;
  const licences: Array<{ serial: number; licence: LicenceRecord; valid: boolean }> = [];
  for (let i = from; i < Math.min(work.licenceCount, from + limit); i++) {
    const l = get(StateNs.work, licenceKey(workId, i));
    const licence = l && decodeLicence(l);
    if (licence) licences.push({ serial: i, licence, valid: licenceValid(licence, at.height, at.time) });
  }
  return { licenceCount: work.licenceCount, licences };
}
