// JSON-RPC 2.0 request handling, independent of transport: text in, response text (or nothing)
// out. Implements the spec's rules: parse error and invalid request answer with id null; an
// empty batch is one Invalid Request; a batch answers per element, in request order;
// notifications (no "id" member) get no answer, so an all-notification batch gets nothing.
import { rpcError, RpcReason, toRpcErrorObject, type ErrorMappingTable, type RpcErrorObject, type RpcLogger } from "./errors.js";
import { isJsonObject, nestsDeeperThan, stringify, type JsonObject } from "./json.js";
import { bindModule, RpcModuleError, type MethodEntry, type RpcModuleDefinition } from "./module.js";
import { bindParams, bindParamsFetched, p, type ParamEnv, type ParamList } from "./params.js";
import type { Subscriber, SubscriptionRegistry } from "./subscriptions.js";
import { discoveryDocument, type SubscriptionMethod } from "./discover.js";
import { s } from "./schema.js";

export type RequestId = string | number | null;

/** Who is calling: subscriptions need a WebSocket connection to deliver to. */
export interface CallContext {
  readonly subscriber: Subscriber | null;
  /** Why this caller may not use admin methods (see admin-gate.ts), or null when it may. */
  readonly adminRefusal: string | null;
}

export interface DispatchLimits {
  maxBatch: number;
  /** Answers of one batch may total this many characters; calls not yet started past it are refused. */
  maxBatchResponseBytes: number;
  maxJsonDepth: number;
  maxSubscriptionsPerConnection: number;
  requestTimeoutMs: number;
  enableAdmin: boolean;
}

/** Optional instrumentation; labels are registered method names only (bounded cardinality). */
export interface RpcMetrics {
  observeCall(method: string, outcome: "ok" | "error", seconds: number): void;
  setWsConnections(count: number): void;
  countSlowSubscriberDropped(): void;
}

export interface DispatchDeps {
  errorMap: ErrorMappingTable;
  logger: RpcLogger | null;
  metrics: RpcMetrics | null;
  hub: SubscriptionRegistry | null;
  /** Resolves "@name" address params (a full node's names at the head); null: refused. */
  names: ParamEnv | null;
}

// Most calls of one batch in flight at once: enough to keep admission's verify threads busy
// with a batch of tx_send, few enough that large answers cannot pile up far past the budget.
const BATCH_WINDOW = 16;
// In flight before any answer's size is known: bounds the overshoot of a batch of huge answers.
const FIRST_WINDOW = 4;

const SUBSCRIBE_PREFIX = "subscribe_";
const UNSUBSCRIBE = "unsubscribe";
// OpenRPC service discovery; the spec reserves "rpc." names for exactly such extensions.
const DISCOVER = "rpc.discover";

function errorText(id: RequestId, error: RpcErrorObject): string {
  return stringify({ jsonrpc: "2.0", error, id });
}

export class Dispatcher {
  private readonly methods = new Map<string, MethodEntry>();

  constructor(
    private readonly limits: DispatchLimits,
    private readonly deps: DispatchDeps,
  ) {}

  addModule<M extends object>(def: RpcModuleDefinition<M>, instance: M): void {
    const entries = bindModule(def, instance);
    for (const entry of entries) {
      if (this.methods.has(entry.name)) throw new RpcModuleError({ code: "DUPLICATE_METHOD", method: entry.name });
    }
    // Admin methods are not registered at all while admin is off: they answer "Method not found".
    for (const entry of entries) if (!entry.admin || this.limits.enableAdmin) this.methods.set(entry.name, entry);
    this.discovery = null;
  }

  // The OpenRPC document (~50 KB) changes only when a module is added: built once, not per call
  // (a batch of rpc.discover would otherwise rebuild it hundreds of times).
  private discovery: JsonObject | null = null;

  /** Names served right now, module methods only (for docs and tests). */
  methodNames(): string[] {
    return [...this.methods.keys()];
  }

  /** Returns the response text, or null when nothing must be sent (notifications only). */
  async handleText(text: string, ctx: CallContext): Promise<string | null> {
    if (nestsDeeperThan(text, this.limits.maxJsonDepth)) {
      return errorText(null, rpcError("INVALID_REQUEST", RpcReason.TOO_DEEP, { max: this.limits.maxJsonDepth }).toObject());
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorText(null, rpcError("PARSE_ERROR").toObject());
    }
    if (!Array.isArray(body)) return this.handleOne(body, ctx);
    if (body.length === 0) return errorText(null, rpcError("INVALID_REQUEST").toObject());
    if (body.length > this.limits.maxBatch) {
      return errorText(null, rpcError("LIMIT_EXCEEDED", RpcReason.BATCH_TOO_LARGE, { max: this.limits.maxBatch }).toObject());
    }
    const answers = await this.handleBatch(body, ctx);
    const present = answers.filter((a): a is string => a !== null);
    return present.length === 0 ? null : "[" + present.join(",") + "]";
  }

