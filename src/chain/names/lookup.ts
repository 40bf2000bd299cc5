// Reading names at a height (docs/NAMES.md 4): forward (name -> holder), reverse (address ->
// primary name, which counts only while the name's forward record is active and points back)
// and the names an address holds.
// Pure functions over a state getter, shared by the node's RPC, the SDK's proof checks and the
// light node, so every reader applies the same lazy-expiry rule.
import { StateNs, type StateNsByte } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import { bytesEqual } from "../../util/bytes.js";
import { decodeNameRecord, decodeOwned, decodePrimary, nameKey, nameStatus, ownedKey, primaryKey, type NameRecord, type NameStatus } from "./records.js";

export type StateGet = (ns: StateNsByte, key: Uint8Array) => Uint8Array | undefined;

export type NameLookup = { status: "missing" } | { status: NameStatus; record: NameRecord };

export function lookupName(get: StateGet, name: string, height: number, graceBlocks: number): NameLookup {
  const raw = get(StateNs.name, nameKey(name));
  const record = raw && decodeNameRecord(raw);
  return record ? { status: nameStatus(record, height, graceBlocks), record } : { status: "missing" };
}

/** The address's primary name if it is valid now: set, active, and held by the address. */
export function reverseName(get: StateGet, addr: Address, height: number, graceBlocks: number): { name: string | null; claimed: string | null } {
  const raw = get(StateNs.name, primaryKey(addr));
  const claimed = (raw && decodePrimary(raw)) ?? null;
  if (claimed === null) return { name: null, claimed };
  const fwd = lookupName(get, claimed, height, graceBlocks);
  const valid = fwd.status === "active" && bytesEqual(fwd.record.owner, addr);
  return { name: valid ? claimed : null, claimed };
}

export interface OwnedName {
  name: string;
  record: NameRecord;
  status: NameStatus;
}

/** The names an address's list holds (records still present), and its valid primary name: name_list. */
export function ownedNames(get: StateGet, owner: Address, height: number, graceBlocks: number): { names: OwnedName[]; primary: string | null } {
  const raw = get(StateNs.name, ownedKey(owner));
  const listed = (raw && decodeOwned(raw)) || [];
  const names: OwnedName[] = [];
  for (const name of listed) {
    const found = lookupName(get, name, height, graceBlocks);
    if (found.status !== "missing") names.push({ name, record: found.record, status: found.status });
  }
  return { names, primary: reverseName(get, owner, height, graceBlocks).name };
}
