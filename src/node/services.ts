// What the RPC modules may use of a running node: read access to the chain and pool, and the
// one submission path. Modules depend on this interface, never on the node class.
import type { Chain } from "../chain/chain.js";
import type { TxError } from "../chain/tx/errors.js";
import type { Result } from "../util/errors.js";
import type { Mempool } from "../mempool/pool.js";
import type { RejectedTxs } from "./tx-status.js";

export interface NodeInfo {
  version: string;
  validator: string | null;
  peerId: string | null;
  peers: number;
  listen: string[];
  syncing: boolean;
}

export interface NodeServices {
  readonly chain: Chain;
  readonly pool: Mempool;
  readonly rejected: RejectedTxs;
  /** Admission + gossip: the only way a tx enters the node. */
  submitTx(bytes: Uint8Array): Promise<Result<{ id: string }, TxError>>;
  info(): NodeInfo;
  /** The p2p network, when the node has one (admin and light-client services use it). */
  network(): import("../network/index.js").Network | null;
}
