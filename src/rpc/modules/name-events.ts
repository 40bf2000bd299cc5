// subscribe_names: every finalized name tx (register, renew, transfer, primary) by the name or by
// an address it names (the sender, and the new holder of a transfer). A wallet following a name
// it cares about hears it move or get renewed; an address hears its own name changes.
import { s } from "../schema.js";
import { PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import type { SubscriptionHub } from "../subscriptions.js";
import type { JsonObject } from "../json.js";
import type { CommittedBlock } from "../../chain/chain.js";
import type { Address } from "../../chain/tx/types.js";
import { normalizeName } from "../../chain/names/rules.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { txJson } from "./format.js";

export interface NameEvent {
  /** null for clearPrimary, which names no name. */
  name: string | null;
  parties: Address[];
  json: () => JsonObject;
}

type NameHub = SubscriptionHub<{ names: NameEvent }>;

// "@name" is a name; else a target that reads as an address is one (parley1... or 64 hex); anything else is a name.
const keyOf = (target: Uint8Array | string): string => (typeof target === "string" ? `n:${normalizeName(target.replace(/^@/, ""))}` : toHex(target));

export function registerNameSubscription(hub: NameHub): void {
  hub.register("names", {
    params: [["target", p.anyOf(p.string({ min: 2, max: 128, pattern: /^@/ }), p.address(), p.string({ min: 1, max: 128 }))]],
    doc: { summary: "Finalized name txs (register, renew, transfer, setPrimary, clearPrimary) by name or by an address the tx names (sender, new holder)", event: s.described(PLACED_TX, "a name tx as a page entry") },
    match: (e, target) => (typeof target === "string" ? e.name !== null && keyOf(target) === `n:${e.name}` : e.parties.some((a) => bytesEqual(a, target))),
    route: { keyOf, eventKeys: (e) => [...(e.name === null ? [] : [`n:${e.name}`]), ...e.parties.map(toHex)] },
    result: (e) => e.json(),
  });
}

/** Publishes the block's name txs that took effect (failed ones reach their sender through subscribe_tx). */
export function publishNames(hub: NameHub, b: CommittedBlock): void {
  if (hub.count("names") === 0) return;
  const h = b.block.header;
  b.txs.forEach((t, index) => {
    const tx = t.stx.tx;
    if (t.failure || tx.kind !== "name") return;
    const body = tx.body;
    const parties = body.op === "transfer" ? [tx.from, body.to] : [tx.from];
    hub.publish("names", { name: body.op === "clearPrimary" ? null : body.name, parties, json: () => ({ ...txJson(t.stx, toHex(t.id)), height: h.height, index, time: h.time, cursor: `${h.height}.${index}` }) });
  });
}
