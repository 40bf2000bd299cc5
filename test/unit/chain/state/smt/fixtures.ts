// Test helpers for the state tree: a Map-backed node store, key/value factories, and a naive
// reference root computed straight from the hashing rules (no tree, no store, no batching).
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { compareBytes, toHex } from "../../../../../src/util/bytes.js";
import type { SmtNodeStore, SmtNodeWrite } from "../../../../../src/chain/state/smt/tree.js";

export class MapStore implements SmtNodeStore {
  readonly map = new Map<string, Uint8Array>();
  reads = 0;
  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.map.get(toHex(hash));
  }
  put(nodes: readonly SmtNodeWrite[]): void {
    for (const n of nodes) this.map.set(toHex(n.hash), n.bytes);
  }
}

/** A 32-byte value whose bytes are derived from a label, so tests read as "key 1", "value 7". */
export function h(label: string | number): Uint8Array {
  return nobleSha256(new TextEncoder().encode(String(label)));
}

/** The key `base` with bit `bit` (most-significant first) flipped: shares the first `bit` bits with base. */
export function flipBit(base: Uint8Array, bit: number): Uint8Array {
  const k = base.slice();
  k[bit >> 3]! ^= 0x80 >> (bit & 7);
  return k;
}

function bit(key: Uint8Array, d: number): number {
  return (key[d >> 3]! >> (7 - (d & 7))) & 1;
}

function hashOf(prefix: number, a: Uint8Array, b: Uint8Array): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = prefix;
  buf.set(a, 1);
  buf.set(b, 33);
  return nobleSha256(buf);
}

/** Root of a set of leaves by the definition: empty = zeros, one leaf = its hash, else a branch split on the next bit. */
export function referenceRoot(leaves: ReadonlyMap<string, { key: Uint8Array; value: Uint8Array }>): Uint8Array {
  const sorted = [...leaves.values()].sort((a, b) => compareBytes(a.key, b.key));
  const rec = (items: typeof sorted, depth: number): Uint8Array => {
    if (items.length === 0) return new Uint8Array(32);
    if (items.length === 1) return hashOf(0x00, items[0]!.key, items[0]!.value);
    const left = items.filter((i) => bit(i.key, depth) === 0);
    const right = items.filter((i) => bit(i.key, depth) === 1);
    return hashOf(0x01, rec(left, depth + 1), rec(right, depth + 1));
  };
  return rec(sorted, 0);
}

/** A store that also offers getMany, counting calls, as classic-level does. */
export class BatchedMapStore extends MapStore {
  getManyCalls = 0;
  async getMany(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.getManyCalls++;
    return hashes.map((x) => this.map.get(toHex(x)));
  }
}
