import { describe, expect, it } from "vitest";
import { PeerScoreTable } from "../../../src/network/peer-score.js";

function table() {
  let now = 1_000_000;
  const t = new PeerScoreTable({ maxStrikes: 5, windowMs: 60_000, banMs: 300_000, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe("PeerScoreTable", () => {
  it("the fifth strike within the window bans the peer", () => {
    const { t } = table();
    for (let i = 0; i < 4; i++) expect(t.strike("p")).toBe(false);
    expect(t.isBanned("p")).toBe(false);
    expect(t.strike("p")).toBe(true);
    expect(t.isBanned("p")).toBe(true);
    expect(t.isBanned("other")).toBe(false);
  });

  it("strikes older than the window no longer count", () => {
    const { t, advance } = table();
    for (let i = 0; i < 4; i++) t.strike("p");
    advance(60_001);
    expect(t.strikes("p")).toBe(0);
    expect(t.strike("p")).toBe(false);
    expect(t.isBanned("p")).toBe(false);
  });

  it("a ban ends after banMs and is not extended by strikes during it", () => {
    const { t, advance } = table();
    for (let i = 0; i < 5; i++) t.strike("p");
    advance(299_000);
    expect(t.strike("p")).toBe(false);
    expect(t.isBanned("p")).toBe(true);
    advance(1_001);
    expect(t.isBanned("p")).toBe(false);
  });
});
