// WebSocket transport and subscriptions, including the slow-subscriber drop.
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { SubscriptionHub } from "../../../src/rpc/subscriptions.js";
import type { RpcServerOptions } from "../../../src/rpc/server.js";
import type { RpcMetrics } from "../../../src/rpc/dispatch.js";
import { p } from "../../../src/rpc/params.js";
import { startServer, TestClient, until, type Running } from "./helpers.js";

type Events = {
  heads: { height: number };
  messages: { to: string; body: string };
};

let rig: Running | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await rig?.server.stop();
  rig = null;
});

async function start(opts: RpcServerOptions = {}, metrics: RpcMetrics | null = null): Promise<{ rig: Running; hub: SubscriptionHub<Events> }> {
  const hub = new SubscriptionHub<Events>();
  hub.register("heads", { params: [] });
  hub.register("messages", {
    params: [["to", p.string({ max: 64 })]],
    match: (event, to) => event.to === to,
    result: (event) => ({ body: event.body }),
  });
  rig = await startServer(opts, { hub, metrics });
  return { rig, hub };
}

async function client(url: string): Promise<TestClient> {
  const c = await TestClient.open(url);
  clients.push(c);
  return c;
}

describe("RPC over WebSocket", () => {
  it("answers requests and batches on the same port as HTTP", async () => {
    const { rig } = await start();
    const c = await client(rig.wsUrl);
    expect(await c.call("echo_add", [2, 3])).toEqual({ jsonrpc: "2.0", result: 5, id: 1 });
    expect(await c.call("echo_add", { a: 1, b: "x" })).toMatchObject({ error: { code: -32602, data: { param: "b" } } });
    c.ws.send("{not json");
    await until(() => c.notifications.length === 1);
    expect(c.notifications[0]).toEqual({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
  });

  it("delivers published events to subscribers, only matching ones, until unsubscribed", async () => {
    const { rig, hub } = await start();
    const alice = await client(rig.wsUrl);
    const bob = await client(rig.wsUrl);
    const heads = await alice.subscribe("heads");
    const aliceMsgs = await alice.subscribe("messages", ["alice"]);
    const bobMsgs = await bob.subscribe("messages", ["bob"]);
    expect(hub.count()).toBe(3);

    hub.publish("heads", { height: 1 });
    expect(hub.publish("messages", { to: "alice", body: "hi alice" })).toBe(1);
    hub.publish("messages", { to: "bob", body: "hi bob" });
    hub.publish("messages", { to: "carol", body: "not for you" });
    await until(() => alice.notifications.length === 2 && bob.notifications.length === 1);
    expect(alice.notifications[0]).toEqual({ jsonrpc: "2.0", method: "subscription", params: { subscription: heads, result: { height: 1 } } });
    expect(alice.results(aliceMsgs)).toEqual([{ body: "hi alice" }]);
    expect(bob.results(bobMsgs)).toEqual([{ body: "hi bob" }]);

    expect(await alice.call("unsubscribe", [heads])).toMatchObject({ result: true });
    expect(await bob.call("unsubscribe", [aliceMsgs])).toMatchObject({ result: false }); // not bob's to cancel
    hub.publish("heads", { height: 2 });
    hub.publish("messages", { to: "alice", body: "second" });
    await until(() => alice.results(aliceMsgs).length === 2);
    expect(alice.results(heads)).toEqual([{ height: 1 }]);
  });

  it("validates subscription params like method params", async () => {
    const { rig } = await start();
    const c = await client(rig.wsUrl);
    expect(await c.call("subscribe_messages", [])).toMatchObject({ error: { code: -32602, data: { param: "to", reason: "MISSING" } } });
    expect(await c.call("subscribe_nothing", [])).toMatchObject({ error: { code: -32601 } });
  });

  it("enforces the subscription limit per connection", async () => {
    const { rig, hub } = await start({ maxSubscriptionsPerConnection: 3 });
    const c = await client(rig.wsUrl);
    for (let i = 0; i < 3; i++) await c.subscribe("heads");
    expect(await c.call("subscribe_heads", [])).toMatchObject({ error: { code: -32003, data: { reason: "TOO_MANY_SUBSCRIPTIONS", max: 3 } } });
    const other = await client(rig.wsUrl);
    await other.subscribe("heads"); // the limit is per connection
    expect(hub.count("heads")).toBe(4);
  });

  it("forgets a connection's subscriptions when it closes", async () => {
    const { rig, hub } = await start();
    const c = await client(rig.wsUrl);
    await c.subscribe("heads");
    await c.subscribe("messages", ["x"]);
    c.close();
    await until(() => hub.count() === 0 && rig.server.wsConnections === 0);
  });

  it("a subscribe late in a batch whose socket closed first leaves no subscription behind (regression)", async () => {
    const { rig, hub } = await start();
    const c = await client(rig.wsUrl);
    // Four slow calls fill the batch's first window; the subscribe starts only when one ends.
    const slow = [1, 2, 3, 4].map((id) => ({ jsonrpc: "2.0", id, method: "echo_slow", params: [300] }));
    c.ws.send(JSON.stringify([...slow, { jsonrpc: "2.0", id: 5, method: "subscribe_heads", params: [] }]));
    await new Promise((r) => setTimeout(r, 50));
    c.close();
    await until(() => rig.server.wsConnections === 0);
    await new Promise((r) => setTimeout(r, 400)); // past the slow calls: the batch has finished
    expect(hub.count()).toBe(0);
    expect(hub.publish("heads", { height: 1 })).toBe(0);
  });

  it("refuses WebSocket connections over the limit", async () => {
    const { rig } = await start({ maxWsConnections: 2 });
    await client(rig.wsUrl);
    await client(rig.wsUrl);
    await expect(TestClient.open(rig.wsUrl)).rejects.toThrow(/503/);
  });

  it("closes a WebSocket that sends a message over the body limit", async () => {
    const { rig } = await start({ maxBodyBytes: 1024 });
    const c = await client(rig.wsUrl);
    c.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "echo_add", params: ["x".repeat(2048), 1], id: 1 }));
    expect(await c.closed()).toBe(1009);
  });

  it("refuses browser WebSocket upgrades from an origin other than the configured one", async () => {
    const { rig } = await start({ corsOrigin: "https://app.example" });
    await expect(new Promise((resolve, reject) => {
      const ws = new WebSocket(rig.wsUrl, { origin: "https://evil.example" });
      ws.once("open", () => resolve(ws.terminate()));
      ws.once("error", reject);
    })).rejects.toThrow(/403/);
    const ok = new WebSocket(rig.wsUrl, { origin: "https://app.example" });
    await new Promise((resolve, reject) => (ok.once("open", resolve), ok.once("error", reject)));
    ok.terminate();
  });

  it("answers requests past the per-connection pending limit with -32003", async () => {
    const { rig } = await start({ maxPendingPerConnection: 2 });
    const c = await client(rig.wsUrl);
    const answers = await Promise.all([c.call("echo_slow", [100]), c.call("echo_slow", [100]), c.call("echo_add", [1, 1])]);
    expect(answers.map((a) => a["result"])).toEqual([100, 100, undefined]);
    expect(answers[2]).toMatchObject({ error: { code: -32003, data: { reason: "TOO_MANY_PENDING" } }, id: 3 });
    expect(await c.call("echo_add", [1, 1])).toMatchObject({ result: 2 }); // room again once answered
  });

  it("stop() closes open WebSocket clients promptly", async () => {
    const { rig } = await start();
    const a = await client(rig.wsUrl);
    const b = await client(rig.wsUrl);
    const started = Date.now();
    await rig.server.stop();
    await Promise.all([a.closed(), b.closed()]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(a.ws.readyState).toBe(WebSocket.CLOSED);
  });

  it("drops a subscriber that stops reading, with one error, while a fast one gets every event", async () => {
    const counts = { dropped: 0, connections: [] as number[], calls: [] as string[] };
    const metrics: RpcMetrics = {
      countSlowSubscriberDropped: () => void counts.dropped++,
      setWsConnections: (n) => void counts.connections.push(n),
      observeCall: (method, outcome) => void counts.calls.push(`${method}:${outcome}`),
    };
    const { rig, hub } = await start({ maxQueueMessages: 200, maxQueueBytes: 512 * 1024 }, metrics);
    const fast = await client(rig.wsUrl);
    const slow = await client(rig.wsUrl);
    const fastSub = await fast.subscribe("heads");
    await slow.subscribe("heads");
    // The slow client stops reading from its socket: kernel buffers fill, then the server's.
    (slow.ws as unknown as { _socket: Socket })._socket.pause();

    const padding = "x".repeat(8 * 1024);
    const MAX_EVENTS = 4000; // ~32 MiB: far past any kernel buffer plus our 512 KiB budget
    let published = 0;
    while (hub.count("heads") === 2 && published < MAX_EVENTS) {
      // Bursts of 20 with a turn of the event loop between: a burst stays within the fast
      // client's budget, and the socket gets to drain.
      for (let i = 0; i < 20; i++) hub.publish("heads", { height: published++, padding } as unknown as { height: number });
      await new Promise((r) => setImmediate(r));
    }
    expect(hub.count("heads")).toBe(1); // the slow subscription is gone
    expect(published).toBeLessThan(MAX_EVENTS);
    // Reading again, the slow client finds the events it had, the final error notice, the close.
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = slow.closed();
    // Publishing continues to the fast client after the drop.
    for (let i = 0; i < 20; i++) hub.publish("heads", { height: published++, padding } as unknown as { height: number });

    await until(() => fast.results(fastSub).length === published, 10_000);
    const heights = fast.results(fastSub).map((r) => (r as { height: number }).height);
    expect(heights).toEqual([...Array(published).keys()]);

    expect(await closed).toBe(1008);
    expect(slow.notifications.length).toBeLessThan(published);
    expect(slow.notifications.at(-1)).toEqual({
      jsonrpc: "2.0",
      method: "subscription",
      params: { error: { code: -32003, message: "Limit exceeded", data: { reason: "SUBSCRIBER_TOO_SLOW" } } },
    });
    expect(rig.server.wsConnections).toBe(1);
    expect(counts.dropped).toBe(1);
    expect(counts.connections).toEqual([1, 2, 1]);
    expect(counts.calls).toEqual(["subscribe_heads:ok", "subscribe_heads:ok"]);
  });
});
