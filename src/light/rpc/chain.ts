// chain_* on a light node: verified headers only. Bodies, commits and lookups by hash are not
// held, so asking for them is NOT_VERIFIED rather than an answer taken from a peer.
import { p } from "../../rpc/params.js";
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { ChainModule } from "../../rpc/modules/chain.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { blockHash } from "../../chain/chain.js";
import { headerJson } from "../../rpc/modules/format.js";
import { NotVerifiedError } from "../errors.js";
import type { LightServices } from "../services.js";

export class LightChainModule {
  static readonly namespace = "chain";
  static readonly methods: MethodTable<LightChainModule> = {
    getHead: [],
    getBlock: [
      ["block", p.anyOf(p.uint(), p.hash())],
      ["txs", p.withDefault(p.oneOf("none", "ids", "full"), "ids")],
    ],
    getCommit: [["height", p.uint()]],
  };
  static readonly docs: DocTable<LightChainModule> = verifiedDocs(ChainModule.docs);

  constructor(private readonly node: LightServices) {}

  /** The last header verified by its commit certificate. */
  getHead(): JsonObject {
    const { header, hash } = this.node.chain.head;
    return headerJson(header, hash);
  }

  /** A verified header by height (`txs: "none"`); a light node has no bodies. */
  async getBlock(block: number | Uint8Array, txs: "none" | "ids" | "full"): Promise<JsonObject> {
    if (typeof block !== "number") throw new NotVerifiedError({ code: "NOT_AVAILABLE_ON_LIGHT_NODE", what: "block lookup by hash" });
    if (txs !== "none") throw new NotVerifiedError({ code: "NOT_AVAILABLE_ON_LIGHT_NODE", what: "block bodies (ask with txs: \"none\")" });
    const header = await this.node.chain.header(block);
    if (!header) throw new NotVerifiedError({ code: "HEADER_NOT_SYNCED", height: block });
    return headerJson(header, blockHash(header));
  }

  getCommit(_height: number): JsonObject {
    throw new NotVerifiedError({ code: "NOT_AVAILABLE_ON_LIGHT_NODE", what: "commit certificates (verified, not kept)" });
  }
}
