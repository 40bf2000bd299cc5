// What the light node's RPC modules may use: verified headers, verified queries, the node's own
// record of relayed txs and facts about itself. Modules depend on this, never on the node class.
import type { Genesis } from "../chain/genesis.js";
import type { HeaderChain } from "./header-chain.js";
import type { LightQueries } from "./queries.js";
import type { RelayedTxs } from "./relayed.js";

export interface LightInfo {
  version: string;
  peerId: string;
  peers: number;
  /** Peers whose headers it follows now; 0 = it cannot tell whether its head is current. */
  following: number;
  listen: string[];
  dropped: number;
}

export interface LightServices {
  readonly genesis: Genesis;
  readonly chain: HeaderChain;
  readonly queries: LightQueries;
  readonly relayed: RelayedTxs;
  info(): LightInfo;
}
