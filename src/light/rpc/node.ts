// node_info on a light node: facts about itself and its verified head; params come from the
// genesis file it trusts, validators from the set it tracks for the next height.
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { NodeModule } from "../../rpc/modules/node.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { hex, paramsJson } from "../../rpc/modules/format.js";
import { formatAddress } from "../../chain/address.js";
import type { LightServices } from "../services.js";

export class LightNodeModule {
  static readonly namespace = "node";
  static readonly methods: MethodTable<LightNodeModule> = {
    info: [],
  };
  static readonly docs: DocTable<LightNodeModule> = verifiedDocs(NodeModule.docs);

  constructor(private readonly node: LightServices) {}

  info(): JsonObject {
    const { chain, genesis } = this.node;
    const i = this.node.info();
    const params = genesis.params;
    return {
      chainId: genesis.chainId,
      version: i.version,
      light: true,
      height: chain.head.height,
      headHash: hex(chain.head.hash),
      validator: null,
      validators: chain.head.nextSet.addresses.map(formatAddress),
      peerId: i.peerId,
      peers: i.peers,
      following: i.following,
      droppedPeers: i.dropped,
      listen: i.listen,
      // Following no peer (all gone, or cut off), its head may be any distance behind: say so
      // rather than report a stale head as current (found by the partition tests, RELIABILITY.md 8.5).
      syncing: i.following === 0,
      mempool: { txs: 0, bytes: 0 },
      params: paramsJson(params),
    };
  }
}
