// subscribe_works: every finalized work tx (registration, offers, sales, tips, transfers) by the
// work's id or by an address it names (the sender, the creators or payees in its body). A
// creator follows sales of a work by its id: a sale's body names the buyer, not the payees.
import { s } from "../schema.js";
import { PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import type { SubscriptionHub } from "../subscriptions.js";
import type { JsonObject } from "../json.js";
import type { CommittedBlock } from "../../chain/chain.js";
import type { WorkBody } from "../../chain/tx/kinds/work.js";
import type { Address } from "../../chain/tx/types.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { txJson } from "./format.js";

export interface WorkEvent {
  workId: Uint8Array;
  parties: Uint8Array[];
  json: () => JsonObject;
}

type WorkHub = SubscriptionHub<{ works: WorkEvent }>;

export function registerWorkSubscription(hub: WorkHub): void {
  hub.register("works", {
    params: [["target", p.anyOf(p.hash(), p.address())]],
    doc: { summary: "Finalized work txs (register, offer, withdraw, license, tip, transfer) by work id or by an address the tx names", event: s.described(PLACED_TX, "a work tx as a page entry") },
    match: (e, target) => bytesEqual(e.workId, target) || e.parties.some((a) => bytesEqual(a, target)),
    route: { keyOf: (target) => toHex(target), eventKeys: (e) => [toHex(e.workId), ...e.parties.map(toHex)] },
    result: (e) => e.json(),
  });
}

function namedIn(from: Address, b: WorkBody): Address[] {
  if (b.op === "register") return [from, ...b.creators.map((c) => c.address)];
  if (b.op === "transfer") return [from, b.to, ...b.payees.map((c) => c.address)];
  return [from];
}

/** Publishes the block's work txs that took effect (failed ones reach their sender through subscribe_tx). */
export function publishWorks(hub: WorkHub, b: CommittedBlock): void {
  if (hub.count("works") === 0) return;
  const h = b.block.header;
  b.txs.forEach((t, index) => {
    const tx = t.stx.tx;
    if (t.failure || tx.kind !== "work") return;
    const workId = tx.body.op === "register" ? tx.body.contentHash : tx.body.workId;
    hub.publish("works", { workId, parties: namedIn(tx.from, tx.body), json: () => ({ ...txJson(t.stx, toHex(t.id)), height: h.height, index, time: h.time, cursor: `${h.height}.${index}` }) });
  });
}
