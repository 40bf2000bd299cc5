// Proof of existence: who first anchored a SHA-256 hash, and when (from authenticated state).
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { StateNs } from "../../chain/tx/spec.js";
import { decodeAnchorRecord } from "../../chain/tx/kinds/anchor.js";
import { hex } from "./format.js";

export class AnchorModule {
  static readonly namespace = "anchor";
  static readonly methods: MethodTable<AnchorModule> = {
    get: [["hash", p.hash()]],
  };
  static readonly docs: DocTable<AnchorModule> = {
    get: {
      summary: "The first finalized anchor of a SHA-256: owner, height, block time, tag and tx id",
      result: s.object({ hash: s.hash(), owner: s.address(), height: s.uint(), time: s.uint(), tag: s.string(), txId: s.hash() }, { required: ["hash", "owner", "height", "txId"] }),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  /** The first finalized anchor of `hash`: owner, height, block time, tag, tx id. */
  async get(hash: Uint8Array): Promise<JsonObject> {
    const raw = this.node.chain.state.get(StateNs.anchor, hash);
    const rec = raw && decodeAnchorRecord(raw);
    if (!rec) throw rpcError("NOT_FOUND", "ANCHOR_NOT_FOUND", { hash: hex(hash) });
    const header = await this.node.chain.blocks.header(rec.height);
    return { hash: hex(hash), owner: formatAddress(rec.owner), height: rec.height, time: header?.time ?? 0, tag: rec.tag, txId: hex(rec.txId) };
  }
}
