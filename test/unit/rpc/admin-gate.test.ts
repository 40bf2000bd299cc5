// Admin methods from a browser: refused unless the operator listed the page's origin, and
// without the token when one is configured. Non-browser clients (no Origin) are unaffected.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { RpcServerOptions } from "../../../src/rpc/server.js";
import { post, startServer, type Running } from "./helpers.js";

const OPS = "https://ops.example:8443";
const EVIL = "https://evil.example";
const TOKEN = "s3cret-admin-token-0123456789";

let rig: Running | null = null;
afterEach(async () => {
  await rig?.server.stop();
  rig = null;
});

async function start(opts: RpcServerOptions): Promise<Running> {
  rig = await startServer({ enableAdmin: true, ...opts });
  return rig;
}

const call = (method: string): string => JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] });

async function adminOverWs(url: string, headers: Record<string, string>, origin?: string): Promise<unknown> {
  const ws = new WebSocket(url, { headers, ...(origin === undefined ? {} : { origin }) });
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  const answers = new Promise<unknown[]>((resolve) => ws.once("message", (d: Buffer) => resolve(JSON.parse(d.toString()) as unknown[])));
  ws.send(`[${call("admin_peers")},${call("echo_foobar")}]`);
  const got = await answers;
  ws.terminate();
  return got;
}

describe("admin access", () => {
  it("refuses admin calls from a browser origin by default, over HTTP, and serves public ones", async () => {
    const { url } = await start({});
    expect((await post(url, call("admin_peers"), { origin: EVIL })).json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32006, message: "Forbidden", data: { reason: "ADMIN_ORIGIN_REFUSED" } },
      id: 1,
    });
    expect((await post(url, call("admin_peers"), { origin: "null" })).json()).toMatchObject({ error: { code: -32006 } });
    expect((await post(url, call("echo_foobar"), { origin: EVIL })).json()).toMatchObject({ result: "foobar" });
    expect((await post(url, call("admin_peers"))).json()).toMatchObject({ result: ["peer1"] });
  });

  it("refuses admin calls on a WebSocket opened by a browser page, even though the upgrade is allowed", async () => {
    const { wsUrl } = await start({});
    expect(await adminOverWs(wsUrl, {}, EVIL)).toEqual([
      { jsonrpc: "2.0", error: { code: -32006, message: "Forbidden", data: { reason: "ADMIN_ORIGIN_REFUSED" } }, id: 1 },
      { jsonrpc: "2.0", result: "foobar", id: 1 },
    ]);
    expect(await adminOverWs(wsUrl, {})).toMatchObject([{ result: ["peer1"] }, { result: "foobar" }]);
  });

  it("serves admin calls from a listed origin", async () => {
    const { url, wsUrl } = await start({ adminOrigins: [OPS] });
    expect((await post(url, call("admin_peers"), { origin: OPS })).json()).toMatchObject({ result: ["peer1"] });
    expect((await post(url, call("admin_peers"), { origin: EVIL })).json()).toMatchObject({ error: { data: { reason: "ADMIN_ORIGIN_REFUSED" } } });
    expect(await adminOverWs(wsUrl, {}, OPS)).toMatchObject([{ result: ["peer1"] }, { result: "foobar" }]);
  });

  it("with a token, serves only admin calls that carry it as a bearer token", async () => {
    const { url, wsUrl } = await start({ adminToken: TOKEN, adminOrigins: [OPS] });
    const refused = { error: { code: -32006, data: { reason: "ADMIN_TOKEN_REQUIRED" } } };
    expect((await post(url, call("admin_peers"))).json()).toMatchObject(refused);
    expect((await post(url, call("admin_peers"), { authorization: `Bearer ${TOKEN}x` })).json()).toMatchObject(refused);
    expect((await post(url, call("admin_peers"), { authorization: TOKEN })).json()).toMatchObject(refused);
    expect((await post(url, call("admin_peers"), { authorization: `Bearer ${TOKEN}` })).json()).toMatchObject({ result: ["peer1"] });
    expect((await post(url, call("admin_peers"), { authorization: `Bearer ${TOKEN}`, origin: OPS })).json()).toMatchObject({ result: ["peer1"] });
    // The token does not let an unlisted page in.
    expect((await post(url, call("admin_peers"), { authorization: `Bearer ${TOKEN}`, origin: EVIL })).json()).toMatchObject({ error: { data: { reason: "ADMIN_ORIGIN_REFUSED" } } });
    expect(await adminOverWs(wsUrl, { authorization: `Bearer ${TOKEN}` })).toMatchObject([{ result: ["peer1"] }, { result: "foobar" }]);
    expect(await adminOverWs(wsUrl, {})).toMatchObject([refused, { result: "foobar" }]);
  });

  it("lets a listed browser page send the token: preflight allows the Authorization header", async () => {
    const { url } = await start({ adminToken: TOKEN, adminOrigins: [OPS] });
    const pre = await fetch(url, { method: "OPTIONS", headers: { origin: OPS, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/authorization/i);
  });
});
