// Test helpers: a real server on 127.0.0.1:0 and small HTTP / WebSocket clients for it.
import { WebSocket } from "ws";
import { RpcServer, type RpcServerModules, type RpcServerOptions } from "../../../src/rpc/server.js";
import { AdminModule, EchoModule } from "./echo-module.js";

export interface Running {
  server: RpcServer;
  url: string;
  wsUrl: string;
  echo: EchoModule;
}

export async function startServer(opts: RpcServerOptions = {}, modules: RpcServerModules = {}): Promise<Running> {
  const server = new RpcServer({ host: "127.0.0.1", port: 0, ...opts }, { errorMap: { TxError: "TX_REJECTED" }, ...modules });
  const echo = new EchoModule();
  server.addModule(EchoModule, echo);
  server.addModule(AdminModule, new AdminModule());
  const port = await server.start();
  return { server, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/`, echo };
}

export interface HttpAnswer {
  status: number;
  text: string;
  headers: Headers;
  json(): unknown;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
}

export type Message = { id?: unknown; method?: string; params?: { subscription?: string; result?: unknown; error?: unknown } } & Record<string, unknown>;

/** A WebSocket client that pairs answers with requests and keeps every notification. */
export class TestClient {
  readonly notifications: Message[] = [];
  closeCode: number | null = null;
  private nextId = 1;
  private readonly waiting = new Map<unknown, (m: Message) => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      const parsed = JSON.parse(data.toString("utf8")) as Message | Message[];
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        const resolve = this.waiting.get(m.id);
        if (resolve && m.id !== undefined) {
          this.waiting.delete(m.id);
          resolve(m);
        } else this.notifications.push(m);
      }
    });
    ws.on("close", (code) => (this.closeCode = code));
  }

  static async open(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new TestClient(ws);
  }

  /** Resolves with the answer carrying this request's id; rejects after 5 s so no test hangs. */
  call(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 5000);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", method, params, id }));
    });
  }

  async subscribe(kind: string, params: unknown[] = []): Promise<string> {
    const answer = await this.call(`subscribe_${kind}`, params);
    if (typeof answer["result"] !== "string") throw new Error(`subscribe failed: ${JSON.stringify(answer)}`);
    return answer["result"];
  }

  results(subscription: string): unknown[] {
    return this.notifications.filter((n) => n.params?.subscription === subscription).map((n) => n.params?.result);
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 0);
    return new Promise((resolve) => this.ws.once("close", (code: number) => resolve(code)));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Polls until `check` holds; fails after `ms` so no test can hang. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
