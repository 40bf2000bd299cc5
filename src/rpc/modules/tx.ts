import { s } from "../schema.js";
import { TX_ID, TX_STATUS } from "./result-schemas.js";
import { p, type Check, type Validator } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError, type RpcCodeName } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { toHex } from "../../util/bytes.js";
import { toJson } from "../json.js";
import { namedTxJson } from "./tx-names.js";

// Above the class: its static method table builds hexList() at class evaluation.
// The server's batch cap: a tx_sendBatch carries at most as many txs as a JSON-RPC batch would.
export const MAX_BATCH_TXS = 1000;
// Above the chain's largest tx (maxTxBytes 80 KiB by default); admission applies the chain's own cap.
export const MAX_TX_HEX_BYTES = 128 * 1024;

export class TxModule {
  static readonly namespace = "tx";
  static readonly methods: MethodTable<TxModule> = {
    send: [["tx", p.hex()]],
    sendBatch: [["txs", hexList()]],
    get: [["id", p.hash()]],
  };
  static readonly docs: DocTable<TxModule> = {
    send: { summary: "Admits signed tx bytes to the mempool; returns the tx id", result: TX_ID, errors: ["TX_REJECTED", "MEMPOOL_FULL"] },
    sendBatch: {
      summary: "Admits many signed txs; answers per tx, in order, with its id or its error",
      result: s.array({ anyOf: [TX_ID, s.object({ error: s.object({ code: s.any("a JSON-RPC error code"), message: s.string() }) }, { required: ["error"] })] }),
    },
    get: { summary: "A tx's status: pending, final (with its place), failed (fee paid, no effect) or rejected (with the reason)", result: TX_STATUS, errors: ["NOT_FOUND"] },
  };

  constructor(private readonly node: NodeView) {}

  /** Admits signed tx bytes; returns the id. A refused tx is an error whose data.reason is the tx error code. */
  async send(bytes: Uint8Array): Promise<JsonObject> {
    const r = await this.node.submitTx(bytes);
    if (!r.ok) throw r.error;
    return { id: "0x" + r.value.id };
  }

  /**
   * Admits many signed txs in one call: one JSON-RPC request instead of one per tx, and their
   * signatures are verified together. Answers in order, one entry per tx: `{id}` when admitted
   * (or already pending), else `{error: {code, message, data: {reason, message}}}` with the same
   * code and reason tx_send would have answered.
   */
  async sendBatch(txs: Uint8Array[]): Promise<JsonObject[]> {
    const results = await Promise.all(txs.map((bytes) => this.node.submitTx(bytes)));
    return results.map((r): JsonObject => {
      if (r.ok) return { id: "0x" + r.value.id };
      const code: RpcCodeName = MEMPOOL_FULL_CODES.has(r.error.code) ? "MEMPOOL_FULL" : "TX_REJECTED";
      const e = rpcError(code, r.error.code, { message: r.error.message }).toObject();
      return { error: e.data === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, data: e.data } };
    });
  }

  /** pending | final (height, index) | failed (height, index, reason) | rejected (reason) | unknown. */
  async get(id: Uint8Array): Promise<JsonObject> {
    const idHex = toHex(id);
    const found = await this.node.chain.txs.get(id);
    if (found) {
      const tx = namedTxJson(this.node, found.stx, idHex);
      // In a block but without effect: the fee was paid and the nonce used, nothing else changed.
      if (found.failure !== undefined) return { id: "0x" + idHex, status: "failed", height: found.height, index: found.index, reason: found.failure, tx };
      return { id: "0x" + idHex, status: "final", height: found.height, index: found.index, tx };
    }
    const pending = this.node.pool.get(idHex);
    if (pending) return { id: "0x" + idHex, status: "pending", tx: namedTxJson(this.node, pending.stx, idHex) };
    const rejected = this.node.rejected.get(idHex);
    if (rejected) return { id: "0x" + idHex, status: "rejected", reason: rejected.code, message: rejected.message, detail: toJson(rejected.type) };
    throw rpcError("NOT_FOUND", "TX_NOT_FOUND", { id: "0x" + idHex });
  }
}

// "Valid, but no room": the same split as the node's error mapping for tx_send.
const MEMPOOL_FULL_CODES: ReadonlySet<string> = new Set(["POOL_FULL", "SENDER_LIMIT"]);


/**
 * An array of hex txs, decoded natively: at thousands of txs per second the generic p.hex
 * (a regex over the text, then parseInt per byte) costs more CPU than the rest of the RPC layer.
 */
function hexList(): Validator<Uint8Array[]> {
  return {
    optional: false,
    schema: s.array(s.hex({ max: MAX_TX_HEX_BYTES }), MAX_BATCH_TXS),
    check(v: unknown): Check<Uint8Array[]> {
      if (!Array.isArray(v)) return { ok: false, reason: "WRONG_TYPE", detail: "expected an array of hex strings" };
      if (v.length > MAX_BATCH_TXS) return { ok: false, reason: "BAD_LENGTH", detail: `expected at most ${MAX_BATCH_TXS} txs` };
      const out: Uint8Array[] = [];
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const path = `${i}`;
        if (typeof item !== "string") return { ok: false, reason: "WRONG_TYPE", detail: "expected a hex string", path };
        const start = item.startsWith("0x") ? 2 : 0;
        const digits = item.length - start;
        if (digits > MAX_TX_HEX_BYTES * 2) return { ok: false, reason: "BAD_LENGTH", detail: `expected at most ${MAX_TX_HEX_BYTES} bytes`, path };
        // Buffer.from stops at the first non-hex pair, so a short result means bad text.
        const buf = Buffer.from(start === 0 ? item : item.slice(2), "hex");
        if (buf.length * 2 !== digits) return { ok: false, reason: "BAD_FORMAT", detail: "expected whole bytes of hex", path };
        out.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
      }
      return { ok: true, value: out };
    },
  };
}
