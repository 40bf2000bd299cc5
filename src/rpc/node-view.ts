// What the RPC modules may use of a running node, as small interfaces this layer defines (as
// Lodestar's API modules see an IBeaconChain, not the chain class). The node passes itself in;
// its Chain and Mempool satisfy these structurally, and modules never import src/node.
import type { HeadInfo } from "../chain/chain.js";
import type { ChainParams } from "../chain/params.js";
import type { BlockHeader } from "../chain/block/types.js";
import type { SmtProof } from "../chain/state/smt/tree.js";
import type { IndexName, IndexPage } from "../chain/storage/index-store.js";
import type { ChainPos } from "../chain/storage/keys.js";
import type { FinalizedTx } from "../chain/storage/tx-repository.js";
import type { ChannelKeyRow } from "../chain/storage/channel-key-store.js";
import type { TxError } from "../chain/tx/errors.js";
import type { Account, StateNs, StateNsByte } from "../chain/tx/spec.js";
import type { Address, SignedTx } from "../chain/tx/types.js";
import type { Network } from "../network/index.js";
import type { Result } from "../util/errors.js";

/** The head's state (values, not proofs). */
export interface StateView {
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined;
  account(addr: Address): Account;
  /** Keys of the governance namespace (the only one listed). */
  keysOf(ns: typeof StateNs.governance): Uint8Array[];
}

/** Proofs against a state root. */
export interface ProofView {
  prove(root: Uint8Array, key: Uint8Array): Promise<SmtProof>;
}

/** Finalized headers, tx id lists and certificates. */
export interface BlockView {
  header(height: number): Promise<BlockHeader | undefined>;
  heightOf(hash: Uint8Array): Promise<number | undefined>;
  txIds(height: number): Promise<Uint8Array[]>;
  commit(height: number): Promise<Uint8Array | undefined>;
}

/** Secondary indexes (inbox, sent, channel logs, account history), paged by chain position. */
export interface IndexView {
  page(index: IndexName, key: Uint8Array, opts: { limit: number; before?: ChainPos | undefined; after?: ChainPos | undefined }): Promise<IndexPage>;
}

/** Finalized txs, decoded; a tx that a block or index names but that is missing or undecodable throws StoredTxError. */
export interface TxReader {
  get(id: Uint8Array): Promise<FinalizedTx | undefined>;
  getAll(ids: readonly Uint8Array[]): Promise<FinalizedTx[]>;
}

/** The epoch keys wrapped to each channel member, by (channel, member). */
export interface ChannelKeyView {
  rows(channel: Uint8Array, member: Uint8Array, opts: { limit: number; after?: ChainPos }): Promise<ChannelKeyRow[]>;
}

export interface ChainView {
  readonly chainId: string;
  readonly params: ChainParams;
  readonly head: HeadInfo;
  /** The validator set of the next height. */
  nextValidators(): Address[];
  readonly state: StateView;
  readonly smt: ProofView;
  readonly blocks: BlockView;
  readonly indexes: IndexView;
  readonly txs: TxReader;
  readonly channelKeys: ChannelKeyView;
}

export interface PoolView {
  readonly size: number;
  readonly bytes: number;
  /** The nonce a wallet should sign next: the account's, past its pending txs. */
  pendingNonce(addr: Address): number;
  get(idHex: string): { readonly stx: SignedTx } | undefined;
}

/** Why recent txs were rejected after admission. */
export interface RejectedView {
  get(idHex: string): TxError | undefined;
}

export interface NodeInfo {
  version: string;
  validator: string | null;
  peerId: string | null;
  peers: number;
  listen: string[];
  syncing: boolean;
  /** `parley genesis hash` of the genesis this node runs (hex), to compare with the ceremony's. */
  genesisHash?: string;
}

/** The allowlist a node enforces (configured entries plus the chain's validators). */
export interface AllowlistView {
  reload(reason: string): Promise<AllowlistState>;
  summary(): AllowlistState;
}

export interface AllowlistState {
  file: string | null;
  configured: number;
  validators: number;
  allowed: string[];
}

export interface NodeView {
  readonly chain: ChainView;
  readonly pool: PoolView;
  readonly rejected: RejectedView;
  /** Admission + gossip: the only way a tx enters the node. */
  submitTx(bytes: Uint8Array): Promise<Result<{ id: string }, TxError>>;
  info(): NodeInfo;
  /** The p2p network, when the node has one (admin methods use it). */
  network(): Network | null;
  /** The allowlist in force, when one is configured (admin_allowlist, admin_reloadAllowlist). */
  allowlistControl?(): AllowlistView | null;
}
