// Checking a node's name_resolve / name_reverse / name_get answer (with proof) against a verified
// header: each value must lead to the header's stateRoot, and the records the answer rests on
// (the name's record; for a reverse lookup the primary record and the forward record it names)
// must be proven, present or absent. What is shown is decoded from the proven bytes, never taken
// from the node's JSON. Browser-safe.
import { sha256 } from "@noble/hashes/sha2.js";
import type { BlockHeader } from "../../chain/block/types.js";
import { decodeProof, verifyProof } from "../../chain/state/smt/proof.js";
import { smtKey } from "../../chain/state/state-store.js";
import { StateNs, type StateNsByte } from "../../chain/tx/spec.js";
import type { Address } from "../../chain/tx/types.js";
import { decodeNameRecord, decodePrimary, nameKey, primaryKey, type NameRecord } from "../../chain/names/records.js";
import { bytesEqual, fromHex, toHex } from "../../util/bytes.js";
import { ParleyError } from "../../util/errors.js";

export class NameProofError extends ParleyError<{ code: "BAD_NAME_PROOF"; reason: string }> {}

const bad = (reason: string): NameProofError => new NameProofError({ code: "BAD_NAME_PROOF", reason }, `the node's name proof does not check: ${reason}`);

/** The `proof` member of a name_* answer. */
export interface NameProofJson {
  height: number;
  stateRoot: string;
  entries: Array<{ ns: number; key: string; value: string | null; smtProof: string }>;
}

/** The proven value under (ns, key) (null: proven absent); throws when the proof is wrong or leaves the key out. */
function provenValues(header: BlockHeader, proof: NameProofJson): (ns: StateNsByte, key: Uint8Array) => Uint8Array | null {
  // [REJECT] the proof is for the verified header it names
  if (header.height !== proof.height) throw bad(`proof at height ${proof.height}, header at ${header.height}`);
  if (toHex(header.stateRoot) !== proof.stateRoot.replace(/^0x/, "")) throw bad(`stateRoot is not the verified header's at height ${header.height}`);
  const values = new Map<string, Uint8Array | null>();
  for (const e of proof.entries) {
    const key = fromHex(e.key);
    const value = e.value === null ? null : fromHex(e.value);
    const smt = decodeProof(fromHex(e.smtProof) ?? new Uint8Array(0));
    if (!key || value === undefined || !smt) throw bad("an entry is not hex");
    // [REJECT] each value (or its absence) leads to the verified stateRoot
    if (!verifyProof(header.stateRoot, smtKey(e.ns as StateNsByte, key), value === null ? null : sha256(value), smt, sha256)) throw bad(`entry ${e.ns}:${e.key} is not under the stateRoot`);
    values.set(`${e.ns}:${toHex(key)}`, value);
  }
  return (ns, key) => {
    const v = values.get(`${ns}:${toHex(key)}`);
    // [REJECT] the record the answer rests on is proven, so nothing can be left out
    if (v === undefined) throw bad(`no proof for ${ns}:${toHex(key)}`);
    return v;
  };
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
  const get = provenValues(header, proof);
  const raw = get(StateNs.name, nameKey(name));
  const record = raw === null ? null : decodeNameRecord(raw) ?? null;
  if (raw !== null && record === null) throw bad("the name record does not decode");
  return { name, height: header.height, record, active: record !== null && header.height < record.expiry };
}

/** A name_reverse answer (with proof) for `address`: its primary name, valid only if the forward record is active and points back. */
export function checkReverseProof(header: BlockHeader, address: Address, proof: NameProofJson): { name: string | null; claimed: string | null; height: number } {
  const get = provenValues(header, proof);
  const raw = get(StateNs.name, primaryKey(address));
  const claimed = raw === null ? null : decodePrimary(raw) ?? null;
  if (raw !== null && claimed === null) throw bad("the primary record does not decode");
  if (claimed === null) return { name: null, claimed, height: header.height };
  const fwd = checkNameProof(header, claimed, proof);
  const valid = fwd.active && bytesEqual(fwd.record!.owner, address);
  return { name: valid ? claimed : null, claimed, height: header.height };
}
