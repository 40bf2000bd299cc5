// Checking a node's work_get / work_licences answer (with proof) against a verified header: every
// value must be under the header's stateRoot, and every key the proven work record implies (its
// offers, the licences asked for, its anchor) must be proven, present or absent, so a node can
// neither alter nor leave out a record. What is shown is decoded from the proven bytes only,
// never taken from the node's JSON. Browser-safe.
import { sha256 } from "@noble/hashes/sha2.js";
import type { BlockHeader } from "../../chain/block/types.js";
import { decodeProof, verifyProof } from "../../chain/state/smt/proof.js";
import { smtKey } from "../../chain/state/state-store.js";
import { StateNs, type StateNsByte } from "../../chain/tx/spec.js";
import { decodeAnchorRecord, type AnchorRecord } from "../../chain/tx/kinds/anchor.js";
import { decodeLicence, decodeOffer, decodeWork, licenceKey, licenceValid, offerKey, workKey, type LicenceRecord, type OfferRecord, type WorkRecord } from "../../chain/works/records.js";
import { fromHex, toHex } from "../../util/bytes.js";
import { ParleyError } from "../../util/errors.js";

export class WorkProofError extends ParleyError<{ code: "BAD_WORK_PROOF"; reason: string }> {}

const bad = (reason: string): WorkProofError => new WorkProofError({ code: "BAD_WORK_PROOF", reason }, `the node's work proof does not check: ${reason}`);

/** The `proof` member of a work_get / work_licences answer. */
export interface WorkProofJson {
  height: number;
  stateRoot: string;
  entries: Array<{ ns: number; key: string; value: string | null; smtProof: string }>;
}

/**
 * Proven values by key, each checked against the header's stateRoot (asset-proofs.ts and
 * name-proofs.ts use it too). `fail` makes the error of the caller's domain.
 */
export class ProvenState {
  private readonly values = new Map<string, Uint8Array | null>();

  constructor(header: BlockHeader, proof: WorkProofJson, private readonly fail: (reason: string) => Error = bad) {
    // [REJECT] the proof is for the verified header it names
    if (header.height !== proof.height) throw fail(`proof at height ${proof.height}, header at ${header.height}`);
    if (toHex(header.stateRoot) !== proof.stateRoot.replace(/^0x/, "")) throw fail(`stateRoot is not the verified header's at height ${header.height}`);
    for (const e of proof.entries) {
      const key = fromHex(e.key);
      const value = e.value === null ? null : fromHex(e.value);
      const smt = decodeProof(fromHex(e.smtProof) ?? new Uint8Array(0));
      if (!key || value === undefined || !smt) throw fail("an entry is not hex");
      // [REJECT] each value (or its absence) leads to the verified stateRoot
      if (!verifyProof(header.stateRoot, smtKey(e.ns as StateNsByte, key), value === null ? null : sha256(value), smt, sha256)) throw fail(`entry ${e.ns}:${e.key} is not under the stateRoot`);
      this.values.set(`${e.ns}:${toHex(key)}`, value);
    }
  }

  /** The proven value (null: proven absent); throws when the node left the key out. */
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | null {
    const v = this.values.get(`${ns}:${toHex(key)}`);
    // [REJECT] every record the answer implies is proven, so nothing can be left out
    if (v === undefined) throw this.fail(`no proof for ${ns}:${toHex(key)}`);
    return v;
  }
}

function decodeOr<T>(raw: Uint8Array | null, decode: (b: Uint8Array) => T | undefined, what: string): T | null {
  if (raw === null) return null;
  const v = decode(raw);
  if (v === undefined) throw bad(`${what} does not decode`);
  return v;
}

export interface ProvenWork {
  workId: Uint8Array;
  /** The verified header the records are proven under. */
  height: number;
  time: number;
  /** null: proven not registered. */
  work: WorkRecord | null;
  offers: OfferRecord[];
  anchor: AnchorRecord | null;
}

/** A work_get answer (with proof) checked against `header`; null work when the proof shows none. */
export function checkWorkProof(header: BlockHeader, workId: Uint8Array, proof: WorkProofJson): ProvenWork {
  const state = new ProvenState(header, proof);
  const work = decodeOr(state.get(StateNs.work, workKey(workId)), decodeWork, "the work record");
  const offers: OfferRecord[] = [];
  for (let i = 0; work && i < work.offerCount; i++) {
    const o = decodeOr(state.get(StateNs.work, offerKey(workId, i)), decodeOffer, `offer ${i}`);
    if (!o) throw bad(`offer ${i} of ${work.offerCount} is proven absent`);
    offers.push(o);
  }
  const anchor = work ? decodeOr(state.get(StateNs.anchor, workId), decodeAnchorRecord, "the anchor") : null;
  return { workId, height: header.height, time: header.time, work, offers, anchor };
}

export interface ProvenLicence {
  serial: number;
  licence: LicenceRecord;
  /** In force at the verified header's height and time. */
  valid: boolean;
}

/** A work_licences answer (with proof) for serials from..from+limit-1, checked against `header`. */
export function checkLicenceProof(header: BlockHeader, workId: Uint8Array, from: number, limit: number, proof: WorkProofJson): { licenceCount: number; licences: ProvenLicence[] } {
  const state = new ProvenState(header, proof);
  const work = decodeOr(state.get(StateNs.work, workKey(workId)), decodeWork, "the work record");
  if (!work) return { licenceCount: 0, licences: [] };
  const licences: ProvenLicence[] = [];
  for (let i = from; i < Math.min(work.licenceCount, from + limit); i++) {
    const l = decodeOr(state.get(StateNs.work, licenceKey(workId, i)), decodeLicence, `licence ${i}`);
    if (!l) throw bad(`licence ${i} of ${work.licenceCount} is proven absent`);
    licences.push({ serial: i, licence: l, valid: licenceValid(l, header.height, header.time) });
  }
  return { licenceCount: work.licenceCount, licences };
}

