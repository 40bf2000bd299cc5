// Validator-set governance state (namespace `governance`): the current set, changes scheduled
// for a later height, and open votes. A change decided in block h takes effect at h + 2, so the
// header of block h + 1 can commit to it as its next validators hash.
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../../codec.js";
import { compareBytes, utf8 } from "../../../util/bytes.js";
import type { Address } from "../types.js";

export const GOV_KEY_SET = utf8("set");
export const GOV_KEY_SCHEDULED = utf8("scheduled");

export interface ScheduledChange {
  height: number;
  validators: Address[];
}

export function sortValidators(list: Address[]): Address[] {
  return [...list].sort(compareBytes);
}

export function encodeAddressList(list: Address[]): Uint8Array {
  return encode(list);
}

export function decodeAddressList(bytes: Uint8Array | undefined): Address[] {
  const f = bytes && readArray(decodeUnknown(bytes));
  if (!f) return [];
  const out: Address[] = [];
  for (const a of f) {
    const b = readBytes(a, 32);
    if (b) out.push(b);
  }
  return out;
}

export function encodeScheduled(list: ScheduledChange[]): Uint8Array {
  return encode(list.map((c) => [c.height, c.validators]));
}

export function decodeScheduled(bytes: Uint8Array | undefined): ScheduledChange[] {
  const f = bytes && readArray(decodeUnknown(bytes));
  if (!f) return [];
  const out: ScheduledChange[] = [];
  for (const item of f) {
    const pair = readArray(item, 2);
    const height = pair && readUint(pair[0]);
    const vals = pair && readArray(pair[1]);
    if (height === undefined || !vals) continue;
    out.push({ height, validators: vals.map((v) => readBytes(v, 32)).filter((v): v is Uint8Array => !!v) });
  }
  return out;
}

/** Key of the open ballot for one proposed change. */
export function ballotKey(action: number, validator: Address): Uint8Array {
  const k = new Uint8Array(1 + 1 + 32);
  k[0] = 0x62; // 'b'
  k[1] = action;
  k.set(validator, 2);
  return k;
}

/** The (action, validator) of a ballot key, or null for the set/scheduled keys. */
export function decodeBallotKey(key: Uint8Array): { action: number; validator: Address } | null {
  if (key.length !== 34 || key[0] !== 0x62) return null;
  return { action: key[1]!, validator: key.slice(2) };
}
