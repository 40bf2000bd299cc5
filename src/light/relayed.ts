// Txs this light node relayed and has not yet seen proven final. This is the node's own
// knowledge, not a peer's claim: it lets tx_get answer "pending" for them and account_get
// count them in pendingNonce, so a wallet can send several txs in a row through a light node.
import { toHex } from "../util/bytes.js";
import type { SignedTx } from "../chain/tx/types.js";

// A wallet sends a handful at a time; the cap bounds memory against a client flooding tx_send.
const MAX_RELAYED = 10_000;

export interface RelayedTx {
  id: string;
  stx: SignedTx;
  at: number;
}

export class RelayedTxs {
  private readonly byId = new Map<string, RelayedTx>();

  add(id: Uint8Array, stx: SignedTx): void {
    const key = toHex(id);
    this.byId.delete(key);
    this.byId.set(key, { id: key, stx, at: Date.now() });
    for (const k of this.byId.keys()) {
      if (this.byId.size <= MAX_RELAYED) break;
      this.byId.delete(k);
    }
  }

  get(id: Uint8Array): RelayedTx | undefined {
    return this.byId.get(toHex(id));
  }

  /** Proven final (or expired): no longer pending. */
  forget(id: Uint8Array): void {
    this.byId.delete(toHex(id));
  }

  /** The nonce after the contiguous run of relayed txs from `address` starting at `nonce`. */
  pendingNonce(address: Uint8Array, nonce: number, height: number): number {
    const mine = new Set<number>();
    for (const r of this.byId.values()) {
      const { tx } = r.stx;
      if (tx.expiry < height) continue;
      if (Buffer.compare(tx.from, address) === 0) mine.add(tx.nonce);
    }
    let n = nonce;
    while (mine.has(n)) n++;
    return n;
  }
}
