// The HTTP surface and the limits: what an operator and a hostile client can rely on.
import { afterEach, describe, expect, it } from "vitest";
import { formatAddress } from "../../../src/chain/address.js";
import type { RpcLogger } from "../../../src/rpc/errors.js";
import { post, startServer, type Running } from "./helpers.js";

let rig: Running | null = null;
afterEach(async () => {
  await rig?.server.stop();
  rig = null;
});

async function start(...args: Parameters<typeof startServer>): Promise<Running> {
  rig = await startServer(...args);
  return rig;
}

function call(method: string, params: unknown, id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: "2.0", method, params, id });
}

function recordingLogger(): RpcLogger & { lines: { obj: object; msg?: string }[] } {
  const lines: { obj: object; msg?: string }[] = [];
  const push = (obj: object, msg?: string): void => void lines.push({ obj, msg });
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe("RPC over HTTP", () => {
  it("start() resolves with the real port and GET /health answers ok", async () => {
    const { server, url } = await start();
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("GET /metrics delegates to the injected handler, and is 404 without one", async () => {
    const { url } = await start({}, { metricsHandler: async () => ({ contentType: "text/plain; version=0.0.4", body: "rpc_up 1\n" }) });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await res.text()).toBe("rpc_up 1\n");
    await rig!.server.stop();
    const bare = await start();
    expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
  });

  it("answers CORS preflight and sets the configured origin on responses", async () => {
    const { url } = await start({ corsOrigin: "https://app.example" });
    const pre = await fetch(url, { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/content-type/i);
    const res = await post(url, call("echo_add", [1, 2]));
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });

  it("defaults CORS to any origin", async () => {
    const { url } = await start();
    expect((await post(url, call("echo_add", [1, 2]))).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses a non-JSON content type with 415", async () => {
    const { url } = await start();
    const res = await post(url, call("echo_add", [1, 2]), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
  });

  it("refuses a body over the limit with 413 and error -32003", async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const res = await post(url, call("echo_add", ["x".repeat(2000), 1]));
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ jsonrpc: "2.0", error: { code: -32003, message: "Limit exceeded", data: { reason: "BODY_TOO_LARGE", max: 1024 } }, id: null });
  });

  it("refuses a 6 MiB body under the default 5 MiB limit with 413", async () => {
    const { url } = await start();
    const res = await post(url, call("echo_add", ["x".repeat(6 * 1024 * 1024), 1]));
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: -32003, data: { reason: "BODY_TOO_LARGE", max: 5 * 1024 * 1024 } }, id: null });
  });

  it("refuses a streamed body without Content-Length once it passes the limit", async () => {
    const { url } = await start({ maxBodyBytes: 64 * 1024 });
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded: the server must answer long before 1 MiB.
        if (sent >= 64) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("answers a batch over the limit with one -32003 error", async () => {
    const { url } = await start({ maxBatch: 3 });
    const batch = JSON.stringify([1, 2, 3, 4].map((i) => JSON.parse(call("echo_add", [i, i], i)) as unknown));
    const res = await post(url, batch);
    expect(res.json()).toEqual({ jsonrpc: "2.0", error: { code: -32003, message: "Limit exceeded", data: { reason: "BATCH_TOO_LARGE", max: 3 } }, id: null });
    const ok = await post(url, JSON.stringify([1, 2, 3].map((i) => JSON.parse(call("echo_add", [i, i], i)) as unknown)));
    expect(ok.json()).toEqual([1, 2, 3].map((i) => ({ jsonrpc: "2.0", result: 2 * i, id: i })));
  });

  it("rejects JSON nested deeper than the limit as Invalid Request, even 1e6 levels", async () => {
    const { url } = await start({ maxJsonDepth: 8 });
    const deep = `{"jsonrpc":"2.0","method":"echo_add","params":[${"[".repeat(10)}${"]".repeat(10)}, 1],"id":1}`;
    const tooDeep = { jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request", data: { reason: "TOO_DEEP", max: 8 } }, id: null };
    expect((await post(url, deep)).json()).toEqual(tooDeep);
    expect((await post(url, "[".repeat(1_000_000) + "]".repeat(1_000_000))).json()).toEqual(tooDeep);
    // Brackets inside strings are text, not nesting.
    expect((await post(url, call("echo_amounts", ["1", "0".repeat(64), "[[[[[[[["]))).json()).toMatchObject({ result: { memo: "[[[[[[[[" } });
  });

  it("names the param that failed validation, positionally and by name", async () => {
    const { url } = await start();
    expect((await post(url, call("echo_add", [1, "two"]))).json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32602, message: "Invalid params", data: { reason: "WRONG_TYPE", param: "b", detail: "expected an unsigned integer" } },
      id: 1,
    });
    const missing = (await post(url, call("echo_add", { a: 1 }))).json();
    expect(missing).toMatchObject({ error: { code: -32602, data: { param: "b", reason: "MISSING" } } });
    const extra = (await post(url, call("echo_add", [1, 2, 3]))).json();
    expect(extra).toMatchObject({ error: { code: -32602, data: { reason: "TOO_MANY_PARAMS" } } });
    const unknown = (await post(url, call("echo_add", { a: 1, b: 2, c: 3 }))).json();
    expect(unknown).toMatchObject({ error: { code: -32602, data: { param: "c", reason: "UNKNOWN_PARAM" } } });
    const nested = (await post(url, call("echo_transfer", [{ to: "0".repeat(64), amount: "1.5" }]))).json();
    expect(nested).toMatchObject({ error: { code: -32602, data: { param: "tx.amount", reason: "WRONG_TYPE" } } });
  });

  it("serialises bigint and bytes results as decimal strings and 0x-hex", async () => {
    const { url } = await start();
    const to = new Uint8Array(32).fill(0xab);
    const res = (await post(url, call("echo_amounts", ["123456789012345678901234567890", formatAddress(to)]))).json();
    expect(res).toEqual({ jsonrpc: "2.0", result: { amount: "246913578024691357802469135780", to: "0x" + "ab".repeat(32), memo: null }, id: 1 });
    // A module that forgets to convert still gets a valid answer.
    expect((await post(url, call("echo_raw", []))).json()).toEqual({ jsonrpc: "2.0", result: { big: (2n ** 70n).toString(), bytes: "0x0102ff" }, id: 1 });
  });

  it("maps typed errors through the owner's table and hides unexpected ones", async () => {
    const log = recordingLogger();
    const { url } = await start({}, { logger: log });
    expect((await post(url, call("echo_rejectTx", []))).json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32000, message: "Transaction rejected", data: { reason: "NONCE_TOO_LOW", message: "NONCE_TOO_LOW: expected=5 got=3" } },
      id: 1,
    });
    expect((await post(url, call("echo_notFound", []))).json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32002, message: "Not found", data: { reason: "NO_SUCH_BLOCK", height: 7 } },
      id: 1,
    });
    const crash = await post(url, call("echo_crash", []));
    expect(crash.json()).toEqual({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: 1 });
    expect(crash.text).not.toContain("internal detail");
    expect(log.lines.some((l) => l.msg === "rpc handler failed")).toBe(true);
  });

  it("an unmapped typed error is an internal error, logged", async () => {
    const log = recordingLogger();
    const { url } = await start({}, { logger: log, errorMap: { "TxError.NONCE_TOO_LOW": "TX_REJECTED" } });
    expect((await post(url, call("echo_unmapped", []))).json()).toEqual({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: 1 });
    expect(log.lines.some((l) => l.msg === "rpc: unmapped error code")).toBe(true);
  });

  it("times out a slow method with -32004 TIMEOUT", async () => {
    const { url } = await start({ requestTimeoutMs: 50 });
    expect((await post(url, call("echo_slow", [2000]))).json()).toMatchObject({ error: { code: -32004, data: { reason: "TIMEOUT" } }, id: 1 });
    expect((await post(url, call("echo_slow", [1]))).json()).toMatchObject({ result: 1 });
  });

  it("runs a batch concurrently and keeps request order", async () => {
    const { url } = await start();
    const started = Date.now();
    const batch = JSON.stringify([300, 10, 200].map((ms, i) => JSON.parse(call("echo_slow", [ms], i)) as unknown));
    expect((await post(url, batch)).json()).toEqual([300, 10, 200].map((ms, i) => ({ jsonrpc: "2.0", result: ms, id: i })));
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("hides admin methods unless admin is enabled", async () => {
    const off = await start();
    expect(off.server.methodNames()).not.toContain("admin_peers");
    expect((await post(off.url, call("admin_peers", []))).json()).toMatchObject({ error: { code: -32601 } });
    await off.server.stop();
    const on = await start({ enableAdmin: true });
    expect((await post(on.url, call("admin_peers", []))).json()).toEqual({ jsonrpc: "2.0", result: ["peer1"], id: 1 });
  });

  it("serves only the methods in a module's table", async () => {
    const { url, server } = await start();
    expect(server.methodNames()).toContain("echo_add");
    expect((await post(url, call("echo_hidden", []))).json()).toMatchObject({ error: { code: -32601 } });
    expect((await post(url, call("echo_constructor", []))).json()).toMatchObject({ error: { code: -32601 } });
  });

  it("answers subscription methods over HTTP with -32004 WEBSOCKET_REQUIRED", async () => {
    const { SubscriptionHub } = await import("../../../src/rpc/subscriptions.js");
    const hub = new SubscriptionHub<{ heads: { height: number } }>();
    hub.register("heads", { params: [] });
    const { url } = await start({}, { hub });
    expect((await post(url, call("subscribe_heads", []))).json()).toMatchObject({ error: { code: -32004, data: { reason: "WEBSOCKET_REQUIRED" } } });
    expect((await post(url, call("subscribe_nothing", []))).json()).toMatchObject({ error: { code: -32601 } });
  });
});
