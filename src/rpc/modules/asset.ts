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
import type { StateGet } from "../../chain/names/lookup.js";
import { readAsset, readAssetList, readBalance, readHoldings } from "../../chain/assets/reads.js";
import { assetJson, holdingJson } from "../../chain/assets/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { hex } from "./format.js";
import { recordingGet, STATE_PROOF, stateProof } from "./state-proof.js";

const MAX_PAGE = 200;

const ASSET = s.object({
  assetId: s.hash(), issuer: s.address(), admin: s.address(), symbol: s.string(), name: s.string(), decimals: s.uint(),
  supply: s.decimal(), supplyFormatted: s.string(), maxSupply: s.nullable(s.decimal()), metaHash: s.nullable(s.hash()),
  flags: s.array(s.string("transferable | mintable | freezable | clawback")), height: s.uint(), txId: s.hash(),
});
const HOLDING = s.object({ assetId: s.hash(), symbol: s.string(), decimals: s.uint(), issuer: s.address(), balance: s.decimal(), formatted: s.string(), frozen: s.bool() });

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
      result: s.object({ address: s.address(), assetId: s.hash(), symbol: s.string(), decimals: s.uint(), issuer: s.address(), balance: s.decimal(), formatted: s.string(), frozen: s.bool(), proof: STATE_PROOF }, { required: ["address", "assetId", "balance"] }),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  private get state(): StateGet {
    return (ns, key) => this.node.chain.state.get(ns, key);
  }

  async get(assetId: Uint8Array): Promise<JsonObject> {
    const r = readAsset(this.state, assetId);
    if (!r) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    return assetJson(assetId, r);
  }

  async list(issuer: Uint8Array | undefined, from: number, limit: number): Promise<JsonObject> {
    const { total, assets } = readAssetList(this.state, issuer, from, limit);
    return { total, from, assets: assets.map((a) => assetJson(a.id, a.record)) };
  }

  async balances(address: Uint8Array, from: number, limit: number): Promise<JsonObject> {
    const params = this.node.chain.params;
    const nativeBalance = this.node.chain.state.account(address).balance;
    const { total, holdings } = readHoldings(this.state, address, from, limit);
    return {
      address: formatAddress(address),
      native: { balance: nativeBalance.toString(), formatted: formatDecimalAmount(nativeBalance, { decimals: params.nativeDecimals }), symbol: params.nativeSymbol, decimals: params.nativeDecimals },
      total, from, holdings: holdings.map((h) => holdingJson(h.id, h.record, h.holding)),
    };
  }

  async balance(address: Uint8Array, assetId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const { get, reads } = recordingGet(this.node);
    const { record, holding } = readBalance(get, address, assetId);
    if (!record) throw rpcError("NOT_FOUND", "ASSET_NOT_FOUND", { assetId: hex(assetId) });
    const out: JsonObject = { address: formatAddress(address), ...holdingJson(assetId, record, holding) };
    // The holding's and the record's reads, proven against the head they were read at.
    if (proof) out["proof"] = await stateProof(this.node, { height: head.height, stateRoot: head.header.stateRoot }, reads);
    return out;
  }
}
