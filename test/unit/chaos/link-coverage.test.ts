import { describe, expect, it } from "vitest";
import { linkCoverage } from "../../../chaos/link-coverage.js";

const ports = new Map([["v0->v1", 4001], ["v1->v0", 4002], ["l0->v0", 4003], ["l0->v1", 4004]]);
const portFor = (d: string, t: string): number | undefined => ports.get(`${d}->${t}`);
const names = new Map([["P0", "v0"], ["P1", "v1"], ["PL", "l0"]]);
const peerName = (p: string): string | undefined => names.get(p);

describe("linkCoverage", () => {
  it("counts a pair as covered when only one direction's proxy carried its connection", () => {
    const c = linkCoverage(new Map([["v0->v1", 500], ["v1->v0", 0], ["l0->v0", 10], ["l0->v1", 0]]), new Map(), peerName, portFor);
    expect(c.total).toBe(510);
    expect(c.silentPairs).toEqual(["l0<->v1"]);
  });

  it("names a pair whose proxies both stayed silent, and an unanswered host (-1) as silent", () => {
    const c = linkCoverage(new Map([["v0->v1", -1], ["v1->v0", 0]]), new Map(), peerName, portFor);
    expect(c.silentPairs).toEqual(["v0<->v1"]);
    expect(c.total).toBe(0);
  });

  it("flags an outbound connection to a proxied node on another port, and not inbound ones or the proxy port", () => {
    const conns = new Map([
      ["v0", [
        { peer: "P1", direction: "outbound" as const, remoteAddr: "/ip4/127.0.0.1/tcp/4001/p2p/P1" },
        { peer: "P1", direction: "inbound" as const, remoteAddr: "/ip4/127.0.0.1/tcp/55555" },
      ]],
      ["v1", [{ peer: "P0", direction: "outbound" as const, remoteAddr: "/ip4/127.0.0.1/tcp/40021/p2p/P0" }]],
    ]);
    const c = linkCoverage(new Map([["v0->v1", 1]]), conns, peerName, portFor);
    expect(c.directLinks).toEqual(["v1->v0 /ip4/127.0.0.1/tcp/40021/p2p/P0"]);
  });
});
