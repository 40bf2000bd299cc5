import { afterEach, describe, expect, it } from "vitest";
import { Nets, bytes, text, waitFor, waitForMesh } from "./helpers.js";

const nets = new Nets();
afterEach(() => nets.stopAll());

describe("gossip between hosts", () => {
  it("two hosts connected by bootstrap exchange gossip both ways", async () => {
    const a = await nets.create(1);
    const b = await nets.create(2, { bootstrap: a.multiaddrs() });
    const gotA: string[] = [];
    const gotB: string[] = [];
    a.onGossip("tx", (data, from) => {
      gotA.push(`${text(data)} from ${from}`);
      return "accept";
    });
    b.onGossip("tx", (data, from) => {
      gotB.push(`${text(data)} from ${from}`);
      return "accept";
    });
    expect(await waitForMesh(a, b, "tx")).toBe(true);

    expect(await a.publish("tx", bytes("hello b"))).toBe(1);
    expect(await b.publish("tx", bytes("hello a"))).toBe(1);
    expect(await waitFor(() => gotA.length === 1 && gotB.length === 1)).toBe(true);
    expect(gotB).toEqual([`hello b from ${a.peerId}`]);
    expect(gotA).toEqual([`hello a from ${b.peerId}`]);
  });

  it("a relay forwards only the messages its handler accepted", async () => {
    const a = await nets.create(1);
    const b = await nets.create(2, { bootstrap: a.multiaddrs() });
    const c = await nets.create(3, { bootstrap: b.multiaddrs() });
    b.onGossip("tx", (data) => (text(data).startsWith("good") ? "accept" : "reject"));
    const gotC: string[] = [];
    c.onGossip("tx", (data) => {
      gotC.push(text(data));
      return "accept";
    });
    a.onGossip("tx", () => "accept");
    expect(await waitForMesh(a, b, "tx")).toBe(true);
    expect(await waitForMesh(b, c, "tx")).toBe(true);
    expect(a.peers()).not.toContain(c.peerId);

    await a.publish("tx", bytes("bad 1"));
    await a.publish("tx", bytes("good 1"));
    await a.publish("tx", bytes("bad 2"));
    await a.publish("tx", bytes("good 2"));
    expect(await waitFor(() => gotC.length >= 2)).toBe(true);
    // Give a wrongly forwarded "bad" message time to arrive after the good ones.
    await a.publish("tx", bytes("good 3"));
    expect(await waitFor(() => gotC.length >= 3)).toBe(true);
    expect(gotC.sort()).toEqual(["good 1", "good 2", "good 3"]);
  });

  it("publishing with no peers returns 0 and does not throw", async () => {
    const a = await nets.create(1);
    expect(await a.publish("tx", bytes("alone"))).toBe(0);
    // The same bytes again is a duplicate id: still 0, still no throw.
    expect(await a.publish("tx", bytes("alone"))).toBe(0);
  });

  it("publishing to an unknown topic fails with a typed error", async () => {
    const a = await nets.create(1);
    await expect(a.publish("nope", bytes("x"))).rejects.toMatchObject({ code: "UNKNOWN_TOPIC" });
  });
});
