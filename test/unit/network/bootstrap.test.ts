// The bootstrap redialler after a long partition (test/integration/partitions.test.ts, RELIABILITY.md
// 8.5): while a peer is unreachable every dial fails and the backoff grows to its cap; once the
// link is back, the next attempt must come soon, or the chain stays halted for the backoff
// after the heal. A fake libp2p node and fake timers make the attempts exact.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Libp2p } from "@libp2p/interface";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { BootstrapDialer, DEFAULT_BOOTSTRAP } from "../../../src/network/bootstrap.js";
import type { NetworkLogger } from "../../../src/network/logger.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as NetworkLogger;

/** A node whose dials fail while `reachable` is false, and connect (for good) once it is true. */
function fakeNode() {
  const state = { reachable: false, connected: false, attempts: [] as number[] };
  const node = {
    getConnections: () => (state.connected ? [{}] : []),
    dial: async () => {
      state.attempts.push(Date.now());
      if (!state.reachable) throw new Error("dial timed out");
      state.connected = true;
    },
  } as unknown as Libp2p;
  return { node, state };
}

describe("bootstrap redial after a long partition", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    // No jitter: each wait is exactly the backoff.
    vi.spyOn(Math, "random").mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("a peer unreachable for 45 s is dialled again within 3.6 s of its link coming back", async () => {
    const peer = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
    const { node, state } = fakeNode();
    const dialer = new BootstrapDialer([`/ip4/10.77.0.11/tcp/7400/p2p/${peer}`], "self", DEFAULT_BOOTSTRAP, { node, logger: quiet, canDial: () => true });
    dialer.start();
    await vi.advanceTimersByTimeAsync(45_000);
    expect(state.attempts.length).toBeGreaterThan(3);
    // The worst moment to heal: just after a failed attempt, with the backoff at its cap.
    const seen = state.attempts.length;
    for (let i = 0; i < 200 && state.attempts.length === seen; i++) await vi.advanceTimersByTimeAsync(100);
    expect(state.attempts.length).toBe(seen + 1);
    state.reachable = true;
    const healedAt = Date.now();
    await vi.advanceTimersByTimeAsync(15_000);
    dialer.stop();
    expect(state.connected).toBe(true);
    const reconnectMs = state.attempts.find((t) => t >= healedAt)! - healedAt;
    expect(reconnectMs).toBeLessThanOrEqual(3_600);
  });
});
