import { HEADER, BLOCK, COMMIT } from "./result-schemas.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { blockHash } from "../../chain/chain.js";
import { CallLimiter } from "./limiter.js";
import { headerJson, hex } from "./format.js";
import { namedTxJson } from "./tx-names.js";
import { toHex } from "../../util/bytes.js";

export class ChainModule {
  static readonly namespace = "chain";
  static readonly methods: MethodTable<ChainModule> = {
    getHead: [],
    getBlock: [
      ["block", p.anyOf(p.uint(), p.hash())],
      ["txs", p.withDefault(p.oneOf("none", "ids", "full"), "ids")],
    ],
    getCommit: [["height", p.uint()]],
  };
  static readonly docs: DocTable<ChainModule> = {
    getHead: { summary: "The latest finalized block's header", result: HEADER },
    getBlock: { summary: "A finalized block by height or hash; txs as ids (default), full objects, or none", result: BLOCK, errors: ["NOT_FOUND"] },
    getCommit: { summary: "The commit certificate (>2/3 precommits) that finalized a height", result: COMMIT, errors: ["NOT_FOUND"] },
  };

  // Two full block reads at a time, 32 waiting: ~100 MB at most for a full 16 MB block budget.
  private readonly fullReads = new CallLimiter(2, 32);

  constructor(private readonly node: NodeView) {}

  getHead(): JsonObject {
    const { header, hash } = this.node.chain.head;
    return headerJson(header, hash);
  }

  /** By height or by 32-byte hash; txs as ids (default), full objects, or none. */
  async getBlock(block: number | Uint8Array, txs: "none" | "ids" | "full"): Promise<JsonObject> {
    const { blocks } = this.node.chain;
    const height = typeof block === "number" ? block : await blocks.heightOf(block);
    const header = height === undefined ? undefined : await blocks.header(height);
    if (height === undefined || !header) throw rpcError("NOT_FOUND", "BLOCK_NOT_FOUND");
    const out = headerJson(header, blockHash(header));
    if (txs === "none") return out;
    const ids = await blocks.txIds(height);
    if (txs === "ids") return { ...out, txs: ids.map(hex) };
    return this.fullReads.run(async () => {
      const found = await this.node.chain.txs.getAll(ids);
      // A tx in the block as failed (fee paid, no effect) says so, with its reason.
      out["txs"] = found.map((t) => (t.failure === undefined ? namedTxJson(this.node, t.stx, toHex(t.id)) : { ...namedTxJson(this.node, t.stx, toHex(t.id)), failed: t.failure }));
      return out;
    });
  }

  /** The certificate (>2/3 precommits) that finalized a block, hex-encoded. */
  async getCommit(height: number): Promise<JsonObject> {
    const c = await this.node.chain.blocks.commit(height);
    if (!c) throw rpcError("NOT_FOUND", "COMMIT_NOT_FOUND");
    return { height, commit: hex(c) };
  }
}