  /**
   * Runs a batch's calls concurrently, answered in request order (the spec allows any order;
   * order is kinder), under a response budget: once the answers so far exceed
   * maxBatchResponseBytes, the calls not yet started are answered LIMIT_EXCEEDED
   * RESPONSE_TOO_LARGE instead of run. A 100 KB request of 1000 x chain_getBlock "full" would
   * otherwise make the node build gigabytes of JSON. How many run at once adapts to the largest
   * answer seen (FIRST_WINDOW until one is known), so small answers (tx_send) keep BATCH_WINDOW
   * in flight while large ones run about as many as the remaining budget holds.
   */
  private handleBatch(items: unknown[], ctx: CallContext): Promise<Array<string | null>> {
    const answers: Array<string | null> = new Array<string | null>(items.length).fill(null);
    const max = this.limits.maxBatchResponseBytes;
    const refusal = rpcError("LIMIT_EXCEEDED", RpcReason.RESPONSE_TOO_LARGE, { max }).toObject();
    let bytes = 0;
    let largest = -1; // nothing answered yet
    let next = 0;
    let inFlight = 0;
    return new Promise((resolve) => {
      const pump = (): void => {
        while (next < items.length) {
          // The caller's WebSocket closed: nobody will read the answers, so run nothing more.
          if (ctx.subscriber !== null && !ctx.subscriber.alive) {
            next = items.length;
            break;
          }
          if (bytes > max) {
            answers[next] = this.refuseOne(items[next], refusal);
            next++;
            continue;
          }
          const window = largest < 0 ? FIRST_WINDOW : largest === 0 ? BATCH_WINDOW : Math.max(1, Math.min(BATCH_WINDOW, Math.floor((max - bytes) / largest)));
          if (inFlight >= window) return;
          const i = next++;
          inFlight++;
          void this.handleOne(items[i], ctx).then((answer) => {
            answers[i] = answer;
            const size = answer?.length ?? 0;
            bytes += size;
            largest = Math.max(largest, size);
            inFlight--;
            pump();
          });
        }
        if (inFlight === 0) resolve(answers);
      };
      pump();
    });
  }

  /** The error answer for one request item, or null for a notification. */
  private refuseOne(item: unknown, error: RpcErrorObject): string | null {
    if (isJsonObject(item) && !Object.hasOwn(item, "id")) return null;
    const id = isJsonObject(item) ? item["id"] : null;
    return errorText(id === null || typeof id === "string" || typeof id === "number" ? id : null, error);
  }

