// Every node reachable from a root, read from the store (never from a cache): how tools and
// tests check that a root is whole on disk (pruning, bench/data-dir-usage.ts).
import { toHex } from "../../../util/bytes.js";
import { SmtError } from "./errors.js";
import { isEmptyHash } from "./hash.js";
import { branchLeft, branchRight, isLeaf, type SmtNodeStore } from "./node.js";

// A level of a big tree is read in slices of this many nodes (one getMany each).
const READ_SLICE = 10_000;

export interface ReachableNodes {
  /** Hex hashes of the nodes (each appears once: a leaf carries its key, a branch fixes its place). */
  hashes: Set<string>;
  leaves: number;
}

/** Walks the tree at `root` level by level; throws SmtError MISSING_NODE for a node not in the store. */
export async function reachableNodes(store: SmtNodeStore, root: Uint8Array): Promise<ReachableNodes> {
  const hashes = new Set<string>();
  let leaves = 0;
  let level: Uint8Array[] = isEmptyHash(root) ? [] : [root];
  // Keys have 256 bits, so no path is longer: the bound also stops a damaged, cyclic store.
  for (let depth = 0; level.length > 0 && depth <= 256; depth++) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += READ_SLICE) {
      const slice = level.slice(i, i + READ_SLICE);
      const raws = store.getMany ? await store.getMany(slice) : await Promise.all(slice.map((h) => store.get(h)));
      raws.forEach((raw, j) => {
        if (raw === undefined) throw new SmtError({ code: "MISSING_NODE", hash: toHex(slice[j]!) });
        hashes.add(toHex(slice[j]!));
        if (isLeaf(raw)) {
          leaves++;
          return;
        }
        for (const child of [branchLeft(raw), branchRight(raw)]) if (!isEmptyHash(child)) next.push(child.slice());
      });
    }
    level = next;
  }
  return { hashes, leaves };
}
