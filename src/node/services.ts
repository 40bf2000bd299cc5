// The running node as its own services see it (light server, module wiring): the RPC layer's
// NodeView with the concrete chain and pool. RPC modules take the narrower NodeView.
import type { Chain } from "../chain/chain.js";
import type { Mempool } from "../mempool/pool.js";
import type { NodeView } from "../rpc/node-view.js";
import type { RejectedTxs } from "./tx-status.js";

export type { NodeInfo } from "../rpc/node-view.js";

export interface NodeServices extends NodeView {
  readonly chain: Chain;
  readonly pool: Mempool;
  readonly rejected: RejectedTxs;
}
