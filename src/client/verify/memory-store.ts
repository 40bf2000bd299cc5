// Verified headers kept in memory (a browser tab's life): the light client's HeaderStore
// without a disk. About 300 bytes per block.
import { toHex } from "../../util/bytes.js";
import type { HeaderWrite, ResettableHeaderStore, SetWrite } from "../../light/store.js";

export class MemoryHeaderStore implements ResettableHeaderStore {
  private readonly headers = new Map<number, Uint8Array>();
  private readonly sets = new Map<string, Uint8Array[]>();
  private head: number | undefined;

  async headHeight(): Promise<number | undefined> {
    return this.head;
  }

  async header(height: number): Promise<Uint8Array | undefined> {
    return this.headers.get(height);
  }

  async validatorSet(hash: Uint8Array): Promise<Uint8Array[] | undefined> {
    return this.sets.get(toHex(hash));
  }

  async append(headers: readonly HeaderWrite[], sets: readonly SetWrite[]): Promise<void> {
    for (const h of headers) this.headers.set(h.height, h.bytes);
    for (const s of sets) this.sets.set(toHex(s.hash), [...s.addresses]);
    const last = headers[headers.length - 1];
    if (last) this.head = last.height;
  }

  async clear(): Promise<void> {
    this.headers.clear();
    this.sets.clear();
    this.head = undefined;
  }
}
