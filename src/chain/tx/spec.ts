// Everything about one tx kind, in one object per kind (./kinds/<kind>.ts), reached through the
// spec table (./registry.ts). The table's type requires every member for every kind, so a kind
// that forgets one does not compile. The executor does the common part (nonce, fee, expiry) and
// calls `apply` for the kind's own effect inside a per-tx journal; indexing, notifications, RPC
// JSON and the chat SDK read the other members. docs/ADDING-A-KIND.md walks through them.
import type { MoveSink } from "../actions/moves.js";
import type { JsonObject } from "../../util/json.js";
import type { ActionEvent } from "../actions/events.js";
import type { ChainParams } from "../params.js";
import type { IndexName } from "../storage/index-store.js";
import type { ChatEntry } from "./chat-entry.js";
import type { TxError } from "./errors.js";
import type { TxKindName } from "./kinds.js";
import type { Address, TxBodies, UnsignedTx } from "./types.js";

export interface Account {
  balance: bigint;
  nonce: number;
  /** Latest published X25519 prekey, or null (then encrypt to the identity key). */
  prekey: Uint8Array | null;
  /**
   * The account's first asset holdings (at most INLINE_HOLDINGS, src/chain/state/account.ts), in
   * the order they were first held; absent or empty when it holds none. Kept in the account's own
   * state entry so an asset payment changes the entries a native one does (docs/DECISIONS.md 45);
   * later holdings are entries of their own (src/chain/assets/ledger.ts). Never mutated: a change
   * writes a new array.
   */
  holdings?: readonly InlineHolding[];
}

/** One holding kept inside its holder's account entry. */
export interface InlineHolding {
  asset: Uint8Array;
  balance: bigint;
  frozen: boolean;
}

/** State namespaces under the one authenticated root. Never reuse a number. */
export const StateNs = {
  account: 0x01,
  channel: 0x02,
  anchor: 0x03,
  governance: 0x04,
  /** Automatic actions: records, reward-pool counters, watch lists (src/chain/actions/state-keys.ts). */
  action: 0x05,
  /** The due queues of automatic actions, one per clock (src/chain/actions/scheduler.ts). */
  schedule: 0x06,
  /** Devices: each identity's active list and each device key's record (src/chain/tx/kinds/device-state.ts). */
  device: 0x0a,
  /** MLS groups (epoch, member count, last commit, submit key) and key packages (./kinds/mls-state.ts). */
  mls: 0x0b,
  /** Names: records, primary (reverse) records, each holder's list, the burned total (src/chain/names/records.ts). */
  name: 0x08,
  /** Works, their offers and the licences sold (src/chain/works/records.ts). */
  work: 0x09,
  /** Assets and points: records, holdings and their lists (src/chain/assets/records.ts). */
  asset: 0x0c,
} as const;
export type StateNsByte = (typeof StateNs)[keyof typeof StateNs];

/** The state of the block being executed, as block hooks see it. */
export interface BlockContext {
  readonly params: ChainParams;
  readonly chainId: string;
  readonly height: number;
  /** The block's header time (ms since epoch): the time clock of automatic actions. */
  readonly time: number;
  /** The hash of the block before this one (the red-packet draw's seed). */
  readonly parentHash: Uint8Array;
  getAccount(addr: Address): Account;
  setAccount(addr: Address, account: Account): void;
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined;
  /** A zero-length value deletes the entry (docs/PROTOCOL.md 5): it leaves the state tree. */
  set(ns: StateNsByte, key: Uint8Array, value: Uint8Array): void;
  /** The validator set in force at this height (governance). */
  validators(): readonly Address[];
  /**
   * What automatic actions lock and pay out, for subscribers (actions/moves.ts); absent where
   * nobody listens (admission's dry runs, tests). Not state: it never changes what a block does.
   */
  noteMove?: MoveSink;
}

/** What a tx's `apply` sees: the block's state plus the tx's own id. */
export interface ExecContext extends BlockContext {
  readonly txId: Uint8Array;
}

/**
 * Receives the index rows of one tx: `row(index, key)` lists the tx under `key` in `index`. The
 * indexer passes one sink for a whole block (no array per tx), and has already listed the tx in
 * its sender's history (`txByAccount`), so kinds list only what goes beyond that.
 */
