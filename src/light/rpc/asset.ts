// asset_* on a light node: the full node's answers (same params, same JSON), read with the full
// node's readers (src/chain/assets/reads.ts) over state entries proven under a header this node
// verified itself (light-state, src/light/state-read.ts). `proof: true` on asset_balance returns
// the entries in the full node's proof shape, so the SDK's checkAssetBalanceProof accepts either
// node's answer.
import { p } from "../../rpc/params.js";
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { rpcError } from "../../rpc/errors.js";
import type { JsonObject } from "../../rpc/json.js";
import { AssetModule } from "../../rpc/modules/asset.js";
import { formatAddress } from "../../chain/address.js";
import { decodeAccount, EMPTY_ACCOUNT } from "../../chain/state/account.js";
import { StateNs } from "../../chain/tx/spec.js";
import { readAsset, readAssetList, readBalance, readHoldings } from "../../chain/assets/reads.js";
import { assetJson, holdingJson } from "../../chain/assets/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { hex } from "../../rpc/modules/format.js";
import { verifiedDocs } from "./docs.js";
import { provenRead, stateProofJson, type ProvenRead, type ReadAt, type StateGet } from "../state-read.js";
import type { LightServices } from "../services.js";

// Each entry of a page costs up to three proven entries (item, record, holding): 50 a page keeps
// one light-state request within its key limit (the full node allows 200).
const MAX_PAGE = 50;

export class LightAssetModule {
  static readonly namespace = "asset";
  static readonly methods: MethodTable<LightAssetModule> = {
    get: AssetModule.methods.get,
    list: [
      ["issuer", p.optional(p.address())],
      ["from", p.withDefault(p.uint(), 0)],
      ["limit", p.withDefault(p.uint({ min: 1, max: MAX_PAGE }), 50)],
    ],
    balances: [
      ["address", p.address()],
      ["from", p.withDefault(p.uint(), 0)],
      ["limit", p.withDefault(p.uint({ min: 1, max: MAX_PAGE }), 50)],
    ],
    balance: AssetModule.methods.balance,
  };
  static readonly docs: DocTable<LightAssetModule> = verifiedDocs(AssetModule.docs);

  constructor(private readonly node: LightServices) {}

  private read<T>(read: (get: StateGet, at: ReadAt) => T): Promise<ProvenRead<T>> {
    return provenRead((keys) => this.node.queries.stateEntries(keys), read);
  }

  async get(assetId: Uint8Array): Promise<JsonObject> {
    const { value: r } = await this.read((get) => readAsset(get, assetId));
    // A proven absence: the asset does not exist at the verified height.
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    return assetJson(assetId, r);
  }

  async list(issuer: Uint8Array | undefined, from: number, limit: number): Promise<JsonObject> {
    const { value } = await this.read((get) => readAssetList(get, issuer, from, limit));
    return { total: value.total, from, assets: value.assets.map((a) => assetJson(a.id, a.record)) };
  }

  async balances(address: Uint8Array, from: number, limit: number): Promise<JsonObject> {
    const params = this.node.genesis.params;
    const { value } = await this.read((get) => {
      const raw = get(StateNs.account, address);
      return { account: (raw && decodeAccount(raw)) || EMPTY_ACCOUNT, ...readHoldings(get, address, from, limit) };
    });
    const balance = value.account.balance;
    return {
      address: formatAddress(address),
      native: { balance: balance.toString(), formatted: formatDecimalAmount(balance, { decimals: params.nativeDecimals }), symbol: params.nativeSymbol, decimals: params.nativeDecimals },
      total: value.total, from, holdings: value.holdings.map((h) => holdingJson(h.id, h.record, h.holding)),
    };
  }

  async balance(address: Uint8Array, assetId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get) => readBalance(get, address, assetId));
    const { record, holding } = res.value;
    if (!record) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    const out: JsonObject = { address: formatAddress(address), ...holdingJson(assetId, record, holding) };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }
}
