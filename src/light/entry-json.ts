// JSON of a verified tx as a message entry (docs/RPC.md, Messaging): the tx's JSON plus its
// place in the chain and the verified header's time, exactly as a full node shapes it.
import type { JsonObject } from "../rpc/json.js";
import { txJson } from "../rpc/modules/format.js";
import { toHex } from "../util/bytes.js";
import type { VerifiedTx } from "./verify-proof.js";

export function entryJson(v: VerifiedTx, time: number): JsonObject {
  return { ...txJson(v.stx, toHex(v.id)), height: v.height, index: v.index, time, cursor: `${v.height}.${v.index}` };
}
