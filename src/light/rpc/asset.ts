// asset_* on a light node: the full node's answers (same params, same JSON), built only from
// state entries proven under a header this node verified itself (light-state, src/light/state-read.ts).
// `proof: true` on asset_balance returns the entries in the full node's proof shape, so the SDK's
// checkAssetBalanceProof accepts either node's answer.
import { p } from "../../rpc/params.js";
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { rpcError } from "../../rpc/errors.js";
import type { JsonObject } from "../../rpc/json.js";
import { AssetModule } from "../../rpc/modules/asset.js";
import { formatAddress } from "../../chain/address.js";
import { decodeAccount, EMPTY_ACCOUNT } from "../../chain/state/account.js";
import { StateNs } from "../../chain/tx/spec.js";
import {
  assetKey, countKey, decodeAsset, decodeCount, decodeHolding, holderCountKey, holderItemKey, holdingKey, issuerCountKey, issuerItemKey, serialKey,
  type AssetRecord, type Holding,
} from "../../chain/assets/records.js";
import { assetJson, holdingJson } from "../../chain/assets/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { hex } from "../../rpc/modules/format.js";
import { verifiedDocs } from "./docs.js";
import { provenRead, stateProofJson, type ProvenRead, type ReadAt, type StateGet } from "../state-read.js";
import type { LightServices } from "../services.js";

// Each entry of a page costs up to three proven entries (item, record, holding): 50 a page keeps
// one light-state request within its key limit (the full node allows 200).
const MAX_PAGE = 50;

const NO_HOLDING: Holding = { balance: 0n, frozen: false };

function record(get: StateGet, id: Uint8Array): AssetRecord | undefined {
  const raw = get(StateNs.asset, assetKey(id));
  return raw && decodeAsset(raw);
}

/** Ids at positions from..from+limit-1 of a list whose count and items are under the given keys. */
function listIds(get: StateGet, countAt: Uint8Array, itemAt: (i: number) => Uint8Array, from: number, limit: number): { total: number; ids: Uint8Array[] } {
  const total = decodeCount(get(StateNs.asset, countAt));
  const ids: Uint8Array[] = [];
  for (let i = from; i < Math.min(total, from + limit); i++) {
    const id = get(StateNs.asset, itemAt(i));
    if (id) ids.push(id);
  }
  return { total, ids };
}

export class LightAssetModule {
  static readonly namespace = "asset";
  static readonly methods: MethodTable<LightAssetModule> = {
    get: [["assetId", p.hash()]],
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
    balance: [
      ["address", p.address()],
      ["assetId", p.hash()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
  };
  static readonly docs: DocTable<LightAssetModule> = verifiedDocs(AssetModule.docs);

  constructor(private readonly node: LightServices) {}

  private read<T>(read: (get: StateGet, at: ReadAt) => T): Promise<ProvenRead<T>> {
    return provenRead((keys) => this.node.queries.stateEntries(keys), read);
  }

  async get(assetId: Uint8Array): Promise<JsonObject> {
    const { value: r } = await this.read((get) => record(get, assetId));
    // A proven absence: the asset does not exist at the verified height.
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    return assetJson(assetId, r);
  }

  async list(issuer: Uint8Array | undefined, from: number, limit: number): Promise<JsonObject> {
    const { value } = await this.read((get) => {
      const { total, ids } = listIds(get, issuer ? issuerCountKey(issuer) : countKey(), (i) => (issuer ? issuerItemKey(issuer, i) : serialKey(i)), from, limit);
      return { total, assets: ids.flatMap((id) => {
        const r = record(get, id);
        return r ? [assetJson(id, r)] : [];
      }) };
    });
    return { total: value.total, from, assets: value.assets };
  }

  async balances(address: Uint8Array, from: number, limit: number): Promise<JsonObject> {
    const params = this.node.genesis.params;
    const { value } = await this.read((get) => {
      const raw = get(StateNs.account, address);
      const account = (raw && decodeAccount(raw)) || EMPTY_ACCOUNT;
      const { total, ids } = listIds(get, holderCountKey(address), (i) => holderItemKey(address, i), from, limit);
      const holdings = ids.flatMap((id) => {
        const r = record(get, id);
        const h = get(StateNs.asset, holdingKey(id, address));
        const holding = h && decodeHolding(h);
        return r && holding ? [holdingJson(id, r, holding)] : [];
      });
      return { balance: account.balance, total, holdings };
    });
    return {
      address: formatAddress(address),
      native: { balance: value.balance.toString(), formatted: formatDecimalAmount(value.balance, { decimals: params.nativeDecimals }), symbol: params.nativeSymbol, decimals: params.nativeDecimals },
      total: value.total, from, holdings: value.holdings,
    };
  }

  async balance(address: Uint8Array, assetId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get) => {
      // Both keys are read every time: the proof then carries what checkAssetBalanceProof needs.
      const h = get(StateNs.asset, holdingKey(assetId, address));
      return { r: record(get, assetId), h: (h && decodeHolding(h)) || NO_HOLDING };
    });
    const { r, h } = res.value;
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    const out: JsonObject = { address: formatAddress(address), ...holdingJson(assetId, r, h) };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }
}
