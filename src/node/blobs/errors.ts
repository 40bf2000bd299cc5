// Why the blob store or its HTTP path refused something; each code maps to one HTTP status
// (http.ts) and the same names appear in JSON-RPC answers (docs/RPC.md "Blobs").
import { ParleyError } from "../../util/errors.js";

export type BlobErrorType =
  | { code: "TOO_LARGE"; size: number; max: number }
  | { code: "QUOTA_EXCEEDED"; used: number; size: number; quota: number }
  | { code: "STORE_FULL"; max: number }
  | { code: "OFFSET_MISMATCH"; expected: number; got: number }
  | { code: "SIZE_MISMATCH"; expected: number; got: number }
  | { code: "PIECE_TOO_LONG"; size: number }
  | { code: "HASH_MISMATCH"; expected: string; got: string }
  | { code: "UPLOAD_IN_PROGRESS" }
  | { code: "BAD_UPLOAD"; reason: string }
  | { code: "UNAUTHORIZED"; reason: string }
  | { code: "NOT_FOUND"; hash: string }
  | { code: "BAD_RANGE"; size: number }
  | { code: "BUSY"; limit: string };

export type BlobErrorCode = BlobErrorType["code"];

export class BlobError extends ParleyError<BlobErrorType> {}

export function blobError(type: BlobErrorType): BlobError {
  return new BlobError(type);
}
