// Checking a node's name_resolve / name_reverse / name_get answer (with proof) against a verified
// header: each value must lead to the header's stateRoot, and the records the answer rests on
// (the name's record; for a reverse lookup the primary record and the forward record it names)
// must be proven, present or absent. What is shown is decoded from the proven bytes, never taken
// from the node's JSON. Browser-safe.
import type { BlockHeader } from "../../chain/block/types.js";
import { StateNs } from "../../chain/tx/spec.js";
import type { Address } from "../../chain/tx/types.js";
import { decodeNameRecord, decodePrimary, nameKey, primaryKey, type NameRecord } from "../../chain/names/records.js";
import { bytesEqual } from "../../util/bytes.js";
import { ParleyError } from "../../util/errors.js";
import { ProvenState } from "./work-proofs.js";

export class NameProofError extends ParleyError<{ code: "BAD_NAME_PROOF"; reason: string }> {}

const bad = (reason: string): NameProofError => new NameProofError({ code: "BAD_NAME_PROOF", reason }, `the node's name proof does not check: ${reason}`);

/** The `proof` member of a name_* answer. */
export interface NameProofJson {
  height: number;
  stateRoot: string;
  entries: Array<{ ns: number; key: string; value: string | null; smtProof: string }>;
}

export interface ProvenName {
  name: string;
  /** The verified header's height: the record is proven as of this block. */
  height: number;
  /** null: proven not registered. */
  record: NameRecord | null;
  /** Whether the name resolves at that height (registered and below its expiry). */
  active: boolean;
}

/** A name_resolve or name_get answer (with proof) for `name`, checked against `header`. */
export function checkNameProof(header: BlockHeader, name: string, proof: NameProofJson): ProvenName {
  return provenName(header, name, new ProvenState(header, proof, bad));
}

function provenName(header: BlockHeader, name: string, state: ProvenState): ProvenName {
  const raw = state.get(StateNs.name, nameKey(name));
  const record = raw === null ? null : decodeNameRecord(raw) ?? null;
  if (raw !== null && record === null) throw bad("the name record does not decode");
  return { name, height: header.height, record, active: record !== null && header.height < record.expiry };
}

/** A name_reverse answer (with proof) for `address`: its primary name, valid only if the forward record is active and points back. */
export function checkReverseProof(header: BlockHeader, address: Address, proof: NameProofJson): { name: string | null; claimed: string | null; height: number } {
  const state = new ProvenState(header, proof, bad);
  const raw = state.get(StateNs.name, primaryKey(address));
  const claimed = raw === null ? null : decodePrimary(raw) ?? null;
  if (raw !== null && claimed === null) throw bad("the primary record does not decode");
  if (claimed === null) return { name: null, claimed, height: header.height };
  // The same proof holds the forward record: checked once above, read again here.
  const fwd = provenName(header, claimed, state);
  const valid = fwd.active && bytesEqual(fwd.record!.owner, address);
  return { name: valid ? claimed : null, claimed, height: header.height };
}
