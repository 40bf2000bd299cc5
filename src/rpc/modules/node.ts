import { NODE_INFO } from "./result-schemas.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { hex, paramsJson } from "./format.js";
import { formatAddress } from "../../chain/address.js";

export class NodeModule {
  static readonly namespace = "node";
  static readonly methods: MethodTable<NodeModule> = {
    info: [],
  };
  static readonly docs: DocTable<NodeModule> = {
    info: { summary: "Chain id, version, head, validators, peers, sync state, mempool size and chain parameters", result: NODE_INFO },
  };

  constructor(private readonly node: NodeView) {}

  info(): JsonObject {
    const { chain, pool } = this.node;
    const i = this.node.info();
    const params = chain.params;
    return {
      chainId: chain.chainId,
      version: i.version,
      height: chain.head.height,
      headHash: hex(chain.head.hash),
      genesisHash: i.genesisHash ?? null,
      validator: i.validator,
      validators: chain.nextValidators().map(formatAddress),
      peerId: i.peerId,
      peers: i.peers,
      listen: i.listen,
      syncing: i.syncing,
      mempool: { txs: pool.size, bytes: pool.bytes },
      params: paramsJson(params),
    };
  }
}
