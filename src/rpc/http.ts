// The HTTP side of the port: POST / carries JSON-RPC, POST /txs the binary tx batch (raw tx
// bytes, tx-frames.ts), GET /health and GET /metrics serve operators, OPTIONS answers CORS
// preflight so browser SDKs work. Every body byte is charged to the in-flight budget
// (in-flight.ts) before it is buffered, and given back once answered.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { rpcError, RpcReason, type RpcErrorObject, type RpcLogger } from "./errors.js";
import { stringify } from "./json.js";
import type { Dispatcher } from "./dispatch.js";
import type { AdminGate } from "./admin-gate.js";
import { ConnectionBytes, releaseBuffer, type InFlightBytes, type TakeRefusal } from "./in-flight.js";
import { decodeTxFrames, TX_FRAMES_CONTENT_TYPE } from "./tx-frames.js";

// The binary tx batch: POST of raw tx frames, answered as tx_sendBatch would be.
const TX_FRAMES_PATH = "/txs";
const TX_FRAMES_METHOD = "tx_sendBatch";

export type MetricsHandler = () => Promise<{ contentType: string; body: string | Uint8Array }>;
/** Serves GET/HEAD of some paths (the web app); returns false to leave the path to RPC. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
/** Serves some paths with any method and its own body handling (file blobs); null leaves the path to the rest. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | null;

export interface HttpOptions {
  maxBodyBytes: number;
  corsOrigin: string;
  metricsHandler: MetricsHandler | null;
  inFlight: InFlightBytes;
  maxConnectionInFlightBytes: number;
  adminGate: AdminGate;
  staticHandler?: StaticHandler | null;
  routeHandler?: RouteHandler | null;
}

// Preflight answers may be cached by the browser this long (seconds).
const PREFLIGHT_MAX_AGE = "600";
// A refused-as-busy client should come back after about this long (seconds).
const RETRY_AFTER = "1";

type Body<T> =
  | { kind: "read"; value: T }
  | { kind: "too-large" }
  | { kind: "busy"; refusal: TakeRefusal }
  | { kind: "aborted" };

export function createHttpHandler(opts: HttpOptions, dispatcher: Dispatcher, log: RpcLogger | null) {
  const connections = new WeakMap<Socket, ConnectionBytes>();
  const connectionBytes = (socket: Socket): ConnectionBytes => {
    let bytes = connections.get(socket);
    if (bytes === undefined) {
      const created = new ConnectionBytes(opts.inFlight, opts.maxConnectionInFlightBytes);
      connections.set(socket, created);
      socket.once("close", () => created.close());
      bytes = created;
    }
    return bytes;
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader("Access-Control-Allow-Origin", opts.corsOrigin);
    if (opts.corsOrigin !== "*") res.setHeader("Vary", "Origin");
    const path = (req.url ?? "/").split("?")[0];
    handle(req, res, path ?? "/").catch((error: unknown) => {
      log?.error({ err: error, path }, "rpc http handler failed");
      if (!res.headersSent) send(res, 500, "application/json", stringify({ ok: false }));
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "POST, GET, PUT, HEAD, OPTIONS",
        // Range and the Parley-* upload headers: blob downloads resume and uploads authenticate (docs/RPC.md "Blobs").
        "Access-Control-Allow-Headers": "Content-Type, Authorization, Range, Parley-Uploader, Parley-Time, Parley-Signature, Parley-Size, Parley-Offset",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
      });
      res.end();
      return;
    }
    const routed = opts.routeHandler?.(req, res, path) ?? null;
    if (routed !== null) return routed;
    if (req.method === "GET" && path === "/health") return send(res, 200, "application/json", '{"ok":true}');
    if (req.method === "GET" && path === "/metrics" && opts.metricsHandler !== null) {
      const { contentType, body } = await opts.metricsHandler();
      return send(res, 200, contentType, body);
    }
    if ((req.method === "GET" || req.method === "HEAD") && opts.staticHandler?.(req, res, path)) return;
    if (path === TX_FRAMES_PATH) return handleTxFrames(req, res);
    if (path !== "/" || (req.method !== "POST" && req.method !== "GET")) return send(res, 404, "text/plain", "not found");
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST, OPTIONS");
      return send(res, 405, "text/plain", "use POST");
    }
    // application/json only: a browser cannot send it cross-origin without a CORS preflight.
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return sendRpcError(res, 415, rpcError("INVALID_REQUEST", RpcReason.UNSUPPORTED_MEDIA_TYPE).toObject());
    }
    const text = await readCharged(req, res, toText);
    if (text === null) return;
    const answer = await dispatcher.handleText(text, { subscriber: null, adminRefusal: opts.adminGate.refusal(req.headers) });
    if (answer === null) {
      res.writeHead(204);
      res.end();
      return;
    }
    send(res, 200, "application/json", answer);
  }

  /** POST /txs: raw tx frames in, tx_sendBatch's answer out (docs/RPC.md "Binary tx batch"). */
  async function handleTxFrames(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST, OPTIONS");
      return send(res, 405, "text/plain", "use POST");
    }
    // [REJECT] any other content type (octet-stream also needs a CORS preflight from a browser)
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== TX_FRAMES_CONTENT_TYPE) {
      return sendRpcError(res, 415, rpcError("INVALID_REQUEST", RpcReason.UNSUPPORTED_MEDIA_TYPE).toObject());
    }
    const txs = await readCharged(req, res, decodeTxFrames);
    if (txs === null) return;
    // [REJECT] a body that is not whole frames of 1 to 128 KiB, 1 to 1,000 of them
    if (!txs.ok) {
      const data = txs.path === undefined ? { param: "txs", detail: txs.detail } : { param: `txs.${txs.path}`, detail: txs.detail };
      return sendRpcError(res, 400, rpcError("INVALID_PARAMS", txs.reason, data).toObject());
    }
    const answer = await dispatcher.handleDecoded(TX_FRAMES_METHOD, [txs.value], { subscriber: null, adminRefusal: opts.adminGate.refusal(req.headers) });
    send(res, 200, "application/json", answer);
  }

  /**
   * Reads the body under the in-flight budget and converts it; null when the request was
   * answered (too large, busy) or the client hung up. The bytes stay charged until the answer
   * is written (or the client is gone): parsing and running a request cost memory in
   * proportion to its size too.
   */
  async function readCharged<T>(req: IncomingMessage, res: ServerResponse, convert: (body: Buffer) => T): Promise<T | null> {
    const bytes = connectionBytes(req.socket);
    const charge = { bytes: 0 };
    res.once("close", () => bytes.give(charge.bytes));
    const body = await readBody(req, opts.maxBodyBytes, bytes, charge, convert);
    if (body.kind === "aborted") return null; // the client hung up; nothing to answer
    if (body.kind === "too-large") {
      // Close rather than read the rest of an oversized upload.
      res.setHeader("Connection", "close");
      sendRpcError(res, 413, rpcError("LIMIT_EXCEEDED", RpcReason.BODY_TOO_LARGE, { max: opts.maxBodyBytes }).toObject());
      return null;
    }
    if (body.kind === "busy") {
      const server = body.refusal === "server";
      // A declared body (at most maxBodyBytes, checked above) is read and thrown away after the
      // answer, uncharged, as Node does for any body a handler leaves unread. Closing instead
      // reset the connection under a client still uploading it: the 503 in its receive buffer
      // was lost (29 clients refused in the flood of hostile-rpc-memory.test.ts, 9 never saw
      // an answer on a loaded machine). A body of no declared length may be any size: closed.
      if (declaredLength(req) === null) res.setHeader("Connection", "close");
      res.setHeader("Retry-After", RETRY_AFTER);
      const data = { limit: server ? "serverInFlightBytes" : "connectionInFlightBytes", max: server ? opts.inFlight.max : bytes.max };
      sendRpcError(res, server ? 503 : 429, rpcError("LIMIT_EXCEEDED", RpcReason.BUSY, data).toObject());
      return null;
    }
    return body.value;
  }
}

