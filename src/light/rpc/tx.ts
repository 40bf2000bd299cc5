// tx_send and tx_get on a light node. A tx is checked locally (encoding, chain, signature),
// then relayed to two full nodes; tx_get answers "final" (or "failed") only with an inclusion
// proof under a verified header, "pending" only for txs this node relayed itself.
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { TxModule } from "../../rpc/modules/tx.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { p } from "../../rpc/params.js";
import { rpcError } from "../../rpc/errors.js";
import { txJson } from "../../rpc/modules/format.js";
import { decodeTx, signingMessage } from "../../chain/tx/codec.js";
import { txError } from "../../chain/tx/errors.js";
import { sha256, verifyEd25519 } from "../../crypto/native.js";
import { toHex } from "../../util/bytes.js";
import { NotVerifiedError } from "../errors.js";
import type { LightServices } from "../services.js";

// "Valid, but no room": retry later (the same split as a full node's tx_send).
const MEMPOOL_FULL_CODES: ReadonlySet<string> = new Set(["POOL_FULL", "SENDER_LIMIT"]);

export class LightTxModule {
  static readonly namespace = "tx";
  static readonly methods: MethodTable<LightTxModule> = {
    send: [["tx", p.hex()]],
    get: [["id", p.hash()]],
  };
  static readonly docs: DocTable<LightTxModule> = verifiedDocs(TxModule.docs);

  constructor(private readonly node: LightServices) {}

  async send(bytes: Uint8Array): Promise<JsonObject> {
    const { genesis } = this.node;
    const d = decodeTx(bytes, genesis.params.maxTxBytes);
    if (!d.ok) throw d.error;
    const stx = d.value;
    // A tx that cannot be valid is refused here, without bothering peers.
    if (stx.tx.chainId !== genesis.chainId) throw txError({ code: "WRONG_CHAIN", expected: genesis.chainId, got: stx.tx.chainId });
    if (!verifyEd25519(stx.tx.from, signingMessage(genesis.chainId, stx.payload), stx.sig)) throw txError({ code: "BAD_SIGNATURE" });
    const id = sha256(stx.payload);
    const r = await this.node.queries.send(bytes, id);
    if (r.status === "rejected") throw rpcError(MEMPOOL_FULL_CODES.has(r.code) ? "MEMPOOL_FULL" : "TX_REJECTED", r.code, { message: r.message });
    this.node.relayed.add(id, stx);
    return { id: "0x" + toHex(id) };
  }

  async get(id: Uint8Array): Promise<JsonObject> {
    const idHex = toHex(id);
    const v = await this.node.queries.tx(id);
    if (v) {
      this.node.relayed.forget(id);
      // "failed": proven in the block under its failed entry: the fee was paid, nothing else happened.
      return { id: "0x" + idHex, status: v.failed ? "failed" : "final", height: v.height, index: v.index, tx: txJson(v.stx, idHex) };
    }
    const mine = this.node.relayed.get(id);
    if (mine) return { id: "0x" + idHex, status: "pending", tx: txJson(mine.stx, idHex) };
    throw new NotVerifiedError({ code: "TX_NOT_PROVEN" });
  }
}
