// The wallet of the unlocked identity: its balance (checked against a state proof when the
// verifier can: state/verifier.ts), its history (account_history), and payments sent from it.
import type { ChatClient } from "../../client/chat.js";
import type { Identity } from "../../client/keys.js";
import { Store } from "../lib/store.js";
import type { ProofMark } from "./conversations.js";
import { describeError } from "./errors.js";
import { trackTx, type TxOutcome } from "./tx-tracker.js";
import { fromHex } from "../../util/bytes.js";

const hexToBytes = (h: string): Uint8Array | null => fromHex(h.replace(/^0x/, ""));

export interface Balance {
  balance: bigint;
  nonce: number;
  height: number;
  proof: ProofMark;
  proofNote: string | null;
}

export interface HistoryEntry {
  id: string;
  kind: string;
  direction: "in" | "out" | "self";
  /** The other party (to for out, from for in), when the kind has one. */
  peer: string | null;
  amount: bigint | null;
  /** The asset `amount` is in (0x-hex id), null: the native token. */
  asset: string | null;
  fee: bigint;
  height: number;
  index: number;
}

/** One asset the wallet holds (asset_balances): shown as symbol + issuer, since symbols are not unique. */
export interface AssetHolding {
  assetId: string;
  symbol: string;
  decimals: number;
  issuer: string;
  balance: bigint;
  frozen: boolean;
}

export interface Payment {
  id: string | null;
  to: string;
  amount: bigint;
  outcome: TxOutcome | null;
  error: string | null;
  /** The asset sent (0x-hex); absent: the native token. */
  asset?: string;
}

interface HistoryTx {
  id: string;
  kind: string;
  from: string;
  fee: string;
  height: number;
  index: number;
  body?: { to?: string; amount?: string; asset?: string | null };
}

// The balance is re-read this often while the app is open (and after each payment).
const REFRESH_MS = 3_000;
const HISTORY_PAGE = 50;

export interface BalanceCheck {
  (address: string, claimed: { balance: bigint; nonce: number; height: number }): Promise<{ proof: ProofMark; note: string | null; balance?: bigint; height?: number }>;
}

export class Wallet {
  readonly balance = new Store<Balance | null>(null);
  readonly history = new Store<HistoryEntry[]>([]);
  readonly payments = new Store<Payment[]>([]);
  readonly error = new Store<string | null>(null);
  /** Every asset held with a balance (or frozen); empty on a node without assets. */
  readonly assets = new Store<AssetHolding[]>([]);
  private timer: ReturnType<typeof setInterval> | null = null;
  private olderCursor: string | null = null;
  private lastClaim: string | null = null;
  check: BalanceCheck | null = null;

  constructor(private readonly chat: ChatClient, private readonly me: Identity) {}

  /**
   * An asset's flags and admin (asset_get), what a lock in it needs beyond the holding
   * (client/lock-check.ts). Read each time: an admin can change.
   */
  assetFacts(assetId: string): Promise<{ flags: string[]; admin: string }> {
    return this.chat.client.rpc.call<{ flags: string[]; admin: string }>("asset_get", [assetId]);
  }

  /** Reads the holdings (first page of 200); a node without asset_balances leaves the list empty. */
  async loadAssets(): Promise<void> {
    try {
      const page = await this.chat.client.rpc.call<{ holdings: Array<Omit<AssetHolding, "balance"> & { balance: string }> }>("asset_balances", { address: this.me.address, limit: 200 });
      this.assets.set(page.holdings.filter((h) => h.balance !== "0" || h.frozen).map((h) => ({ ...h, balance: BigInt(h.balance) })));
    } catch {
      this.assets.set([]);
    }
  }

  async refresh(): Promise<void> {
    if (!this.timer) this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    void this.loadAssets();
    try {
      const a = await this.chat.client.account(this.me.address);
      const claimed = { balance: BigInt(a.balance), nonce: a.nonce, height: a.height };
      this.error.set(null);
      // The same claim as last time keeps its mark: no new proof is asked for every block.
      const claim = `${claimed.balance}/${claimed.nonce}`;
      if (claim === this.lastClaim) return;
      this.lastClaim = claim;
      if (!this.balance.get() || !this.check) this.balance.set({ ...claimed, proof: "unverified", proofNote: null });
      if (this.check) {
        const r = await this.check(this.me.address, claimed);
        this.balance.set({ balance: r.balance ?? claimed.balance, nonce: claimed.nonce, height: r.height ?? claimed.height, proof: r.proof, proofNote: r.note });
      }
    } catch (e) {
      this.error.set(describeError(e));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The newest page of history (again), or the next older one. */
  async loadHistory(older = false): Promise<void> {
    const params: Record<string, unknown> = { address: this.me.address, limit: HISTORY_PAGE };
    if (older && this.olderCursor) params["before"] = this.olderCursor;
    const page = await this.chat.client.rpc.call<{ txs: HistoryTx[]; before: string | null }>("account_history", params);
    this.olderCursor = page.before;
    const entries = page.txs.map((t) => this.entry(t)).reverse();
    this.history.set(older ? [...this.history.get(), ...entries] : entries);
  }

  hasOlderHistory(): boolean {
    return this.olderCursor !== null;
  }

  private entry(t: HistoryTx): HistoryEntry {
    const to = t.body?.to ?? null;
    const out = t.from === this.me.address;
    const direction = out && to === this.me.address ? "self" : out ? "out" : "in";
    return {
      id: t.id, kind: t.kind, direction, peer: direction === "in" ? t.from : to,
      amount: t.body?.amount !== undefined ? BigInt(t.body.amount) : null, asset: t.body?.asset ?? null, fee: BigInt(t.fee), height: t.height, index: t.index,
    };
  }

  /** A transfer (with an optional memo sealed to the recipient); progress shows in `payments`. */
  /** `asset`: an asset id (0x-hex) to send instead of the native token; `amount` is in its base units. */
  async send(to: string, amount: bigint, memo: string, asset: string | null = null): Promise<Payment> {
    const p: Payment = { id: null, to, amount, outcome: null, error: null, ...(asset ? { asset } : {}) };
    this.payments.update((l) => [p, ...l]);
    try {
      const assetBytes = asset ? hexToBytes(asset) : null;
      const sent = await this.chat.sendPayment(this.me, to, amount, { wait: false, ...(memo ? { memo } : {}), ...(assetBytes ? { asset: assetBytes } : {}) });
      p.id = sent.id;
      this.payments.update((l) => [...l]);
      p.outcome = await trackTx(this.chat.client, sent.id);
      if (p.outcome.status === "final") void this.loadHistory();
      await this.refresh();
    } catch (e) {
      p.error = describeError(e);
    }
    this.payments.update((l) => [...l]);
    return p;
  }
}
