// JSON-RPC 2.0 client over HTTP (fetch) and WebSocket (the global WebSocket of browsers and
// Node >= 22). Browser-safe: no node-only imports.
import { ParleyError } from "../util/errors.js";

export type RpcClientErrorType =
  | { code: "RPC_ERROR"; rpcCode: number; reason: string | null; data: unknown }
  | { code: "TRANSPORT"; reason: string }
  | { code: "TIMEOUT"; ms: number };

export class RpcClientError extends ParleyError<RpcClientErrorType> {}

interface RpcResponse {
  jsonrpc: "2.0";
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

function toError(e: NonNullable<RpcResponse["error"]>): RpcClientError {
  const data = e.data as { reason?: unknown } | undefined;
  const reason = data && typeof data.reason === "string" ? data.reason : null;
  return new RpcClientError({ code: "RPC_ERROR", rpcCode: e.code, reason, data: e.data ?? null }, e.message);
}

export class HttpRpcClient {
  private nextId = 1;
  constructor(readonly url: string, private readonly timeoutMs = 30_000) {}

  async call<T>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    const [res] = await this.post([{ jsonrpc: "2.0", id: this.nextId++, method, params }]);
    if (!res) throw new RpcClientError({ code: "TRANSPORT", reason: "empty response" });
    if (res.error) throw toError(res.error);
    return res.result as T;
  }

  /** One HTTP request for many calls; results (or errors) in call order. */
  async batch(calls: Array<{ method: string; params: unknown[] | Record<string, unknown> }>): Promise<Array<{ result?: unknown; error?: RpcClientError }>> {
    if (calls.length === 0) return [];
    const first = this.nextId;
    this.nextId += calls.length;
    const res = await this.post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params })));
    const byId = new Map(res.map((r) => [r.id, r]));
    return calls.map((_, i) => {
      const r = byId.get(first + i);
      if (!r) return { error: new RpcClientError({ code: "TRANSPORT", reason: "missing response" }) };
      return r.error ? { error: toError(r.error) } : { result: r.result };
    });
  }

  private async post(body: unknown[]): Promise<RpcResponse[]> {
    let resp: Response;
    try {
      resp = await fetch(this.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const name = (e as Error).name;
      if (name === "TimeoutError") throw new RpcClientError({ code: "TIMEOUT", ms: this.timeoutMs });
      throw new RpcClientError({ code: "TRANSPORT", reason: `${this.url}: ${(e as Error).message}` });
    }
    const text = await resp.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RpcClientError({ code: "TRANSPORT", reason: `HTTP ${resp.status}: ${text.slice(0, 200)}` });
    }
    return (Array.isArray(parsed) ? parsed : [parsed]) as RpcResponse[];
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** One WebSocket connection: calls and subscriptions. */
export class WsRpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<string, (result: unknown) => void>();
  private closedError: RpcClientError | null = null;
  private onCloseCbs: Array<(e: RpcClientError) => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (ev) => this.onMessage(String(ev.data)));
    ws.addEventListener("close", (ev) => {
      this.closedError = new RpcClientError({ code: "TRANSPORT", reason: `websocket closed (${ev.code}${ev.reason ? ": " + ev.reason : ""})` });
      for (const p of this.pending.values()) p.reject(this.closedError);
      this.pending.clear();
      for (const cb of this.onCloseCbs) cb(this.closedError);
    });
  }

  static connect(url: string, timeoutMs = 10_000): Promise<WsRpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new RpcClientError({ code: "TIMEOUT", ms: timeoutMs }));
      }, timeoutMs);
      ws.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new WsRpcClient(ws));
      }, { once: true });
      ws.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new RpcClientError({ code: "TRANSPORT", reason: `cannot connect to ${url}` }));
      }, { once: true });
    });
  }

  onClose(cb: (e: RpcClientError) => void): void {
    this.onCloseCbs.push(cb);
  }

  call<T>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  /** Subscribes (`subscribe_<kind>`); returns the subscription id. Events arrive in order. */
  async subscribe(kind: string, params: unknown[] | Record<string, unknown>, onEvent: (result: unknown) => void): Promise<string> {
    const id = await this.call<string>(`subscribe_${kind}`, params);
    this.subs.set(String(id), onEvent);
    return String(id);
  }

  async unsubscribe(subscription: string): Promise<void> {
    this.subs.delete(subscription);
    await this.call("unsubscribe", [subscription]);
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(text: string): void {
    let msg: RpcResponse & { method?: string; params?: { subscription?: unknown; result?: unknown; error?: RpcResponse["error"] } };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.method === "subscription" && msg.params) {
      const cb = this.subs.get(String(msg.params.subscription));
      if (cb) cb(msg.params.result);
      return;
    }
    if (typeof msg.id !== "number") return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error) p.reject(toError(msg.error));
    else p.resolve(msg.result);
  }
}
