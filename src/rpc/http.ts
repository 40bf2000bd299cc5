// The HTTP side of the port: POST / carries JSON-RPC, GET /health and GET /metrics serve
// operators, OPTIONS answers CORS preflight so browser SDKs work.
import type { IncomingMessage, ServerResponse } from "node:http";
import { rpcError, RpcReason, type RpcLogger } from "./errors.js";
import { stringify } from "./json.js";
import type { Dispatcher } from "./dispatch.js";

export type MetricsHandler = () => Promise<{ contentType: string; body: string | Uint8Array }>;
/** Serves GET/HEAD of some paths (the web app); returns false to leave the path to RPC. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

export interface HttpOptions {
  maxBodyBytes: number;
  corsOrigin: string;
  metricsHandler: MetricsHandler | null;
  staticHandler?: StaticHandler | null;
}

// Preflight answers may be cached by the browser this long (seconds).
const PREFLIGHT_MAX_AGE = "600";
const NO_SUBSCRIBER = { subscriber: null } as const;

export function createHttpHandler(opts: HttpOptions, dispatcher: Dispatcher, log: RpcLogger | null) {
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
        "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
      });
      res.end();
      return;
    }
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
    const text = await readBody(req, opts.maxBodyBytes);
    if (text === null) {
      // Close rather than read the rest of an oversized upload.
      res.setHeader("Connection", "close");
      return sendRpcError(res, 413, rpcError("LIMIT_EXCEEDED", RpcReason.BODY_TOO_LARGE, { max: opts.maxBodyBytes }).toObject());
    }
    const answer = await dispatcher.handleText(text, NO_SUBSCRIBER);
    if (answer === null) {
      res.writeHead(204);
      res.end();
      return;
    }
    send(res, 200, "application/json", answer);
  }
}

function sendRpcError(res: ServerResponse, status: number, error: object): void {
  send(res, status, "application/json", stringify({ jsonrpc: "2.0", error, id: null }));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** The body as UTF-8 text, or null as soon as it is known to exceed `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off("data", onData);
        req.off("end", onEnd);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, size).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}