export interface IndexRowSink {
  row(index: IndexName, key: Uint8Array): void;
}

/** Who a finalized tx concerns, for notifications (subscribe_messages). */
export interface TxParties {
  /** Addresses whose subscription gets the tx. */
  parties: Address[];
  /** The channel whose subscription gets it, if any. */
  channel: Uint8Array | null;
}

/**
 * Work a kind does at the start or end of every block, outside any tx (promoting a scheduled
 * validator set; later: due payments, expiries). Hooks cannot fail, and must be deterministic
 * and bounded: the executor runs them for every block, in the order of the kinds' type bytes
 * (docs/PROTOCOL.md, "Executing a block"); each hook's writes are kept as soon as it returns.
 */
export interface BlockHooks {
  /** The most work one block's hook can cost, in words (e.g. "one read, at most two writes"). */
  readonly bound: string;
  beginBlock?(ctx: BlockContext): void;
  /**
   * `events`: what the block's txs that took effect mean to automatic actions, in block order
   * (TxKindSpec.actionEvents; failed txs have none).
   */
  endBlock?(ctx: BlockContext, events: readonly ActionEvent[]): void;
}

/** Receives the events a tx means to automatic actions (pay-on-reply, bounties, reward pools). */
export type ActionEventSink = (ev: ActionEvent) => void;

export interface TxKindSpec<K extends TxKindName> {
  readonly name: K;
  /** The name shown at the RPC edge and in docs ("channel.create"). */
  readonly label: string;

  // ---- codec ----
  encodeBody(body: TxBodies[K]): unknown[];
  /** Positional fields -> body; a string names what is wrong. Never throws. */
  decodeBody(fields: unknown[]): TxBodies[K] | string;

  // ---- rules ----
  /** Checks that need no state (sizes, amounts); null when fine. */
  checkStateless(tx: UnsignedTx<K>, params: ChainParams): TxError | null;
  /**
   * Native token the tx takes from its sender beyond the fee, at most (a payment's amount).
   * Admission refuses a tx whose fee plus spend, added to the sender's pending txs, exceeds the
   * balance, so a tx that could never pay is not held or gossiped.
   */
  spend(tx: UnsignedTx<K>): bigint;
  /**
   * Fee the tx owes beyond feeBase + feePerByte * size (an action's condition cost,
   * docs/ACTIONS.md 1 "Cost"); checkCommon adds it to the minimum fee.
   */
  extraFee(tx: UnsignedTx<K>): bigint;
  /** The kind's own effect; the common fee/nonce part is already applied. null when fine. */
  apply(tx: UnsignedTx<K>, ctx: ExecContext): TxError | null;
  /** Begin/end-of-block work, or null when the kind has none. */
  readonly blockHooks: BlockHooks | null;
  /**
   * What a tx that took effect means to automatic actions: a direct message, a payment, a
   * channel post (docs/ACTIONS.md 4). The actions end-block hook feeds them to the watchers.
   */
  actionEvents(tx: UnsignedTx<K>, out: ActionEventSink): void;

  // ---- what a finalized tx means to readers ----
  /** Index rows beyond the sender's history (inbox, sent, channel log, ...). Runs per tx at commit: allocate nothing. */
  indexRows(tx: UnsignedTx<K>, id: Uint8Array, out: IndexRowSink): void;
  /** Who a notification of this tx goes to; null: nobody is notified. Runs per tx while anyone subscribes to messages. */
  parties(tx: UnsignedTx<K>, id: Uint8Array): TxParties | null;
  /** The body as JSON (docs/RPC.md): addresses in bech32m, bytes 0x-hex, amounts as decimal strings. */
  bodyJson(tx: UnsignedTx<K>): JsonObject;
  /** How the tx shows in chat (a direct entry, a channel log entry), or null when it is no chat entry. */
  chatEntry(tx: UnsignedTx<K>, id: Uint8Array): ChatEntry | null;
}

/** For kinds whose txs are listed only in their sender's history. */
export function noIndexRows(): void {}

/** For kinds nobody is notified of. */
export function noParties(): null {
  return null;
}

/** For kinds that owe no fee beyond size. */
export function noExtraFee(): bigint {
  return 0n;
}

/** For kinds no automatic action watches. */
export function noActionEvents(): void {}

/** For kinds that are no chat entry. */
export function notChat(): null {
  return null;
}
