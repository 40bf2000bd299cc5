// Pre-signed txs kept as raw wire bytes in a few large buffers, addressed by their position in
// the load. A million JS objects with hex strings would cost ~1 KB each of heap and GC time in
// the load generator during the run; raw bytes cost their size (~300 B per tx), and are
// hex-encoded only when sent.

/** Txs per chunk: one worker task, one transferred buffer (~5 MB at the default mix). */
export const CHUNK_TXS = 16_384;

export class TxStore {
  private readonly bytes: Uint8Array[] = [];
  private readonly offsets: Uint32Array[] = [];
  // The first 8 bytes of each id as two big-endian words: the finality watch learns ids as hex
  // from chain_getBlock and must find the tx's index. A false match among a few million random
  // 64-bit prefixes has a probability around 1e-7, and each id is 66 bytes less to keep.
  private readonly keys: Uint32Array;
  // Open addressing (linear probing) over the first word; a slot holds index + 1, 0 = empty.
  private readonly table: Uint32Array;
  private readonly mask: number;
  private stored = 0;
  private totalBytes = 0;

  constructor(readonly count: number) {
    this.keys = new Uint32Array(2 * count);
    let size = 1024;
    while (size < 2 * count) size *= 2;
    this.table = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** One chunk of signed txs: `offsets` has n + 1 entries into `bytes`, `keys` 2 words per tx. */
  addChunk(chunk: number, bytes: Uint8Array, offsets: Uint32Array, keys: Uint32Array): void {
    const first = chunk * CHUNK_TXS;
    const n = offsets.length - 1;
    if (first + n > this.count || keys.length !== 2 * n) throw new Error(`chunk ${chunk} does not fit the store`);
    this.bytes[chunk] = bytes;
    this.offsets[chunk] = offsets;
    this.keys.set(keys, 2 * first);
    for (let k = 0; k < n; k++) {
      let slot = keys[2 * k]! & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = first + k + 1;
    }
    this.stored += n;
    this.totalBytes += bytes.length;
  }

  get complete(): boolean {
    return this.stored === this.count;
  }

  /** Sum of the txs' wire sizes (what the store holds beyond its small index). */
  get byteSize(): number {
    return this.totalBytes;
  }

  /** The i-th tx as the 0x-hex text tx_send takes (native hex encoding over a view, no copy). */
  hex(i: number): string {
    const chunk = Math.floor(i / CHUNK_TXS);
    const k = i - chunk * CHUNK_TXS;
    const bytes = this.bytes[chunk];
    const offsets = this.offsets[chunk];
    if (!bytes || !offsets || k + 1 >= offsets.length) throw new Error(`tx ${i} is not in the store`);
    const from = offsets[k]!;
    return "0x" + Buffer.from(bytes.buffer, bytes.byteOffset + from, offsets[k + 1]! - from).toString("hex");
  }

  /** The i-th tx's wire bytes (a view into the store, no copy), as the binary tx batch sends them. */
  bytesOf(i: number): Uint8Array {
    const chunk = Math.floor(i / CHUNK_TXS);
    const k = i - chunk * CHUNK_TXS;
    const bytes = this.bytes[chunk];
    const offsets = this.offsets[chunk];
    if (!bytes || !offsets || k + 1 >= offsets.length) throw new Error(`tx ${i} is not in the store`);
    return bytes.subarray(offsets[k]!, offsets[k + 1]!);
  }

  /** Position of the tx with this id ("0x" + 64 hex), or -1 for a tx not in the load. */
  indexOf(idHex: string): number {
    const hi = parseInt(idHex.slice(2, 10), 16);
    const lo = parseInt(idHex.slice(10, 18), 16);
    if (!Number.isFinite(hi) || !Number.isFinite(lo)) return -1;
    for (let slot = hi & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = this.table[slot]!;
      if (v === 0) return -1;
      if (this.keys[2 * (v - 1)] === hi && this.keys[2 * (v - 1) + 1] === lo) return v - 1;
    }
  }
}

/** The two big-endian words of an id's first 8 bytes, as indexOf parses them from hex. */
export function idKey(id: Uint8Array): [number, number] {
  const v = new DataView(id.buffer, id.byteOffset, 8);
  return [v.getUint32(0), v.getUint32(4)];
}
