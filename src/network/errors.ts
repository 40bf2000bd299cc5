// Typed network errors: every failure a peer or the operator can cause carries a `code`.
import { ParleyError } from "../util/errors.js";

export type NetworkErrorType =
  | { code: "INVALID_CONFIG"; reason: string }
  | { code: "INVALID_PEER_ID"; peerId: string }
  | { code: "INVALID_ALLOWLIST"; source: string; entry: string; reason: string }
  | { code: "UNKNOWN_TOPIC"; topic: string }
  | { code: "START_FAILED"; reason: string }
  | { code: "STOPPED" }
  | { code: "DIAL_FAILED"; peerId: string; reason: string }
  | { code: "PEER_NOT_ALLOWED"; peerId: string }
  | { code: "UNSUPPORTED_PROTOCOL"; peerId: string; protocol: string }
  | { code: "TIMEOUT"; peerId: string; protocol: string; timeoutMs: number }
  | { code: "REQUEST_TOO_LARGE"; size: number; max: number }
  | { code: "RESPONSE_TOO_LARGE"; peerId: string; protocol: string; max: number }
  | { code: "REMOTE_ERROR"; peerId: string; protocol: string; status: string }
  | { code: "STREAM_FAILED"; peerId: string; protocol: string; reason: string }
  | { code: "PUBLISH_FAILED"; topic: string; reason: string };

export type NetworkErrorCode = NetworkErrorType["code"];

export class NetworkError extends ParleyError<NetworkErrorType> {}
