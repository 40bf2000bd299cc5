// subscribe_assets: every finalized asset op, and every transfer or message that moves an asset,
// by the asset's id or by an address it names (the sender, a recipient, a frozen or clawed-back
// holder, a new admin). A create is found by its issuer's address (its id comes from the tx).
import { s } from "../schema.js";
import { PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import type { SubscriptionHub } from "../subscriptions.js";
import type { JsonObject } from "../json.js";
import type { CommittedBlock } from "../../chain/chain.js";
import type { UnsignedTx } from "../../chain/tx/types.js";
import { assetIdOf } from "../../chain/assets/records.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { txJson } from "./format.js";

export interface AssetEvent {
  assetId: Uint8Array;
  parties: Uint8Array[];
  json: () => JsonObject;
}

type AssetHub = SubscriptionHub<{ assets: AssetEvent }>;

export function registerAssetSubscription(hub: AssetHub): void {
  hub.register("assets", {
    params: [["target", p.anyOf(p.hash(), p.address())]],
    doc: { summary: "Finalized asset txs (every asset op, and transfers and messages that move an asset) by asset id or by an address the tx names", event: s.described(PLACED_TX, "an asset tx as a page entry") },
    match: (e, target) => bytesEqual(e.assetId, target) || e.parties.some((a) => bytesEqual(a, target)),
    route: { keyOf: (target) => toHex(target), eventKeys: (e) => [toHex(e.assetId), ...e.parties.map(toHex)] },
    result: (e) => e.json(),
  });
}

/** The asset a tx concerns and who it names, or null when it moves no asset. */
function assetOf(tx: UnsignedTx, id: Uint8Array): { assetId: Uint8Array; parties: Uint8Array[] } | null {
  if (tx.kind === "asset") {
    const b = tx.body;
    if (b.op === "create") return { assetId: assetIdOf(tx.from, id), parties: [tx.from] };
    const other = "to" in b ? b.to : "holder" in b ? b.holder : "admin" in b ? b.admin : null;
    return { assetId: b.asset, parties: other ? [tx.from, other] : [tx.from] };
  }
  if ((tx.kind === "transfer" || tx.kind === "message") && tx.body.asset) return { assetId: tx.body.asset, parties: [tx.from, tx.body.to] };
  return null;
}

/** Publishes the block's asset txs that took effect (failed ones reach their sender through subscribe_tx). */
export function publishAssets(hub: AssetHub, b: CommittedBlock): void {
  if (hub.count("assets") === 0) return;
  const h = b.block.header;
  b.txs.forEach((t, index) => {
    if (t.failure) return;
    const a = assetOf(t.stx.tx, t.id);
    if (a) hub.publish("assets", { ...a, json: () => ({ ...txJson(t.stx, toHex(t.id)), height: h.height, index, time: h.time, cursor: `${h.height}.${index}` }) });
  });
}
