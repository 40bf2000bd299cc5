// What the MLS kinds share: reading a group's record and checking that a carried MLS message
// is the PrivateMessage its body says it is (group id, epoch and content type in the clear).
import { txError, type TxError } from "../errors.js";
import type { ExecContext } from "../spec.js";
import { StateNs } from "../spec.js";
import { bytesEqual } from "../../../util/bytes.js";
import { decodeGroupRecord, groupKey, MAX_MLS_MESSAGE_BYTES, type GroupRecord, type MlsBlobRef } from "./mls-state.js";
import { readArray, readBytes, readUint } from "../../codec.js";
import { hexJson } from "../../../util/json.js";
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

// ---- large payloads by blob (a commit, a ratchet tree): [blobHash(32), key(32), size, chunkSize] ----

export function blobRefFields(r: MlsBlobRef): unknown[] {
  return [r.blobHash, r.key, r.size, r.chunkSize];
}

export function readBlobRef(v: unknown): MlsBlobRef | undefined {
  const f = readArray(v, 4);
  const blobHash = f && readBytes(f[0], 32);
  const key = f && readBytes(f[1], 32);
  const size = f && readUint(f[2]);
  const chunkSize = f && readUint(f[3]);
  if (!blobHash || !key || size === undefined || chunkSize === undefined) return undefined;
  return { blobHash, key, size, chunkSize };
}

/** null when the reference is one a client can fetch (the blob format's bounds), else why not. */
export function blobRefProblem(r: MlsBlobRef): string | null {
  // [REJECT] at least one byte, in the chunk sizes the blob format allows (ENCRYPTION.md 10.1).
  if (r.size === 0) return "size must be positive";
  if (r.chunkSize < 1024 || r.chunkSize > 4 * 1024 * 1024) return "chunkSize must be 1,024 ..= 4,194,304";
  return null;
}

export function blobRefJson(r: MlsBlobRef): { blobHash: string; key: string; size: number; chunkSize: number } {
  return { blobHash: hexJson(r.blobHash), key: hexJson(r.key), size: r.size, chunkSize: r.chunkSize };
}
