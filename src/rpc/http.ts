// The HTTP side of the port: POST / carries JSON-RPC, GET /health and GET /metrics serve
// operators, OPTIONS answers CORS preflight so browser SDKs work. Every body byte is charged to
// the in-flight budget (in-flight.ts) before it is buffered, and given back once answered.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { rpcError, RpcReason, type RpcErrorObject, type RpcLogger } from "./errors.js";
import { stringify } from "./json.js";
import type { Dispatcher } from "./dispatch.js";
import type { AdminGate } from "./admin-gate.js";
import { ConnectionBytes, releaseBuffer, type InFlightBytes, type TakeRefusal } from "./in-flight.js";

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

type Body =
  | { kind: "text"; text: string }
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
    const bytes = connectionBytes(req.socket);
    const charge = { bytes: 0 };
    // Held until the answer is written (or the client is gone): parsing and running a request
    // cost memory in proportion to its size too.
    res.once("close", () => bytes.give(charge.bytes));
    const body = await readBody(req, opts.maxBodyBytes, bytes, charge);
    if (body.kind === "aborted") return; // the client hung up; nothing to answer
    if (body.kind === "too-large") {
      // Close rather than read the rest of an oversized upload.
      res.setHeader("Connection", "close");
      return sendRpcError(res, 413, rpcError("LIMIT_EXCEEDED", RpcReason.BODY_TOO_LARGE, { max: opts.maxBodyBytes }).toObject());
    }
    if (body.kind === "busy") {
      const server = body.refusal === "server";
      res.setHeader("Connection", "close");
      res.setHeader("Retry-After", RETRY_AFTER);
      const data = { limit: server ? "serverInFlightBytes" : "connectionInFlightBytes", max: server ? opts.inFlight.max : bytes.max };
      return sendRpcError(res, server ? 503 : 429, rpcError("LIMIT_EXCEEDED", RpcReason.BUSY, data).toObject());
    }
    const answer = await dispatcher.handleText(body.text, { subscriber: null, adminRefusal: opts.adminGate.refusal(req.headers) });
    if (answer === null) {
      res.writeHead(204);
      res.end();
      return;
    }
    send(res, 200, "application/json", answer);
  }
}

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
 * The body as UTF-8 text. With a Content-Length the whole body is charged up front (refused at
 * once when it cannot fit, before a byte is read) and read into one buffer of that size; without
 * one, each chunk is charged as it arrives. `charge.bytes` is what this request took.
 */
function readBody(req: IncomingMessage, max: number, bytes: ConnectionBytes, charge: { bytes: number }): Promise<Body> {
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
    const finish = (body: Body): void => {
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
      const text = whole !== null ? whole.toString("utf8", 0, size) : Buffer.concat(chunks, size).toString("utf8");
      finish({ kind: "text", text });
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
