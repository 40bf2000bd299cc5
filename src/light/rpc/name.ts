// name_resolve, name_reverse, name_get and name_list on a light node: the full node's answers, read with the
// chain's own lookups (src/chain/names/lookup.ts) over state entries proven under a header this
// node verified (light-state). A reverse lookup is valid only if the forward record it names is
// proven too, active and held by the address. name_price needs no state: the fee table and the
// genesis params give it. `proof: true` returns the entries in the full
// node's proof shape (the SDK's checkNameProof / checkReverseProof accept it).
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { rpcError } from "../../rpc/errors.js";
import type { JsonObject } from "../../rpc/json.js";
import { canonicalName, NameModule, namePriceJson, namesJson } from "../../rpc/modules/name.js";
import { formatAddress } from "../../chain/address.js";
import { lookupName, ownedNames, reverseName } from "../../chain/names/lookup.js";
import { nameJson } from "../../chain/names/json.js";
import { verifiedDocs } from "./docs.js";
import { provenRead, stateProofJson, type ProvenRead, type ReadAt, type StateGet } from "../state-read.js";
import type { LightServices } from "../services.js";

export class LightNameModule {
  static readonly namespace = "name";
  static readonly methods: MethodTable<LightNameModule> = {
    resolve: NameModule.methods.resolve, reverse: NameModule.methods.reverse, get: NameModule.methods.get, list: NameModule.methods.list, price: NameModule.methods.price,
  };
  static readonly docs: DocTable<LightNameModule> = {
    ...verifiedDocs({ resolve: NameModule.docs.resolve, reverse: NameModule.docs.reverse, get: NameModule.docs.get, list: NameModule.docs.list }),
    price: NameModule.docs.price,
  };

  constructor(private readonly node: LightServices) {}

  private get grace(): number {
    return this.node.genesis.params.nameGraceBlocks;
  }

  private read<T>(read: (get: StateGet, at: ReadAt) => T): Promise<ProvenRead<T>> {
    return provenRead((keys) => this.node.queries.stateEntries(keys), read);
  }

  async resolve(typed: string, proof: boolean): Promise<JsonObject> {
    const name = canonicalName(typed);
    const res = await this.read((get, at) => lookupName(get, name, at.height, this.grace));
    const found = res.value;
    if (found.status === "missing") throw rpcError("NOT_FOUND", "NAME_NOT_FOUND", { name });
    if (found.status !== "active") throw rpcError("NOT_FOUND", "NAME_EXPIRED", { name, expiry: found.record.expiry, status: found.status });
    const out: JsonObject = { name, address: formatAddress(found.record.owner), expiry: found.record.expiry, height: res.header.height };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }

  async reverse(address: Uint8Array, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get, at) => reverseName(get, address, at.height, this.grace));
    const out: JsonObject = { address: formatAddress(address), name: res.value.name, claimed: res.value.claimed, height: res.header.height };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }

  async get(typed: string, proof: boolean): Promise<JsonObject> {
    const name = canonicalName(typed);
    const res = await this.read((get, at) => lookupName(get, name, at.height, this.grace));
    const found = res.value;
    if (found.status === "missing") {
      if (proof) return { name, height: res.header.height, proof: stateProofJson(res) };
      throw rpcError("NOT_FOUND", "NAME_NOT_FOUND", { name });
    }
    const out: JsonObject = { ...nameJson(name, found.record, found.status, this.grace), height: res.header.height };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }

  async list(owner: Uint8Array, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get, at) => ownedNames(get, owner, at.height, this.grace));
    const out: JsonObject = { owner: formatAddress(owner), names: namesJson(res.value.names, this.grace), primary: res.value.primary, height: res.header.height };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }

  price(typed: string, years: number): JsonObject {
    return namePriceJson(this.node.genesis.params, typed, years);
  }
}
