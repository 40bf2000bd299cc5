// A sorted set of 32-byte action ids stored as one msgpack list: the due lists of the
// scheduler and the watch lists. Ascending byte order is the deterministic run order.
import { compareBytes } from "../../util/bytes.js";
import { decodeUnknown, encode, readArray, readBytes } from "../codec.js";
import type { ActionId } from "./types.js";

export function encodeIdList(ids: readonly ActionId[]): Uint8Array {
  return encode(ids);
}

/** Absent or empty bytes read as an empty list; so does a list that is not ascending ids. */
export function decodeIdList(bytes: Uint8Array | undefined): ActionId[] {
  const list = bytes && bytes.length > 0 ? readArray(decodeUnknown(bytes)) : undefined;
  if (!list) return [];
  const out: ActionId[] = [];
  for (const item of list) {
    const id = readBytes(item, 32);
    if (!id || (out.length > 0 && compareBytes(out[out.length - 1]!, id) >= 0)) return [];
    out.push(id);
  }
  return out;
}

/** Position of `id`, or -(insertion point) - 1 when absent (binary search). */
export function findId(ids: readonly ActionId[], id: ActionId): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareBytes(ids[mid]!, id);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** Inserts in order; false when already present. */
export function insertId(ids: ActionId[], id: ActionId): boolean {
  const at = findId(ids, id);
  if (at >= 0) return false;
  ids.splice(-at - 1, 0, id);
  return true;
}

/** Removes; false when absent. */
export function removeId(ids: ActionId[], id: ActionId): boolean {
  const at = findId(ids, id);
  if (at < 0) return false;
  ids.splice(at, 1);
  return true;
}
