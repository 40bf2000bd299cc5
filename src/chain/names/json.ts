// Name records as JSON (docs/RPC.md "name"): the node's name_* answers and the SDK's verified
// answers use the same shape.
import { formatAddress } from "../address.js";
import { hexJson, type JsonObject } from "../../util/json.js";
import type { NameRecord, NameStatus } from "./records.js";

/** `status` at the height the record was read at; `graceUntil`: the holder may renew below it. */
export function nameJson(name: string, r: NameRecord, status: NameStatus, graceBlocks: number): JsonObject {
  return {
    name, owner: formatAddress(r.owner), status, expiry: r.expiry, graceUntil: r.expiry + graceBlocks,
    registered: r.registered, updated: r.updated, txId: hexJson(r.txId),
  };
}
