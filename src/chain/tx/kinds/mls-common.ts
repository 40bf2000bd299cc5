// What the MLS kinds share: reading a group's record and checking that a carried MLS message
// is the PrivateMessage its body says it is (group id, epoch and content type in the clear).
import { txError, type TxError } from "../errors.js";
import type { ExecContext } from "../spec.js";
import { StateNs } from "../spec.js";
import { bytesEqual } from "../../../util/bytes.js";
import { decodeGroupRecord, groupKey, MAX_MLS_MESSAGE_BYTES, type GroupRecord } from "./mls-state.js";
import { readPrivateHeader } from "./mls-wire.js";

export function loadGroup(ctx: ExecContext, groupId: Uint8Array): GroupRecord | TxError {
  const raw = ctx.get(StateNs.mls, groupKey(groupId));
  const g = raw && decodeGroupRecord(raw);
  // [REJECT] messages go to groups whose first commit is final.
  if (!g) return txError({ code: "GROUP_NOT_FOUND" });
  return g;
}

/** null when `message` is a PrivateMessage of this group and epoch with one of these content types. */
export function checkPrivateMessage(message: Uint8Array, groupId: Uint8Array, epoch: number, contentTypes: readonly number[]): TxError | null {
  // [REJECT] MLS messages are bounded like envelopes.
  if (message.length > MAX_MLS_MESSAGE_BYTES) return txError({ code: "TOO_LARGE", size: message.length, max: MAX_MLS_MESSAGE_BYTES });
  const h = readPrivateHeader(message);
  // [REJECT] only PrivateMessage framing: its group id, epoch and content type are in the clear.
  if (typeof h === "string") return txError({ code: "BAD_MLS", reason: h });
  // [REJECT] the clear header must match the body, so validators order what members will process.
  if (!bytesEqual(h.groupId, groupId)) return txError({ code: "BAD_MLS", reason: "group id differs from the body's" });
  if (h.epoch !== BigInt(epoch)) return txError({ code: "BAD_MLS", reason: "epoch differs from the body's" });
  if (!contentTypes.includes(h.contentType)) return txError({ code: "BAD_MLS", reason: `content type ${h.contentType} not allowed here` });
  return null;
}
