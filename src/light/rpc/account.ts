// account_get on a light node: balance and nonce proven by a sparse Merkle proof against a
// verified header's stateRoot; with `proof: true` the proof itself, so the app can re-check.
import { p } from "../../rpc/params.js";
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { AccountModule } from "../../rpc/modules/account.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { accountJson, hex } from "../../rpc/modules/format.js";
import type { LightServices } from "../services.js";

export class LightAccountModule {
  static readonly namespace = "account";
  static readonly methods: MethodTable<LightAccountModule> = {
    get: [
      ["address", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
  };
  static readonly docs: DocTable<LightAccountModule> = verifiedDocs(AccountModule.docs);

  constructor(private readonly node: LightServices) {}

  /**
   * `height` is the verified header the proof is against. `pendingNonce` counts the txs this
   * light node relayed itself and has not seen final: what a wallet signs next.
   */
  async get(address: Uint8Array, proof: boolean): Promise<JsonObject> {
    const v = await this.node.queries.account(address);
    const pendingNonce = this.node.relayed.pendingNonce(address, v.account.nonce, v.height);
    const out: JsonObject = { ...accountJson(address, v.account), pendingNonce, height: v.height };
    if (proof) {
      const header = await this.node.chain.header(v.height);
      out["proof"] = { stateRoot: header ? hex(header.stateRoot) : null, height: v.height, value: v.value ? hex(v.value) : null, smtProof: hex(v.proof) };
    }
    return out;
  }
}
