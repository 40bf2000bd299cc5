// The JSON-RPC server: one port, HTTP POST and WebSocket, with the limits that keep one client
// from taking the node down. `(opts, modules)` constructor; logger and metrics are passed in.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { rpcError, RpcReason, type ErrorMappingTable, type RpcLogger } from "./errors.js";
import { Dispatcher, type CallContext, type RpcMetrics } from "./dispatch.js";
import { createHttpHandler, type MetricsHandler, type RouteHandler, type StaticHandler } from "./http.js";
import type { RpcModuleDefinition } from "./module.js";
import type { SubscriptionRegistry } from "./subscriptions.js";
import type { ParamEnv } from "./params.js";
import { WsSession } from "./ws-session.js";
import { WsIntake } from "./ws-intake.js";
import { ConnectionBytes, InFlightBytes } from "./in-flight.js";
import { AdminGate } from "./admin-gate.js";

export interface RpcServerOptions {
  /** Default 127.0.0.1: the RPC port is for this machine unless the operator says otherwise. */
  host?: string;
  /** Default 0 (any free port; start() resolves with the one chosen). */
  port?: number;
  /** Default 5 MiB: a full batch of max-size txs in hex fits; larger -> HTTP 413 / WS close 1009. */
  maxBodyBytes?: number;
  /** Default 1000 requests per batch; more -> one error -32003 BATCH_TOO_LARGE. */
  maxBatch?: number;
  /**
   * Default 16 MiB (a WebSocket's whole outgoing queue): once a batch's answers exceed it, its
   * calls not yet run are answered -32003 RESPONSE_TOO_LARGE.
   */
  maxBatchResponseBytes?: number;
  /** Default 1000 open WebSocket connections; more -> HTTP 503 on upgrade. */
  maxWsConnections?: number;
  /** Default 100 subscriptions per WebSocket connection. */
  maxSubscriptionsPerConnection?: number;
  /** Default 32 levels of arrays/objects; deeper -> -32600 TOO_DEEP (real requests use < 8). */
  maxJsonDepth?: number;
  /** Default 30 s per method call; then -32004 TIMEOUT (the handler is not cancelled). */
  requestTimeoutMs?: number;
  /** Default 1000 unanswered requests per WebSocket connection; more -> -32003 TOO_MANY_PENDING. */
  maxPendingPerConnection?: number;
  /** Default 1000 messages queued behind a WebSocket's socket buffer before the client is dropped. */
  maxQueueMessages?: number;
  /** Default 16 MiB queued (ours + ws.bufferedAmount) per WebSocket before the client is dropped. */
  maxQueueBytes?: number;
  /**
   * Default 64 MiB: request bytes held at once across all connections (HTTP bodies being read or
   * answered, WebSocket messages announced, queued or running). A large request past 7/8 of it,
   * or any past all of it, is refused: HTTP 503 -32003 BUSY, WebSocket close 1013. Eleven
   * near-limit bodies at once: a flood of them cost a node +80 MiB (docs/RELIABILITY.md,
   * section 6) where it had cost +200 MiB and more.
   */
  maxInFlightBytes?: number;
  /**
   * Default 16 MiB (three maximum-size requests), never below maxBodyBytes: one connection's
   * share. HTTP past it: 429 -32003 BUSY; a WebSocket past it is not read until answers free room.
   */
  maxConnectionInFlightBytes?: number;
  /** Default 10 s for a request's headers (HTTP 408 after); slow-header clients hold a socket each. */
  headersTimeoutMs?: number;
  /**
   * Default 30 s for a body after its headers (HTTP: 408; WebSocket: a message from its first
   * frame header to its last byte, close 1008 BODY_TIMEOUT): 5 MiB at 1.5 Mbit/s.
   */
  bodyTimeoutMs?: number;
  /** Default false: "admin" methods answer "Method not found". */
  enableAdmin?: boolean;
  /**
   * Default none: browser origins allowed to call admin methods. A request carrying any other
   * Origin header (every browser sends one on cross-origin calls and WebSocket upgrades) gets
   * -32006 FORBIDDEN ADMIN_ORIGIN_REFUSED for admin methods, over HTTP and WebSocket.
   */
  adminOrigins?: readonly string[];
  /** Default none. When set, admin calls need `Authorization: Bearer <token>` (-32006 ADMIN_TOKEN_REQUIRED). */
  adminToken?: string | null;
  /** Default "*". When set to one origin, browser WebSocket upgrades from other origins get 403. */
  corsOrigin?: string;
}

