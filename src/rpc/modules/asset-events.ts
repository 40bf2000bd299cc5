// subscribe_assets: every finalized asset op, and every transfer or message that moves an asset,
// by the asset's id or by an address it names (the sender, a recipient, a frozen or clawed-back
// holder, a new admin). A create is found by its issuer's address (its id comes from the tx).
// And every move of an asset by an automatic action (a lock at creation or deposit, a payout, a
// refund, a payout returned to the funder), by the asset or by whom it moves from or to, with
// the action and what happened (execution's moves, src/chain/actions/moves.ts).
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
import type { BlockMove } from "../../chain/execution/executor.js";
import type { AssetRef } from "../../chain/assets/records.js";
import type { ActionUnit } from "../../chain/actions/record-json.js";
import { formatAddress } from "../../chain/address.js";
import { amountJson, hexJson } from "../../util/json.js";
import { formatDecimalAmount } from "../../util/amount.js";

export interface AssetEvent {
  assetId: Uint8Array;
  parties: Uint8Array[];
  json: () => JsonObject;
}

type AssetHub = SubscriptionHub<{ assets: AssetEvent }>;

export function registerAssetSubscription(hub: AssetHub): void {
  hub.register("assets", {
    params: [["target", p.anyOf(p.hash(), p.address())]],
    doc: {
      summary: "Finalized asset txs (every asset op, and transfers and messages that move an asset), and what automatic actions lock and pay out in an asset, by asset id or by an address named",
      event: { oneOf: [s.described(PLACED_TX, "an asset tx as a page entry"), ACTION_MOVE] },
    },
    match: (e, target) => bytesEqual(e.assetId, target) || e.parties.some((a) => bytesEqual(a, target)),
    route: { keyOf: (target) => toHex(target), eventKeys: (e) => [toHex(e.assetId), ...e.parties.map(toHex)] },
    result: (e) => e.json(),
  });
}

const ACTION_MOVE = s.object(
  {
    type: { enum: ["actionMove"] }, what: { enum: ["lock", "payout", "refund", "returned"] }, action: s.hash(), actionKind: s.string(),
    assetId: s.hash(), symbol: s.string(), decimals: s.uint(), issuer: s.nullable(s.address()),
    from: s.nullable(s.address()), to: s.nullable(s.address()), payee: s.address(), reason: s.string(), amount: s.decimal(), formatted: s.string(),
    height: s.uint(), time: s.uint(), index: s.nullable(s.uint()), txId: s.nullable(s.hash()),
  },
  { required: ["type", "what", "action", "actionKind", "assetId", "from", "to", "amount", "height", "time", "index", "txId"], description: "an asset moved by an automatic action" },
);

// Why a payout went to the funder instead (docs/DECISIONS.md 37): the only case of "returned".
const RETURNED_REASON = "PAYEE_FROZEN";

/** One action move as its notification: the action, what happened, the asset with its unit, and the tx (or null: the block hook). */
export function actionMoveJson(m: BlockMove, unit: ActionUnit, b: { height: number; time: number; txId: Uint8Array | null }): JsonObject {
  const out: JsonObject = {
    type: "actionMove", what: m.what, action: hexJson(m.action), actionKind: m.actionKind,
    assetId: hexJson(m.asset!), symbol: unit.symbol, decimals: unit.decimals, issuer: unit.issuer ? formatAddress(unit.issuer) : null,
    from: m.from ? formatAddress(m.from) : null, to: m.to ? formatAddress(m.to) : null,
    amount: amountJson(m.amount), formatted: formatDecimalAmount(m.amount, { decimals: unit.decimals }),
    height: b.height, time: b.time, index: m.index, txId: b.txId ? hexJson(b.txId) : null,
  };
  if (m.payee) Object.assign(out, { payee: formatAddress(m.payee), reason: RETURNED_REASON });
  return out;
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

/**
 * Publishes the block's asset txs that took effect (failed ones reach their sender through
 * subscribe_tx), then what its actions moved in an asset, each after the tx (or the block hook)
 * that moved it. `unitOf` gives an asset's symbol and decimals (action-unit.ts).
 */
export function publishAssets(hub: AssetHub, b: CommittedBlock, unitOf: (asset: AssetRef) => ActionUnit): void {
  if (hub.count("assets") === 0) return;
  const h = b.block.header;
  const moves = b.moves.filter((m) => m.asset !== null);
  let next = 0;
  const publishMovesOf = (index: number | null): void => {
    for (; next < moves.length && moves[next]!.index === index; next++) {
      const m = moves[next]!;
      const txId = index === null ? null : b.txs[index]!.id;
      const parties = [m.from, m.to, m.payee].filter((a): a is Uint8Array => a != null);
      hub.publish("assets", { assetId: m.asset!, parties, json: () => actionMoveJson(m, unitOf(m.asset), { height: h.height, time: h.time, txId }) });
    }
  };
  b.txs.forEach((t, index) => {
    if (t.failure) return;
    const a = assetOf(t.stx.tx, t.id);
    if (a) hub.publish("assets", { ...a, json: () => ({ ...txJson(t.stx, toHex(t.id)), height: h.height, index, time: h.time, cursor: `${h.height}.${index}` }) });
    publishMovesOf(index);
  });
  publishMovesOf(null);
}
