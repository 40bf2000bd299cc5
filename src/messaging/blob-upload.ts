// What an uploader signs to store a blob on a node (docs/RPC.md "Blobs"): the node charges the
// blob to that account's quota, so only the key holder may spend it. Shared by the SDK (signs)
// and the node (verifies); browser-safe.
//
//   message = utf8("parley/blob-upload/v1") || u8(len chainId) || chainId || blobHash(32)
//          || u64be(size) || u64be(timeMs)
//   headers = Parley-Uploader: <hex address>   Parley-Time: <timeMs>   Parley-Signature: <hex Ed25519 signature>
//
// The time bounds replay: a node accepts it within UPLOAD_CLOCK_SKEW_MS of its own clock. A
// replayed signature can only upload the very bytes it names (the hash is checked), to the
// same account, within minutes: nothing the signer did not ask for.
import { concatBytes, u64be, utf8 } from "../util/bytes.js";
import { chainIdField } from "./crypto/context.js";

export const BLOB_UPLOAD_LABEL = "parley/blob-upload/v1";
export const UPLOAD_CLOCK_SKEW_MS = 10 * 60_000;

export const UPLOAD_HEADERS = {
  uploader: "parley-uploader",
  time: "parley-time",
  signature: "parley-signature",
  size: "parley-size",
  offset: "parley-offset",
} as const;

export function blobUploadMessage(chainId: string, blobHash: Uint8Array, size: number, timeMs: number): Uint8Array {
  if (blobHash.length !== 32) throw new RangeError("blobHash must be 32 bytes");
  return concatBytes(utf8(BLOB_UPLOAD_LABEL), chainIdField(chainId), blobHash, u64be(size), u64be(timeMs));
}