export interface RpcServerModules {
  logger?: RpcLogger | null;
  metrics?: RpcMetrics | null;
  hub?: SubscriptionRegistry | null;
  /** Maps domain error codes to JSON-RPC errors; see ErrorMappingTable. */
  errorMap?: ErrorMappingTable;
  metricsHandler?: MetricsHandler | null;
  /** GET/HEAD paths served besides RPC (the web app); null = none. */
  staticHandler?: StaticHandler | null;
  /** Paths served outside JSON-RPC with their own streaming bodies (file blobs); null = none. */
  routeHandler?: RouteHandler | null;
  /** Resolves "@name" wherever a param takes an address (docs/NAMES.md 6); null = refused. */
  names?: ParamEnv | null;
}

export const RPC_DEFAULTS = {
  host: "127.0.0.1",
  port: 0,
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatch: 1000,
  maxBatchResponseBytes: 16 * 1024 * 1024,
  maxWsConnections: 1000,
  maxSubscriptionsPerConnection: 100,
  maxJsonDepth: 32,
  requestTimeoutMs: 30_000,
  maxPendingPerConnection: 1000,
  maxQueueMessages: 1000,
  maxQueueBytes: 16 * 1024 * 1024,
  maxInFlightBytes: 64 * 1024 * 1024,
  maxConnectionInFlightBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  enableAdmin: false,
  adminOrigins: [],
  adminToken: null,
  corsOrigin: "*",
} as const satisfies Required<RpcServerOptions>;

// How often Node checks the header and request timeouts (its default, 30 s, would let a slow
// client hold its bytes up to 30 s past the timeout).
const TIMEOUT_CHECK_MS = 1000;

export class RpcServer {
  private readonly opts: Required<RpcServerOptions>;
  private readonly dispatcher: Dispatcher;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<WsSession>();
  private readonly log: RpcLogger | null;
  private readonly metrics: RpcMetrics | null;
  private readonly hub: SubscriptionRegistry | null;
  private readonly inFlight: InFlightBytes;
  private readonly adminGate: AdminGate;
  private readonly connectionShare: number;
  private readonly intakes = new WeakMap<WsSession, WsIntake>();
  private boundPort: number | null = null;

  constructor(opts: RpcServerOptions = {}, modules: RpcServerModules = {}) {
    this.opts = { ...RPC_DEFAULTS, ...stripUndefined(opts) };
    this.log = modules.logger ?? null;
    this.metrics = modules.metrics ?? null;
    this.hub = modules.hub ?? null;
    this.dispatcher = new Dispatcher(this.opts, {
      errorMap: modules.errorMap ?? {},
      logger: this.log,
      metrics: this.metrics,
      hub: this.hub,
      names: modules.names ?? null,
    });
    this.inFlight = new InFlightBytes(this.opts.maxInFlightBytes);
    this.adminGate = new AdminGate(this.opts);
    this.connectionShare = Math.max(this.opts.maxConnectionInFlightBytes, this.opts.maxBodyBytes);
    const httpOpts = {
      maxBodyBytes: this.opts.maxBodyBytes,
      corsOrigin: this.opts.corsOrigin,
      metricsHandler: modules.metricsHandler ?? null,
      inFlight: this.inFlight,
      maxConnectionInFlightBytes: this.connectionShare,
      adminGate: this.adminGate,
      staticHandler: modules.staticHandler ?? null,
      routeHandler: modules.routeHandler ?? null,
    };
    const timeouts = {
      headersTimeout: this.opts.headersTimeoutMs,
      requestTimeout: this.opts.headersTimeoutMs + this.opts.bodyTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, this.opts.headersTimeoutMs),
    };
    this.http = createServer(timeouts, createHttpHandler(httpOpts, this.dispatcher, this.log));
    // No permessage-deflate: the frame meter charges wire bytes, which then equal message bytes
    // (and a compressed 5 MiB frame could inflate far past what was charged).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.opts.maxBodyBytes, perMessageDeflate: false });
    this.http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  addModule<M extends object>(def: RpcModuleDefinition<M>, instance: M): void {
    this.dispatcher.addModule(def, instance);
  }

