import { afterEach, describe, expect, it } from "vitest";
import { NetworkError } from "../../../src/network/errors.js";
import { peerIdFromSeed } from "../../../src/network/identity.js";
import { Nets, bytes, seed, text, waitFor, waitForMesh } from "./helpers.js";

const nets = new Nets();
afterEach(() => nets.stopAll());

describe("peer management", () => {
  it("a peer not on the allowlist cannot connect while an allowed one can", async () => {
    const allowedId = await peerIdFromSeed(seed(2));
    const a = await nets.create(1, { allowPeers: [allowedId] });
    await a.handle("echo", (req) => req);
    const connectedToA: string[] = [];
    a.onPeerConnected((p) => connectedToA.push(p));
    // Both list `a` as bootstrap and keep dialling it.
    const allowed = await nets.create(2, { bootstrap: a.multiaddrs() });
    const outsider = await nets.create(3, { bootstrap: a.multiaddrs() });
    expect(await waitFor(() => a.peers().includes(allowed.peerId))).toBe(true);
    expect(text(await allowed.request(a.peerId, "echo", bytes("hi"), { timeoutMs: 2_000 }))).toBe("hi");
    // Several redial rounds of the outsider (backoff 100-500 ms in tests) all fail. The
    // outsider may glimpse a connection for a few ms before `a` closes it after the handshake.
    await new Promise((r) => setTimeout(r, 800));
    expect(connectedToA).not.toContain(outsider.peerId);
    expect(a.peers()).not.toContain(outsider.peerId);
    await expect(outsider.request(a.peerId, "echo", bytes("hi"), { timeoutMs: 2_000 })).rejects.toBeInstanceOf(NetworkError);
    // And `a` refuses to dial it.
    await expect(a.request(outsider.peerId, "echo", bytes("x"), { timeoutMs: 1_000 })).rejects.toMatchObject({ code: "DIAL_FAILED" });
  });

  it("the peer id derives from the Ed25519 seed, so a restart keeps the identity", async () => {
    const a = await nets.create(7);
    expect(a.peerId).toBe(await peerIdFromSeed(seed(7)));
    expect(a.multiaddrs().every((m) => m.startsWith("/ip4/127.0.0.1/tcp/") && m.endsWith(`/p2p/${a.peerId}`))).toBe(true);
  });

  it("a peer whose gossip is rejected five times is disconnected and kept out", async () => {
    const a = await nets.create(1);
    const spammer = await nets.create(2, { bootstrap: a.multiaddrs() });
    let rejected = 0;
    a.onGossip("tx", () => {
      rejected++;
      return "reject";
    });
    expect(await waitForMesh(a, spammer, "tx")).toBe(true);
    for (let i = 0; i < 4; i++) await spammer.publish("tx", bytes(`junk ${i}`));
    expect(await waitFor(() => rejected === 4)).toBe(true);
    expect(a.peers()).toContain(spammer.peerId);
    expect(a.strikes(spammer.peerId)).toBe(4);

    await spammer.publish("tx", bytes("junk 4"));
    expect(await waitFor(() => !a.peers().includes(spammer.peerId))).toBe(true);
    expect(a.isBanned(spammer.peerId)).toBe(true);
    // The spammer keeps redialling (it has `a` as bootstrap) but the gater refuses it.
    await new Promise((r) => setTimeout(r, 600));
    expect(a.peers()).not.toContain(spammer.peerId);
  });

  it("onPeerConnected reports the remote peer id", async () => {
    const a = await nets.create(1);
    const seen: string[] = [];
    a.onPeerConnected((p) => seen.push(p));
    const b = await nets.create(2, { bootstrap: a.multiaddrs() });
    expect(await waitFor(() => seen.includes(b.peerId))).toBe(true);
  });

  it("a node started before its bootstrap peer connects once the peer comes up", async () => {
    // Reserve a port by starting and stopping a host, then start the late peer on it.
    const probe = await nets.create(1);
    const addr = probe.multiaddrs()[0]!;
    const port = Number(addr.split("/")[4]);
    await probe.stop();
    const early = await nets.create(2, { bootstrap: [addr] });
    await new Promise((r) => setTimeout(r, 300)); // a few failed dials happen here
    expect(early.peers()).toEqual([]);
    const late = await nets.create(1, { listen: { host: "127.0.0.1", port } });
    expect(await waitFor(() => early.peers().includes(late.peerId), 5_000)).toBe(true);
  });

  it("a restarted peer with a new port rejoins and gossip flows again", async () => {
    const survivor = await nets.create(1);
    const got: string[] = [];
    survivor.onGossip("vote", (data) => {
      got.push(text(data));
      return "accept";
    });
    const first = await nets.create(2, { bootstrap: survivor.multiaddrs() });
    first.onGossip("vote", () => "accept");
    expect(await waitForMesh(survivor, first, "vote")).toBe(true);
    await first.publish("vote", bytes("before restart"));
    expect(await waitFor(() => got.includes("before restart"))).toBe(true);
    const oldAddr = first.multiaddrs()[0];
    await first.stop();
    expect(await waitFor(() => !survivor.peers().includes(first.peerId))).toBe(true);

    const again = await nets.create(2, { bootstrap: survivor.multiaddrs() });
    const gotAgain: string[] = [];
    again.onGossip("vote", (data) => {
      gotAgain.push(text(data));
      return "accept";
    });
    expect(again.peerId).toBe(first.peerId);
    expect(again.multiaddrs()[0]).not.toBe(oldAddr);
    expect(await waitForMesh(survivor, again, "vote")).toBe(true);
    await again.publish("vote", bytes("after restart"));
    await survivor.publish("vote", bytes("welcome back"));
    expect(await waitFor(() => got.includes("after restart") && gotAgain.includes("welcome back"))).toBe(true);
  });
});

describe("configuration", () => {
  it("bad options fail with INVALID_CONFIG before anything listens", async () => {
    const base = { listen: { host: "127.0.0.1", port: 0 }, bootstrap: [], allowPeers: null, topics: [] };
    await expect(nets.create(1, { ...base, privateKey: new Uint8Array(31) })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(nets.create(1, { chainId: "a/b" })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(nets.create(1, { bootstrap: ["/ip4/127.0.0.1/tcp/1"] })).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await expect(
      nets.create(1, { topics: [{ name: "tx", maxQueue: 1, drop: "oldest" }, { name: "tx", maxQueue: 1, drop: "newest" }] }),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });

  it("a stopped network refuses to publish with STOPPED", async () => {
    const a = await nets.create(1);
    await a.stop();
    await expect(a.publish("tx", bytes("late"))).rejects.toMatchObject({ code: "STOPPED" });
  });
});
