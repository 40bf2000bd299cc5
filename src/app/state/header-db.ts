// Verified headers kept in the browser's IndexedDB, so a page load resumes verification where
// the last one stopped instead of at genesis (docs/APP.md 6). The same HeaderStore the light
// node keeps in LevelDB (src/light/store.ts) and a tab keeps in memory: headers by height,
// validator sets by hash, the head pointer. One database per chain id and genesis hash, so a
// store of another chain is never opened; what is in it is trusted only as far as the light
// client re-checks it (VerifiedChain compares the stored head with the node's header on open).
import { toHex } from "../../util/bytes.js";
import type { HeaderWrite, ResettableHeaderStore, SetWrite } from "../../client/verify/verified-chain.js";

const VERSION = 1;
const HEADERS = "headers";
const SETS = "sets";
const META = "meta";

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Resolves once the transaction committed (a batch of headers is all or nothing). */
function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

export const headerDbName = (chainId: string, genesisHash: string): string => `parley-headers/${chainId}/${genesisHash}`;

export class IndexedDbHeaderStore implements ResettableHeaderStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** Null where IndexedDB is missing or refused (private mode of some browsers): the caller keeps headers in memory. */
  static async open(chainId: string, genesisHash: string): Promise<IndexedDbHeaderStore | null> {
    if (typeof indexedDB === "undefined") return null;
    try {
      const r = indexedDB.open(headerDbName(chainId, genesisHash), VERSION);
      r.onupgradeneeded = () => {
        for (const name of [HEADERS, SETS, META]) if (!r.result.objectStoreNames.contains(name)) r.result.createObjectStore(name);
      };
      return new IndexedDbHeaderStore(await req(r));
    } catch {
      return null;
    }
  }

  async headHeight(): Promise<number | undefined> {
    const v = await req(this.db.transaction(META).objectStore(META).get("head"));
    return typeof v === "number" ? v : undefined;
  }

  async header(height: number): Promise<Uint8Array | undefined> {
    const v = await req(this.db.transaction(HEADERS).objectStore(HEADERS).get(height));
    return v instanceof Uint8Array ? v : undefined;
  }

  async validatorSet(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    const v = await req(this.db.transaction(SETS).objectStore(SETS).get(toHex(hash)));
    return Array.isArray(v) && v.every((a) => a instanceof Uint8Array) ? (v as Uint8Array[]) : undefined;
  }

  async append(headers: readonly HeaderWrite[], sets: readonly SetWrite[]): Promise<void> {
    const last = headers[headers.length - 1];
    if (!last && sets.length === 0) return;
    const tx = this.db.transaction([HEADERS, SETS, META], "readwrite");
    for (const h of headers) tx.objectStore(HEADERS).put(h.bytes, h.height);
    for (const s of sets) tx.objectStore(SETS).put([...s.addresses], toHex(s.hash));
    if (last) tx.objectStore(META).put(last.height, "head");
    await done(tx);
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction([HEADERS, SETS, META], "readwrite");
    for (const name of [HEADERS, SETS, META]) tx.objectStore(name).clear();
    await done(tx);
  }
}
