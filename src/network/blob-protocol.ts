// Blob replication between nodes (docs/PROTOCOL.md "Blob replication"): a request/response
// protocol on `/parley/<chainId>/blob-piece/1` asking for one piece of a blob by its hash, so a
// node streams a blob in bounded pieces and never holds it whole.
//
//   request  = msgpack([blobHash(bin 32), offset(uint), length(uint)])      length <= MAX_PIECE
//   response = msgpack([status(uint), size(uint), bytes(bin)])
//     status 0 = ok: `bytes` are blob[offset, offset + len) with len = min(length, size - offset)
//     status 1 = not stored here (size 0, bytes empty); a node never forwards the question
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../chain/codec.js";

export const BLOB_PROTOCOL = "blob-piece";
// 1 MiB pieces: a 100 MB blob is ~100 round trips, each response well under the 16 MiB frame
// cap, and one served piece costs the server 1 MiB of memory while it is written out.
export const MAX_PIECE = 1024 * 1024;
export const BLOB_STATUS = { ok: 0, notStored: 1 } as const;

export interface PieceRequest {
  hash: Uint8Array;
  offset: number;
  length: number;
}

export interface PieceResponse {
  status: (typeof BLOB_STATUS)[keyof typeof BLOB_STATUS];
  size: number;
  bytes: Uint8Array;
}

export function encodePieceRequest(r: PieceRequest): Uint8Array {
  return encode([r.hash, r.offset, r.length]);
}

export function decodePieceRequest(bytes: Uint8Array): PieceRequest | undefined {
  const f = readArray(decodeUnknown(bytes), 3);
  const hash = f && readBytes(f[0], 32);
  const offset = f && readUint(f[1]);
  const length = f && readUint(f[2]);
  if (!hash || offset === undefined || length === undefined || length < 1 || length > MAX_PIECE) return undefined;
  return { hash, offset, length };
}

export function encodePieceResponse(r: PieceResponse): Uint8Array {
  return encode([r.status, r.size, r.bytes]);
}

export function decodePieceResponse(bytes: Uint8Array): PieceResponse | undefined {
  const f = readArray(decodeUnknown(bytes), 3);
  const status = f && readUint(f[0]);
  const size = f && readUint(f[1]);
  const body = f && readBytes(f[2]);
  if ((status !== BLOB_STATUS.ok && status !== BLOB_STATUS.notStored) || size === undefined || !body || body.length > MAX_PIECE) return undefined;
  return { status, size, bytes: body };
}
