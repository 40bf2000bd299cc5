// rpc.discover: what a client (or a test) reads to learn every method the server serves now.
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionHub } from "../../../src/rpc/subscriptions.js";
import { p } from "../../../src/rpc/params.js";
import { post, startServer, type Running } from "./helpers.js";

let rig: Running | null = null;
afterEach(async () => {
  await rig?.server.stop();
  rig = null;
});

interface Doc {
  openrpc: string;
  methods: Array<{ name: string; params: Array<{ name: string; required: boolean }>; tags?: Array<{ $ref: string }> }>;
}

async function discover(url: string, params: unknown = []): Promise<{ result?: Doc; error?: { code: number; data?: { reason?: string } } }> {
  return (await post(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "rpc.discover", params }))).json() as never;
}

describe("rpc.discover", () => {
  it("lists every served method with its params in call order, and only those", async () => {
    rig = await startServer();
    const doc = (await discover(rig.url)).result!;
    expect(doc.openrpc).toMatch(/^1\./);
    const names = doc.methods.map((m) => m.name);
    expect(names).toEqual([...rig.server.methodNames()].sort((a, b) => a.localeCompare(b)));
    expect(names).not.toContain("admin_peers"); // admin is off
    expect(doc.methods.find((m) => m.name === "echo_amounts")!.params).toMatchObject([
      { name: "amount", required: true, schema: { description: "an unsigned integer (decimal string or safe integer)" } },
      { name: "to", required: true, schema: { anyOf: [{ type: "string" }, { type: "string" }, { type: "string", pattern: "^@.{1,128}$" }] } },
      { name: "memo", required: false, schema: { type: "string", maxLength: 8 } },
    ]);
  });

  it("tags admin methods and WebSocket subscriptions", async () => {
    const hub = new SubscriptionHub<{ heads: unknown; messages: unknown }>();
    hub.register("heads", { params: [] });
    hub.register("messages", { params: [["target", p.string()]] });
    rig = await startServer({ enableAdmin: true }, { hub });
    const doc = (await discover(rig.url)).result!;
    const byName = new Map(doc.methods.map((m) => [m.name, m]));
    expect(byName.get("admin_peers")!.tags).toMatchObject([{ name: "admin" }]);
    expect(byName.get("subscribe_messages")).toMatchObject({ params: [{ name: "target", required: true }], tags: [{ name: "websocket" }] });
    expect(byName.get("subscribe_messages")).not.toHaveProperty("tags.1");
    expect(byName.get("subscribe_heads")!.params).toEqual([]);
    expect(byName.get("unsubscribe")!.params.map((x) => x.name)).toEqual(["subscription"]);
  });

  it("takes no params", async () => {
    rig = await startServer();
    expect(await discover(rig.url, [1])).toMatchObject({ error: { code: -32602, data: { reason: "TOO_MANY_PARAMS" } } });
  });
});