  methodNames(): string[] {
    return this.dispatcher.methodNames();
  }

  get port(): number | null {
    return this.boundPort;
  }

  get wsConnections(): number {
    return this.sessions.size;
  }

  /** Request bytes held right now across all connections (see maxInFlightBytes). */
  get inFlightBytes(): number {
    return this.inFlight.used;
  }

  /** Listens; resolves with the bound port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off("error", reject);
        const address = this.http.address();
        this.boundPort = typeof address === "object" && address !== null ? address.port : this.opts.port;
        this.log?.info({ host: this.opts.host, port: this.boundPort }, "rpc listening");
        resolve(this.boundPort);
      });
    });
  }

  /** Drops every WebSocket client and HTTP connection now, then stops listening. */
  stop(): Promise<void> {
    for (const session of [...this.sessions]) session.terminate();
    this.sessions.clear();
    this.wss.close();
    return new Promise((resolve) => {
      if (!this.http.listening) return resolve();
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const path = (req.url ?? "/").split("?")[0];
    const origin = req.headers.origin;
    let refusal: string | null = null;
    if (path !== "/") refusal = "404 Not Found";
    else if (this.opts.corsOrigin !== "*" && origin !== undefined && origin !== this.opts.corsOrigin) refusal = "403 Forbidden";
    else if (this.sessions.size >= this.opts.maxWsConnections) refusal = "503 Service Unavailable";
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const adminRefusal = this.adminGate.refusal(req.headers);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, adminRefusal));
  }

  private accept(ws: WebSocket, socket: Duplex, adminRefusal: string | null): void {
    const limits = { maxQueueMessages: this.opts.maxQueueMessages, maxQueueBytes: this.opts.maxQueueBytes };
    const session = new WsSession(ws, limits, (dead) => this.onSessionDead(dead));
    this.sessions.add(session);
    this.metrics?.setWsConnections(this.sessions.size);
    ws.on("error", (error) => this.log?.debug({ err: error }, "rpc websocket error"));
    const ctx = { subscriber: session, adminRefusal };
    const intakeLimits = { maxMessageBytes: this.opts.maxBodyBytes, bodyTimeoutMs: this.opts.bodyTimeoutMs, maxPending: this.opts.maxPendingPerConnection };
    const intake = new WsIntake(ws, socket, session, new ConnectionBytes(this.inFlight, this.connectionShare), intakeLimits, {
      run: (data) => this.runMessage(session, ctx, data),
      refuse: (data) => {
        const error = rpcError("LIMIT_EXCEEDED", RpcReason.TOO_MANY_PENDING, { max: this.opts.maxPendingPerConnection }).toObject();
        const answer = this.dispatcher.refuseText(rawToText(data), error);
        if (answer !== null) session.send(answer);
      },
    });
    this.intakes.set(session, intake);
  }

  private onSessionDead(session: WsSession): void {
    this.intakes.get(session)?.close();
    this.hub?.dropSubscriber(session);
    if (session.droppedTooSlow) {
      this.metrics?.countSlowSubscriberDropped();
      this.log?.warn({ limits: { messages: this.opts.maxQueueMessages, bytes: this.opts.maxQueueBytes } }, "rpc: dropped a websocket client too slow to read");
    }
    if (this.sessions.delete(session)) this.metrics?.setWsConnections(this.sessions.size);
  }

  private runMessage(session: WsSession, ctx: CallContext, data: RawData): Promise<void> {
    return this.dispatcher
      .handleText(rawToText(data), ctx)
      .then((answer) => {
        if (answer !== null) session.send(answer);
      })
      .catch((error: unknown) => this.log?.error({ err: error }, "rpc websocket dispatch failed"));
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
