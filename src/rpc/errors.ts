// Every JSON-RPC error code the server answers with, and the one function that turns anything a
// handler throws into a JSON-RPC error object. Nothing else in the node picks a JSON-RPC code.
import { ParleyError } from "../util/errors.js";
import { toJson, type JsonObject, type JsonValue } from "./json.js";

export const RpcCode = {
  // Standard codes (JSON-RPC 2.0 section 5.1).
  PARSE_ERROR: -32700, // the text is not JSON; the response id is null
  INVALID_REQUEST: -32600, // JSON, but not a Request object; the response id is null
  METHOD_NOT_FOUND: -32601, // unknown, or hidden (admin methods while admin is disabled)
  INVALID_PARAMS: -32602, // data: {param, reason}
  INTERNAL_ERROR: -32603, // a bug or an unmapped error: details go to the log, never to the client
  // Server range -32000..-32099: ours. data.reason is always a machine-readable string.
  TX_REJECTED: -32000, // admission refused the tx; data: {reason: <tx error code>, message}
  MEMPOOL_FULL: -32001, // valid tx, no room; retry later or with a higher fee
  NOT_FOUND: -32002, // the block/tx/account asked for does not exist (here)
  LIMIT_EXCEEDED: -32003, // batch, body, subscriptions, pending requests, slow subscriber
  UNAVAILABLE: -32004, // syncing, disabled, needs WebSocket, timed out
  NOT_VERIFIED: -32005, // a light node cannot prove the answer, so it does not give one
  FORBIDDEN: -32006, // an admin method from a browser origin not listed, or without the admin token
} as const;

export type RpcCodeName = keyof typeof RpcCode;

export const RPC_MESSAGES: Readonly<Record<RpcCodeName, string>> = {
  PARSE_ERROR: "Parse error",
  INVALID_REQUEST: "Invalid Request",
  METHOD_NOT_FOUND: "Method not found",
  INVALID_PARAMS: "Invalid params",
  INTERNAL_ERROR: "Internal error",
  TX_REJECTED: "Transaction rejected",
  MEMPOOL_FULL: "Mempool full",
  NOT_FOUND: "Not found",
  LIMIT_EXCEEDED: "Limit exceeded",
  UNAVAILABLE: "Unavailable",
  NOT_VERIFIED: "Not verified",
  FORBIDDEN: "Forbidden",
};

/** The `reason` strings the RPC layer itself produces (modules and mappings add their own). */
export const RpcReason = {
  BODY_TOO_LARGE: "BODY_TOO_LARGE",
  BATCH_TOO_LARGE: "BATCH_TOO_LARGE",
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  TOO_DEEP: "TOO_DEEP",
  TOO_MANY_SUBSCRIPTIONS: "TOO_MANY_SUBSCRIPTIONS",
  TOO_MANY_PENDING: "TOO_MANY_PENDING",
  SUBSCRIBER_TOO_SLOW: "SUBSCRIBER_TOO_SLOW",
  WEBSOCKET_REQUIRED: "WEBSOCKET_REQUIRED",
  TIMEOUT: "TIMEOUT",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** The bytes in flight (server-wide or on this connection) are at their cap: retry shortly. */
  BUSY: "BUSY",
  /** A WebSocket message did not arrive whole within the body timeout. */
  BODY_TIMEOUT: "BODY_TIMEOUT",
  /** The WebSocket connection closed before the call ran (nothing to answer or subscribe to). */
  CONNECTION_CLOSED: "CONNECTION_CLOSED",
  ADMIN_ORIGIN_REFUSED: "ADMIN_ORIGIN_REFUSED",
  ADMIN_TOKEN_REQUIRED: "ADMIN_TOKEN_REQUIRED",
} as const;

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: JsonValue;
}

export type RpcErrorType = {
  code: RpcCodeName;
  /** Machine-readable; sent as data.reason. Absent for plain spec errors, which carry no data. */
  reason?: string;
  data?: JsonObject;
  /** Overrides the standard message for the code. */
  message?: string;
};

export class RpcError extends ParleyError<RpcErrorType> {
  get rpcCode(): number {
    return RpcCode[this.type.code];
  }

  get reason(): string | undefined {
    return this.type.reason;
  }

  toObject(): RpcErrorObject {
    const { code, reason, data, message } = this.type;
    const out: RpcErrorObject = { code: RpcCode[code], message: message ?? RPC_MESSAGES[code] };
    if (reason !== undefined) out.data = { reason, ...data };
    else if (data !== undefined) out.data = data;
    return out;
  }
}

export function rpcError(code: RpcCodeName, reason?: string, data?: JsonObject): RpcError {
  const type: RpcErrorType = { code };
  if (reason !== undefined) type.reason = reason;
  if (data !== undefined) type.data = data;
  return new RpcError(type);
}

/**
 * How the server owner maps domain errors: a code name (data becomes {reason: err.code, message})
 * or a function for anything richer. Keys are looked up most specific first:
 * "<ClassName>.<CODE>", then "<CODE>", then "<ClassName>" (e.g. {TxError: "TX_REJECTED",
 * "MempoolError.POOL_FULL": "MEMPOOL_FULL"}).
 */
export type ErrorMapping = RpcCodeName | ((error: ParleyError) => RpcError);
export type ErrorMappingTable = Readonly<Record<string, ErrorMapping>>;

/** The structured logger the node passes in (pino's Logger fits); never a global. */
export interface RpcLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function lookup(table: ErrorMappingTable, error: ParleyError): ErrorMapping | undefined {
  for (const key of [`${error.name}.${error.code}`, error.code, error.name]) {
    // hasOwn: a code named "constructor" must not find Object.prototype.constructor.
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}

/** Any thrown value -> a JSON-RPC error object. Unknown errors are logged and leak nothing. */
export function toRpcErrorObject(
  error: unknown,
  table: ErrorMappingTable,
  log: RpcLogger | null,
  method?: string,
): RpcErrorObject {
  if (error instanceof RpcError) return error.toObject();
  if (error instanceof ParleyError) {
    const mapping = lookup(table, error);
    if (typeof mapping === "function") {
      try {
        return mapping(error).toObject();
      } catch (mapErr) {
        log?.error({ err: mapErr, method, code: error.code }, "rpc error mapping threw");
        return rpcError("INTERNAL_ERROR").toObject();
      }
    }
    if (mapping !== undefined) {
      return rpcError(mapping, error.code, { message: error.message }).toObject();
    }
    log?.error({ err: error, method, code: error.code, type: toJson(error.type) }, "rpc: unmapped error code");
    return rpcError("INTERNAL_ERROR").toObject();
  }
  log?.error({ err: error, method }, "rpc handler failed");
  return rpcError("INTERNAL_ERROR").toObject();
}
