// What each tx kind provides. The executor does the common part (nonce, fee, expiry) and
// calls `apply` for the kind's own effect inside a per-tx journal, so a failing tx changes nothing.
import type { ChainParams } from "../params.js";
import type { TxError } from "./errors.js";
import type { TxKindName } from "./kinds.js";
import type { Address, TxBodies, UnsignedTx } from "./types.js";

export interface Account {
  balance: bigint;
  nonce: number;
  /** Latest published X25519 prekey, or null (then encrypt to the identity key). */
  prekey: Uint8Array | null;
}

/** State namespaces under the one authenticated root. Never reuse a number. */
export const StateNs = {
  account: 0x01,
  channel: 0x02,
  anchor: 0x03,
  governance: 0x04,
} as const;
export type StateNsByte = (typeof StateNs)[keyof typeof StateNs];

export interface ExecContext {
  readonly params: ChainParams;
  readonly chainId: string;
  readonly height: number;
  readonly txId: Uint8Array;
  getAccount(addr: Address): Account;
  setAccount(addr: Address, account: Account): void;
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined;
  set(ns: StateNsByte, key: Uint8Array, value: Uint8Array): void;
  /** The validator set in force at this height (governance). */
  validators(): readonly Address[];
}

export interface TxKindSpec<K extends TxKindName> {
  readonly name: K;
  encodeBody(body: TxBodies[K]): unknown[];
  /** Positional fields -> body; a string names what is wrong. Never throws. */
  decodeBody(fields: unknown[]): TxBodies[K] | string;
  /** Checks that need no state (sizes, amounts); null when fine. */
  checkStateless(tx: UnsignedTx<K>, params: ChainParams): TxError | null;
  /**
   * Native token the tx takes from its sender beyond the fee, at most (a payment's amount).
   * Admission refuses a tx whose fee plus spend, added to the sender's pending txs, exceeds the
   * balance, so a tx that could never pay is not held or gossiped.
   */
  spend(tx: UnsignedTx<K>): bigint;
  /** The kind's own effect; the common fee/nonce part is already applied. null when fine. */
  apply(tx: UnsignedTx<K>, ctx: ExecContext): TxError | null;
}