const toText = (body: Buffer): string => body.toString("utf8");

function sendRpcError(res: ServerResponse, status: number, error: RpcErrorObject): void {
  send(res, status, "application/json", stringify({ jsonrpc: "2.0", error, id: null }));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers["content-length"];
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * The body, converted by `convert` (which must not keep `body`: it is released afterwards).
 * With a Content-Length the whole body is charged up front (refused at
 * once when it cannot fit, before a byte is read) and read into one buffer of that size; without
 * one, each chunk is charged as it arrives. `charge.bytes` is what this request took.
 */
function readBody<T>(req: IncomingMessage, max: number, bytes: ConnectionBytes, charge: { bytes: number }, convert: (body: Buffer) => T): Promise<Body<T>> {
  const declared = declaredLength(req);
  if (declared !== null && declared > max) return Promise.resolve({ kind: "too-large" });
  if (declared !== null) {
    const refusal = bytes.take(declared, declared, true);
    if (refusal !== null) return Promise.resolve({ kind: "busy", refusal });
    charge.bytes = declared;
  }
  const whole = declared === null ? null : Buffer.allocUnsafe(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve) => {
    const finish = (body: Body<T>): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onClose);
      chunks.length = 0;
      if (whole !== null) releaseBuffer(whole); // already decoded, or never to be
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      if (whole !== null) {
        size += chunk.copy(whole, size);
        return;
      }
      if (size + chunk.length > max) return finish({ kind: "too-large" });
      const refusal = bytes.take(chunk.length, size + chunk.length, true);
      if (refusal !== null) return finish({ kind: "busy", refusal });
      charge.bytes += chunk.length;
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = (): void => {
      const value = convert(whole !== null ? whole.subarray(0, size) : Buffer.concat(chunks, size));
      finish({ kind: "read", value });
    };
    const onAbort = (): void => finish({ kind: "aborted" });
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onClose);
  });
}
