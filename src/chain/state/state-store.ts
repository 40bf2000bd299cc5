// The committed state. Decision (docs/DECISIONS.md): the whole key-value state is mirrored in
// memory and loaded at start, so execution reads synchronously with no per-tx I/O; LevelDB
// holds the durable copy and the SMT nodes that authenticate it. An account costs ~200 bytes
// here, so 1M accounts ~ 200 MB.
import { Bucket } from "../storage/buckets.js";
import type { Database, WriteBatch } from "../storage/db.js";
import { StateNs, type Account, type StateNsByte } from "../tx/spec.js";
import { decodeAccount, EMPTY_ACCOUNT } from "./account.js";
import { sha256 } from "../../crypto/native.js";
import { latin1 } from "../../util/latin1.js";

export interface StateChange {
  ns: StateNsByte;
  key: Uint8Array;
  value: Uint8Array;
}

/**
 * A zero-length value deletes its entry: from the state tree (an exclusion proof shows it is
 * gone), the store and the memory mirror. No kind writes an empty value for anything else, and
 * actions empty their queue ticks and watch lists this way (docs/PROTOCOL.md 5).
 */
export function isDelete(c: StateChange): boolean {
  return c.value.length === 0;
}

export interface StateReader {
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined;
  /** The same read by stateMapKey(ns, key), for a caller that has built that key already. */
  getByMapKey?(mapKey: string): Uint8Array | undefined;
}

/** Map key for (ns, key): one byte of ns then latin1 of the key bytes: cheap and collision-free. */
export function stateMapKey(ns: StateNsByte, key: Uint8Array): string {
  return String.fromCharCode(ns) + latin1(key);
}

/** bucketKey(Bucket.state, [ns], key) in one allocation: a block writes one per change. */
function stateRowKey(ns: StateNsByte, key: Uint8Array): Uint8Array {
  const k = new Uint8Array(2 + key.length);
  k[0] = Bucket.state;
  k[1] = ns;
  k.set(key, 2);
  return k;
}

/** The SMT key of a state entry. */
export function smtKey(ns: StateNsByte, key: Uint8Array): Uint8Array {
  const b = new Uint8Array(1 + key.length);
  b[0] = ns;
  b.set(key, 1);
  return sha256(b);
}

// Namespaces whose keys can be listed (keysOf): small ones only, since each keeps a second
// index in memory. Governance holds the set, the scheduled changes and one ballot per open
// proposal, which the pending-votes RPC lists.
const LISTED_NS: ReadonlySet<StateNsByte> = new Set([StateNs.governance]);

export class StateStore implements StateReader {
  private readonly entries = new Map<string, Uint8Array>();
  private readonly listed = new Map<StateNsByte, Set<string>>();

  static async load(db: Database): Promise<StateStore> {
    const store = new StateStore();
    for await (const [k, v] of db.level.iterator({ gte: Uint8Array.of(Bucket.state), lt: Uint8Array.of(Bucket.state + 1) })) {
      const ns = k[1]! as StateNsByte;
      store.entries.set(stateMapKey(ns, k.subarray(2)), new Uint8Array(v));
      store.track(ns, stateMapKey(ns, k.subarray(2)), false);
    }
    return store;
  }

  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined {
    return this.entries.get(stateMapKey(ns, key));
  }

  getByMapKey(mapKey: string): Uint8Array | undefined {
    return this.entries.get(mapKey);
  }

  account(addr: Uint8Array): Account {
    const raw = this.get(StateNs.account, addr);
    return (raw && decodeAccount(raw)) ?? EMPTY_ACCOUNT;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds the changes to the block's batch; call `apply` once the batch is on disk. */
  write(batch: WriteBatch, changes: Iterable<StateChange>): void {
    for (const c of changes) {
      const key = stateRowKey(c.ns, c.key);
      if (isDelete(c)) batch.del(key);
      else batch.put(key, c.value);
    }
  }

  apply(changes: Iterable<StateChange>): void {
    for (const c of changes) {
      const k = stateMapKey(c.ns, c.key);
      if (isDelete(c)) this.entries.delete(k);
      else this.entries.set(k, c.value);
      this.track(c.ns, k, isDelete(c));
    }
  }

  /** Keys (without the namespace byte) of a listed namespace (governance); throws for others. */
  keysOf(ns: StateNsByte): Uint8Array[] {
    if (!LISTED_NS.has(ns)) throw new RangeError(`state namespace ${ns} keeps no key list`);
    return [...(this.listed.get(ns) ?? [])].map((k) => new Uint8Array(Buffer.from(k.slice(1), "latin1")));
  }

  private track(ns: StateNsByte, mapKey: string, deleted: boolean): void {
    if (!LISTED_NS.has(ns)) return;
    let set = this.listed.get(ns);
    if (!set) this.listed.set(ns, (set = new Set()));
    if (deleted) set.delete(mapKey);
    else set.add(mapKey);
  }
}

