// Pending writes of a block over the committed state, with a per-tx journal so that a tx whose
// own rules fail leaves no trace (not even its fee: it is simply not in the block).
import { StateNs, type Account, type StateNsByte } from "../tx/spec.js";
import { decodeAccount, encodeAccount, EMPTY_ACCOUNT } from "../state/account.js";
import { stateMapKey, type StateChange, type StateReader } from "../state/state-store.js";

export class BlockOverlay implements StateReader {
  private readonly block = new Map<string, StateChange>();
  // The current tx's writes; cleared (not replaced) per tx, so a block allocates them once.
  private readonly tx = new Map<string, StateChange>();
  // Decoded accounts of this block: transfers touch the same few accounts many times.
  private readonly accountCache = new Map<string, Account>();
  private readonly txAccounts = new Map<string, Account>();

  constructor(private readonly base: StateReader) {}

  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined {
    return this.getAt(ns, key, stateMapKey(ns, key));
  }

  /** get() with the map key of (ns, key) already built. */
  private getAt(ns: StateNsByte, key: Uint8Array, k: string): Uint8Array | undefined {
    const pending = (this.tx.get(k) ?? this.block.get(k))?.value;
    if (pending === EMPTY_VALUE) return encodeAccount(this.txAccounts.get(k)!);
    if (pending !== undefined) return pending;
    // The committed store takes the map key already built (one key string per read, not two).
    return this.base.getByMapKey ? this.base.getByMapKey(k) : this.base.get(ns, key);
  }

  set(ns: StateNsByte, key: Uint8Array, value: Uint8Array): void {
    this.tx.set(stateMapKey(ns, key), { ns, key, value });
  }

  getAccount(addr: Uint8Array): Account {
    const k = stateMapKey(StateNs.account, addr);
    const cached = this.txAccounts.get(k) ?? this.accountCache.get(k);
    if (cached) return cached;
    const raw = this.getAt(StateNs.account, addr, k);
    const acct = (raw && decodeAccount(raw)) ?? EMPTY_ACCOUNT;
    this.accountCache.set(k, acct);
    return acct;
  }

  setAccount(addr: Uint8Array, account: Account): void {
    const k = stateMapKey(StateNs.account, addr);
    this.txAccounts.set(k, account);
    this.tx.set(k, { ns: StateNs.account, key: addr, value: EMPTY_VALUE });
  }

  /** Keep the current tx's writes. */
  commitTx(): void {
    for (const [k, c] of this.tx) {
      if (c.ns === StateNs.account && c.value === EMPTY_VALUE) {
        const acct = this.txAccounts.get(k)!;
        this.accountCache.set(k, acct);
        this.block.set(k, { ...c, value: encodeAccount(acct) });
      } else this.block.set(k, c);
    }
    this.tx.clear();
    this.txAccounts.clear();
  }

  /** Drop the current tx's writes. */
  revertTx(): void {
    this.tx.clear();
    this.txAccounts.clear();
  }

  changes(): StateChange[] {
    return [...this.block.values()];
  }
}

// Marker: account values are encoded once, when their tx commits, not on every set.
const EMPTY_VALUE = new Uint8Array(0);
