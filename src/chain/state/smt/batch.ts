// Turns a block's list of state changes into the sorted, de-duplicated form the tree walks:
// one entry per key, in key order, so each affected path is rebuilt once per block.
import { compareBytes } from "../../../util/bytes.js";
import { HASH_BYTES } from "./hash.js";
import { SmtError } from "./errors.js";

export interface SmtChange {
  key: Uint8Array;
  /** The new value hash, or null to delete the key (deleting an absent key is a no-op). */
  valueHash: Uint8Array | null;
}

export interface SortedChanges {
  keys: Uint8Array[];
  values: (Uint8Array | null)[];
  /** deletesBefore[i] = number of deletions among entries [0, i); lets a slice ask "any deletes?" in O(1). */
  deletesBefore: Uint32Array;
}

/** Sorts by key; when a key repeats, the last change in the input wins (as if applied in order). */
export function sortChanges(changes: readonly SmtChange[]): SortedChanges {
  for (const c of changes) {
    if (c.key.length !== HASH_BYTES) throw new SmtError({ code: "BAD_INPUT", reason: `key is ${c.key.length} bytes, expected 32` });
    if (c.valueHash !== null && c.valueHash.length !== HASH_BYTES) {
      throw new SmtError({ code: "BAD_INPUT", reason: `valueHash is ${c.valueHash.length} bytes, expected 32` });
    }
  }
  // Array.prototype.sort is stable, so among equal keys the input order survives.
  const order = changes.map((_, i) => i).sort((a, b) => compareBytes(changes[a]!.key, changes[b]!.key));
  const keys: Uint8Array[] = [];
  const values: (Uint8Array | null)[] = [];
  for (let i = 0; i < order.length; i++) {
    const c = changes[order[i]!]!;
    const next = order[i + 1];
    if (next !== undefined && compareBytes(changes[next]!.key, c.key) === 0) continue;
    keys.push(c.key);
    values.push(c.valueHash);
  }
  const deletesBefore = new Uint32Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) deletesBefore[i + 1] = deletesBefore[i]! + (values[i] === null ? 1 : 0);
  return { keys, values, deletesBefore };
}
