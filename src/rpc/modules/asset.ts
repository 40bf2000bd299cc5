// Assets and points (docs/ASSETS.md, docs/RPC.md "asset"): an asset's record, the assets of the
// chain or of one issuer, an address's holdings, and one holding with its sparse Merkle proof
// against the head's stateRoot (what `parley light` checks). Lists are paged by position in the
// state's own lists (records.ts), so every page is a set of provable reads.
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import { StateNs } from "../../chain/tx/spec.js";
import {
  assetKey, countKey, decodeAsset, decodeCount, decodeHolding, holderCountKey, holderItemKey, holdingKey, issuerCountKey, issuerItemKey, serialKey,
  type AssetRecord,
} from "../../chain/assets/records.js";
import { assetJson, holdingJson } from "../../chain/assets/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { hex } from "./format.js";

const MAX_PAGE = 200;

const ASSET = s.object({
  assetId: s.hash(), issuer: s.address(), admin: s.address(), symbol: s.string(), name: s.string(), decimals: s.uint(),
  supply: s.decimal(), supplyFormatted: s.string(), maxSupply: s.nullable(s.decimal()), metaHash: s.nullable(s.hash()),
  flags: s.array(s.string("transferable | mintable | freezable | clawback")), height: s.uint(), txId: s.hash(),
});
const HOLDING = s.object({ assetId: s.hash(), symbol: s.string(), decimals: s.uint(), issuer: s.address(), balance: s.decimal(), formatted: s.string(), frozen: s.bool() });
const PROOF = s.object(
  {
    height: s.uint(), stateRoot: s.hash(),
    entries: s.array(s.object({ ns: s.uint(), key: s.hex(), value: s.nullable(s.hex()), smtProof: s.hex() }, { required: ["ns", "key", "value", "smtProof"] })),
  },
  { required: ["height", "stateRoot", "entries"] },
);

export class AssetModule {
  static readonly namespace = "asset";
  static readonly methods: MethodTable<AssetModule> = {
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
  static readonly docs: DocTable<AssetModule> = {
    get: { summary: "An asset at the head: issuer, admin, symbol, name, decimals, supply (base units and formatted), max supply, flags", result: ASSET, errors: ["NOT_FOUND"] },
    list: {
      summary: "Assets in creation order from position `from`: all of the chain's, or one issuer's",
      result: s.object({ total: s.uint(), from: s.uint(), assets: s.array(ASSET) }, { required: ["total", "from", "assets"] }),
    },
    balances: {
      summary: "Every asset an address holds or held, from position `from`, with balances in base units and formatted; `native` is the native token's balance",
      result: s.object({ address: s.address(), native: s.object({ balance: s.decimal(), formatted: s.string(), symbol: s.string(), decimals: s.uint() }), total: s.uint(), from: s.uint(), holdings: s.array(HOLDING) }, { required: ["address", "native", "total", "from", "holdings"] }),
    },
    balance: {
      summary: "One holding (0 when none) at the head; with proof, the sparse Merkle proofs of the holding and of the asset record against the head's stateRoot",
      result: s.object({ address: s.address(), assetId: s.hash(), symbol: s.string(), decimals: s.uint(), issuer: s.address(), balance: s.decimal(), formatted: s.string(), frozen: s.bool(), proof: PROOF }, { required: ["address", "assetId", "balance"] }),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  private record(id: Uint8Array): AssetRecord | undefined {
    const raw = this.node.chain.state.get(StateNs.asset, assetKey(id));
    return raw && decodeAsset(raw);
  }

  async get(assetId: Uint8Array): Promise<JsonObject> {
    const r = this.record(assetId);
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    return assetJson(assetId, r);
  }

  async list(issuer: Uint8Array | undefined, from: number, limit: number): Promise<JsonObject> {
    const state = this.node.chain.state;
    const total = decodeCount(state.get(StateNs.asset, issuer ? issuerCountKey(issuer) : countKey()));
    const assets: JsonObject[] = [];
    for (let i = from; i < Math.min(total, from + limit); i++) {
      const id = state.get(StateNs.asset, issuer ? issuerItemKey(issuer, i) : serialKey(i));
      const r = id && this.record(id);
      if (id && r) assets.push(assetJson(id, r));
    }
    return { total, from, assets };
  }

  async balances(address: Uint8Array, from: number, limit: number): Promise<JsonObject> {
    const state = this.node.chain.state;
    const params = this.node.chain.params;
    const unit = { decimals: params.nativeDecimals, symbol: params.nativeSymbol };
    const nativeBalance = this.node.chain.state.account(address).balance;
    const total = decodeCount(state.get(StateNs.asset, holderCountKey(address)));
    const holdings: JsonObject[] = [];
    for (let i = from; i < Math.min(total, from + limit); i++) {
      const id = state.get(StateNs.asset, holderItemKey(address, i));
      const r = id && this.record(id);
      const raw = id && state.get(StateNs.asset, holdingKey(id, address));
      const h = raw && decodeHolding(raw);
      if (id && r && h) holdings.push(holdingJson(id, r, h));
    }
    return {
      address: formatAddress(address),
      native: { balance: nativeBalance.toString(), formatted: formatDecimalAmount(nativeBalance, { decimals: unit.decimals }), symbol: unit.symbol, decimals: unit.decimals },
      total, from, holdings,
    };
  }

  async balance(address: Uint8Array, assetId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const r = this.record(assetId);
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    const hKey = holdingKey(assetId, address);
    const raw = this.node.chain.state.get(StateNs.asset, hKey);
    const h = (raw && decodeHolding(raw)) || { balance: 0n, frozen: false };
    const out: JsonObject = { address: formatAddress(address), ...holdingJson(assetId, r, h) };
    if (proof) {
      const reads = [{ key: hKey, value: raw }, { key: assetKey(assetId), value: this.node.chain.state.get(StateNs.asset, assetKey(assetId)) }];
      const entries = await Promise.all(reads.map(async (e) => {
        // State nodes are content-addressed and never deleted: the proof stays valid as blocks arrive.
        const pr = await this.node.chain.smt.prove(head.header.stateRoot, smtKey(StateNs.asset, e.key));
        return { ns: StateNs.asset, key: hex(e.key), value: e.value ? hex(e.value) : null, smtProof: hex(encodeProof(pr)) };
      }));
      out["proof"] = { height: head.height, stateRoot: hex(head.header.stateRoot), entries };
    }
    return out;
  }
}
