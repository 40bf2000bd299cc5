// WebSocket subscription kinds and how chain events feed them. publish() never waits on a
// client: each connection has a bounded queue and a slow one is dropped (see rpc/ws-session.ts).
import { s } from "../schema.js";
import { ACTION, HEADER, PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import { SubscriptionHub } from "../subscriptions.js";
import type { JsonObject } from "../json.js";
import type { CommittedBlock } from "../../chain/chain.js";
import { headerJson, hex, txJson } from "./format.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { txNotification } from "../../chain/execution/notify.js";
import { deviceChangeOf } from "../../chain/tx/kinds/device-state.js";
import { formatAddress } from "../../chain/address.js";
import { actionChannel, actionParties, actionRecordJson, type ActionUnit } from "../../chain/actions/record-json.js";
import type { ActionRecord } from "../../chain/actions/records.js";
import type { AssetRef } from "../../chain/assets/records.js";
import { publishWorks, registerWorkSubscription, type WorkEvent } from "./work-events.js";
import { publishNames, registerNameSubscription, type NameEvent } from "./name-events.js";
import { publishAssets, registerAssetSubscription, type AssetEvent } from "./asset-events.js";

export interface TxEvent {
  id: Uint8Array;
  /** final: took effect; failed: in a block, fee paid, no effect (reason says why); rejected: left the pool unincluded. */
  status: "final" | "failed" | "rejected";
  height?: number;
  index?: number;
  reason?: string;
}

export interface MessageEvent {
  /** Every address the tx is addressed to or from, and the channel it belongs to, if any. */
  parties: Uint8Array[];
  channel: Uint8Array | null;
  /** The notification body; built only if some subscription matches (formatting costs more than executing). */
  json: () => JsonObject;
}

/** An automatic action a block created or changed (by a tx, or by itself in the end-block hook). */
export interface ActionChangeEvent {
  id: Uint8Array;
  /** Everyone it concerns (actionParties) and its channel, if any: the routing keys besides the id. */
  parties: Uint8Array[];
  channel: Uint8Array | null;
  json: () => JsonObject;
}

/** A device added or revoked (src/chain/tx/kinds/device-state.ts deviceChangeOf). */
export interface DeviceEvent {
  identity: Uint8Array;
  device: Uint8Array;
  json: () => JsonObject;
}

export interface NodeEvents {
  heads: JsonObject;
  tx: TxEvent;
  messages: MessageEvent;
  actions: ActionChangeEvent;
  devices: DeviceEvent;
  works: WorkEvent;
  names: NameEvent;
  assets: AssetEvent;
}

const TX_EVENT = s.object(
  { id: s.hash(), status: { enum: ["final", "failed"] }, height: s.nullable(s.uint()), index: s.nullable(s.uint()), reason: s.nullable(s.string()) },
  { required: ["id", "status"] },
);

export function createHub(): SubscriptionHub<NodeEvents> {
  const hub = new SubscriptionHub<NodeEvents>();
  hub.register("heads", { params: [], doc: { summary: "Every finalized block's header", event: HEADER } });
  hub.register("tx", {
    params: [["id", p.hash()]],
    doc: { summary: "One tx's outcome once a block finalizes it (final or failed)", event: TX_EVENT },
    match: (e, id) => bytesEqual(e.id, id),
    route: { keyOf: (id) => toHex(id), eventKeys: (e) => [toHex(e.id)] },
    result: (e) => ({ id: hex(e.id), status: e.status, height: e.height ?? null, index: e.index ?? null, reason: e.reason ?? null }),
  });
  // Messages for an address (received or sent, direct or transfer memo) or for a channel id.
  hub.register("messages", {
    params: [["target", p.anyOf(p.address(), p.hash())]],
    doc: { summary: "Finalized messages and transfers for an address (received or sent) or a channel id, as page entries", event: PLACED_TX },
    match: (e, target) => {
      if (e.channel !== null && bytesEqual(e.channel, target)) return true;
      for (const a of e.parties) if (bytesEqual(a, target)) return true;
      return false;
    },
    route: { keyOf: (target) => toHex(target), eventKeys: messageKeys },
    result: (e) => e.json(),
  });
  // Actions by id, by a party's address, or by channel: every block that creates or changes one
  // (a payment run, a claim, a release, an expiry) sends its record as it is after the block.
  hub.register("actions", {
    params: [["target", p.anyOf(p.address(), p.hash())]],
    doc: { summary: "Automatic actions by id, party or channel: each block that creates or changes one sends its record", event: ACTION },
    match: (e, target) => bytesEqual(e.id, target) || (e.channel !== null && bytesEqual(e.channel, target)) || e.parties.some((a) => bytesEqual(a, target)),
    route: { keyOf: (target) => toHex(target), eventKeys: actionKeys },
    result: (e) => e.json(),
  });
  // Device changes by identity or by device key: the MLS layer and other devices follow these
  // (a revoked device leaves every group at its next commit).
  hub.register("devices", {
    params: [["target", p.address()]],
    doc: {
      summary: "Devices added to or revoked from an identity, by the identity's address or the device's",
      event: s.object(
        { identity: s.address(), device: s.address(), change: { enum: ["added", "revoked"] }, label: s.nullable(s.string()), txId: s.hash(), height: s.uint(), time: s.uint() },
        { required: ["identity", "device", "change", "txId", "height"] },
      ),
    },
    match: (e, target) => bytesEqual(e.identity, target) || bytesEqual(e.device, target),
    route: { keyOf: (target) => toHex(target), eventKeys: (e) => [toHex(e.identity), toHex(e.device)] },
    result: (e) => e.json(),
  });
  registerWorkSubscription(hub);
  registerNameSubscription(hub);
  registerAssetSubscription(hub);
  return hub;
}

function actionKeys(e: ActionChangeEvent): string[] {
  const keys = [toHex(e.id), ...e.parties.map(toHex)];
  if (e.channel !== null) keys.push(toHex(e.channel));
  return keys;
}

function messageKeys(e: MessageEvent): string[] {
  const keys = e.parties.map(toHex);
  if (e.channel !== null) keys.push(toHex(e.channel));
  return keys;
}

const baseUnitsOf = (asset: AssetRef): ActionUnit => ({ assetId: asset, symbol: "", decimals: 0, issuer: null });

/**
 * Fans a finalized block out to heads, actions, tx and message subscribers. `unitOf` says what
 * an asset's amounts count (action-unit.ts; the node passes one over its state). Without it
 * amounts show as bare base units.
 */
export function publishBlock(hub: SubscriptionHub<NodeEvents>, b: CommittedBlock, unitOf: (asset: AssetRef) => ActionUnit = baseUnitsOf): void {
  const h = b.block.header;
  if (hub.count("heads") > 0) hub.publish("heads", headerJson(h, b.hash));
  if (hub.count("actions") > 0) {
    for (const { id, record } of b.actions) {
      hub.publish("actions", { id, parties: actionParties(record), channel: actionChannel(record), json: () => ({ ...actionRecordJson(id, record, unitOf(record.asset)), height: h.height, time: h.time }) });
    }
  }
  publishWorks(hub, b);
  publishNames(hub, b);
  publishAssets(hub, b, unitOf);
  // Formatting every tx as JSON costs more than executing it: skip kinds nobody listens to.
  const txSubs = hub.count("tx") > 0;
  const msgSubs = hub.count("messages") > 0;
  const deviceSubs = hub.count("devices") > 0;
  if (!txSubs && !msgSubs && !deviceSubs) return;
  b.txs.forEach((t, index) => {
    if (t.failure) {
      // A failed tx reached nobody: its sender learns why through the tx subscription only.
      if (txSubs) hub.publish("tx", { id: t.id, status: "failed", height: h.height, index, reason: t.failure.code });
      return;
    }
    if (txSubs) hub.publish("tx", { id: t.id, status: "final", height: h.height, index });
    const dc = deviceSubs ? deviceChangeOf(t.stx.tx) : null;
    if (dc) {
      hub.publish("devices", {
        identity: dc.identity, device: dc.device,
        json: () => ({ identity: formatAddress(dc.identity), device: formatAddress(dc.device), change: dc.change, label: dc.label, txId: hex(t.id), height: h.height, time: h.time }),
      });
    }
    if (!msgSubs) return;
    // Who it concerns comes from the tx's kind (TxKindSpec.parties); null: nobody is notified.
    const m = txNotification(t.stx, t.id);
    if (m) hub.publish("messages", { ...m, json: () => ({ ...txJson(t.stx, toHex(t.id)), height: h.height, index, time: h.time, cursor: `${h.height}.${index}` }) });
  });
}