  /**
   * Answers every request in the text with `error` without running any (used when a
   * connection has too many requests in flight), so clients pairing answers by id do not hang.
   */
  refuseText(text: string, error: RpcErrorObject): string | null {
    let body: unknown;
    try {
      body = nestsDeeperThan(text, this.limits.maxJsonDepth) ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    const items = Array.isArray(body) ? body.slice(0, this.limits.maxBatch) : [body];
    const answers: string[] = [];
    for (const item of items) {
      const answer = this.refuseOne(item, error); // null for a notification: no answer
      if (answer !== null) answers.push(answer);
    }
    if (answers.length === 0) return null;
    return Array.isArray(body) ? "[" + answers.join(",") + "]" : answers[0]!;
  }

  /**
   * A call whose params a transport decoded itself (the binary tx batch, http.ts): the same
   * admin check, metrics and timeout as a JSON-RPC call of `method`, answered as a response with
   * id null. The caller has validated `args` as the method's param list would.
   */
  async handleDecoded(method: string, args: unknown[], ctx: CallContext): Promise<string> {
    const started = performance.now();
    const entry = this.methods.get(method);
    try {
      if (entry === undefined) throw rpcError("METHOD_NOT_FOUND");
      // [REJECT] an admin method from a browser origin not listed, or without the admin token
      if (entry.admin && ctx.adminRefusal !== null) throw rpcError("FORBIDDEN", ctx.adminRefusal);
      const result = await this.withTimeout(entry.invoke(args));
      this.deps.metrics?.observeCall(entry.name, "ok", (performance.now() - started) / 1000);
      return this.resultText(null, result === undefined ? null : result, method);
    } catch (error) {
      const object = toRpcErrorObject(error, this.deps.errorMap, this.deps.logger, method);
      if (entry !== undefined) this.deps.metrics?.observeCall(entry.name, "error", (performance.now() - started) / 1000);
      return errorText(null, object);
    }
  }

  private async handleOne(request: unknown, ctx: CallContext): Promise<string | null> {
    if (!isJsonObject(request)) return errorText(null, rpcError("INVALID_REQUEST").toObject());
    const hasId = Object.hasOwn(request, "id");
    const rawId = request["id"];
    const idValid = rawId === null || typeof rawId === "string" || typeof rawId === "number";
    const { method, params } = request;
    if (
      request["jsonrpc"] !== "2.0" ||
      typeof method !== "string" ||
      (params !== undefined && typeof params !== "object") ||
      params === null ||
      (hasId && !idValid)
    ) {
      // Echo the id only when it is a valid one; otherwise the spec says null.
      return errorText(hasId && idValid ? (rawId as RequestId) : null, rpcError("INVALID_REQUEST").toObject());
    }
    const id: RequestId = hasId ? (rawId as RequestId) : null;
    const started = performance.now();
    let metricName: string | null = null;
    try {
      const entry = this.methods.get(method);
      let result: unknown;
      if (entry !== undefined) {
        metricName = entry.name;
        // [REJECT] an admin method from a browser origin not listed, or without the admin token
        if (entry.admin && ctx.adminRefusal !== null) throw rpcError("FORBIDDEN", ctx.adminRefusal);
        const names = this.deps.names;
        result = names?.prefetch
          ? await this.withTimeout(bindParamsFetched(entry.params, params, names).then((args) => entry.invoke(args)))
          : await this.withTimeout(entry.invoke(bindParams(entry.params, params, names)));
      } else if (method.startsWith(SUBSCRIBE_PREFIX) || method === UNSUBSCRIBE) {
        result = await this.subscription(method, params, ctx);
      } else if (method === DISCOVER) {
        bindParams([], params);
        result = this.discovery ??= discoveryDocument(this.methods.values(), this.subscriptionMethods());
      } else {
        throw rpcError("METHOD_NOT_FOUND");
      }
      this.deps.metrics?.observeCall(metricName ?? method, "ok", (performance.now() - started) / 1000);
      if (!hasId) return null;
      return this.resultText(id, result === undefined ? null : result, method);
    } catch (error) {
      const object = toRpcErrorObject(error, this.deps.errorMap, this.deps.logger, method);
      if (metricName !== null) this.deps.metrics?.observeCall(metricName, "error", (performance.now() - started) / 1000);
      if (!hasId) return null;
      return errorText(id, object);
    }
  }

  private resultText(id: RequestId, result: unknown, method: string): string {
    try {
      return stringify({ jsonrpc: "2.0", result, id });
    } catch (error) {
      // Only a cyclic result gets here; answer this element, keep the rest of the batch.
      return errorText(id, toRpcErrorObject(error, this.deps.errorMap, this.deps.logger, method));
    }
  }

  private async subscription(method: string, params: unknown, ctx: CallContext): Promise<unknown> {
    const hub = this.deps.hub;
    const kind = method.slice(SUBSCRIBE_PREFIX.length);
    const list = method === UNSUBSCRIBE ? UNSUBSCRIBE_PARAMS : hub?.paramsOf(kind);
    if (hub === null || list === undefined) throw rpcError("METHOD_NOT_FOUND");
    if (ctx.subscriber === null) throw rpcError("UNAVAILABLE", RpcReason.WEBSOCKET_REQUIRED);
    const args = await bindParamsFetched(list, params, this.deps.names);
    if (method === UNSUBSCRIBE) return hub.unsubscribe(args[0] as string, ctx.subscriber);
    return hub.subscribe(kind, args, ctx.subscriber, this.limits.maxSubscriptionsPerConnection);
  }

  private subscriptionMethods(): SubscriptionMethod[] {
    const hub = this.deps.hub;
    if (hub === null) return [];
    const kinds = (hub.kinds?.() ?? []).map((kind): SubscriptionMethod => {
      const doc = hub.docOf?.(kind);
      return {
        name: SUBSCRIBE_PREFIX + kind,
        params: hub.paramsOf(kind) ?? [],
        summary: doc?.summary ?? `Subscribes to ${kind} events`,
        result: SUBSCRIPTION_ID,
        event: doc?.event ?? s.any(`a ${kind} event`),
      };
    });
    return [...kinds, { name: UNSUBSCRIBE, params: UNSUBSCRIBE_PARAMS, summary: "Ends a subscription of this connection", result: s.described(s.bool(), "false when no such subscription of this connection existed") }];
  }

  private withTimeout(value: unknown): Promise<unknown> {
    if (!(value instanceof Promise)) return Promise.resolve(value);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(rpcError("UNAVAILABLE", RpcReason.TIMEOUT, { ms: this.limits.requestTimeoutMs })), this.limits.requestTimeoutMs);
    });
    return Promise.race([value, timeout]).finally(() => clearTimeout(timer));
  }
}

// Subscription ids are "0x" + 32 hex digits; the cap only keeps junk short.
const UNSUBSCRIBE_PARAMS: ParamList<[string]> = [["subscription", p.string({ max: 66 })]];
const SUBSCRIPTION_ID = { type: "string", description: 'the subscription id ("0x" + 32 hex digits) that notifications carry' };
