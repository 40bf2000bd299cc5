// The primary names of a tx's sender and recipient in its JSON (docs/RPC.md "Tx JSON"), so a
// block explorer or a chat shows "@fan-one" beside the address without a lookup per tx. A name
// is the address's primary name now (at the head: reverse record active and pointing back, the
// rule of src/chain/names/lookup.ts), not when the tx was made; the field is left out when the
// address has none, so a tx without names reads exactly as before.
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { reverseName } from "../../chain/names/lookup.js";
import { specFor } from "../../chain/tx/registry.js";
import type { Address, SignedTx } from "../../chain/tx/types.js";
import { txJson } from "./format.js";

// Only the entry's recipient is read; an action entry's id (the tx id) is not.
const ANY_ID = new Uint8Array(32);

/** Who a tx is to: its chat entry's recipient, else a 32-byte `to` in its body (a transfer of an asset), else none. */
export function txRecipient(stx: SignedTx): Address | null {
  const entry = specFor(stx.tx).chatEntry(stx.tx as never, ANY_ID);
  if (entry && entry.type !== "channel" && entry.to) return entry.to;
  const to = (stx.tx.body as { to?: unknown }).to;
  return to instanceof Uint8Array && to.length === 32 ? to : null;
}

/** `fromName` / `toName` where the address has a valid primary name at the head. */
export function txNames(node: NodeView, stx: SignedTx): JsonObject {
  const get = (ns: Parameters<NodeView["chain"]["state"]["get"]>[0], key: Uint8Array) => node.chain.state.get(ns, key);
  const { height } = node.chain.head;
  const grace = node.chain.params.nameGraceBlocks;
  const out: JsonObject = {};
  const from = reverseName(get, stx.tx.from, height, grace).name;
  if (from !== null) out["fromName"] = from;
  const to = txRecipient(stx);
  const toName = to && reverseName(get, to, height, grace).name;
  if (toName) out["toName"] = toName;
  return out;
}

/** txJson plus the names of its parties (the tx and block views of a full node). */
export function namedTxJson(node: NodeView, stx: SignedTx, id: string): JsonObject {
  return { ...txJson(stx, id), ...txNames(node, stx) };
}
