import { p } from "../params.js";
import type { MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeServices } from "../../node/services.js";
import { decodeTx } from "../../chain/tx/codec.js";
import { toHex } from "../../util/bytes.js";
import { toJson } from "../json.js";
import { txJson } from "./format.js";

export class TxModule {
  static readonly namespace = "tx";
  static readonly methods: MethodTable<TxModule> = {
    send: [["tx", p.hex()]],
    get: [["id", p.hash()]],
  };

  constructor(private readonly node: NodeServices) {}

  /** Admits signed tx bytes; returns the id. A refused tx is an error whose data.reason is the tx error code. */
  async send(bytes: Uint8Array): Promise<JsonObject> {
    const r = await this.node.submitTx(bytes);
    if (!r.ok) throw r.error;
    return { id: "0x" + r.value.id };
  }

  /** pending | final (height, index) | rejected (reason) | unknown. */
  async get(id: Uint8Array): Promise<JsonObject> {
    const idHex = toHex(id);
    const stored = await this.node.chain.blocks.tx(id);
    if (stored) {
      const d = decodeTx(stored.bytes, Number.MAX_SAFE_INTEGER);
      return { id: "0x" + idHex, status: "final", height: stored.height, index: stored.index, tx: d.ok ? txJson(d.value, idHex) : null };
    }
    const pending = this.node.pool.get(idHex);
    if (pending) return { id: "0x" + idHex, status: "pending", tx: txJson(pending.stx, idHex) };
    const rejected = this.node.rejected.get(idHex);
    if (rejected) return { id: "0x" + idHex, status: "rejected", reason: rejected.code, message: rejected.message, detail: toJson(rejected.type) };
    throw rpcError("NOT_FOUND", "TX_NOT_FOUND", { id: "0x" + idHex });
  }
}
