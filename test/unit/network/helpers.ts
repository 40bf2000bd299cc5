// Factories for network tests: real libp2p hosts on 127.0.0.1, port 0, stopped after each test.
import { Network, type NetworkOptions } from "../../../src/network/network.js";
import type { TopicConfig } from "../../../src/network/topics.js";

export const CHAIN = "testnet";

export const TEST_TOPICS: TopicConfig[] = [
  { name: "tx", maxQueue: 256, drop: "newest" },
  { name: "vote", maxQueue: 256, drop: "oldest" },
];

export function seed(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

export class Nets {
  private readonly all: Network[] = [];

  async create(n: number, opts: Partial<NetworkOptions> = {}): Promise<Network> {
    const net = await Network.create({
      chainId: CHAIN,
      privateKey: seed(n),
      listen: { host: "127.0.0.1", port: 0 },
      bootstrap: [],
      allowPeers: null,
      topics: TEST_TOPICS,
      bootstrapTiming: { minBackoffMs: 100, maxBackoffMs: 500, tickMs: 50 },
      ...opts,
    });
    this.all.push(net);
    return net;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((n) => n.stop()));
  }
}

/** Polls `cond` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5_000, stepMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

/** Waits until `a` and `b` each see the other subscribed to `topic` (in the mesh for gossip). */
export async function waitForMesh(a: Network, b: Network, topic: string, timeoutMs = 5_000): Promise<boolean> {
  return waitFor(() => a.meshPeers(topic).includes(b.peerId) && b.meshPeers(topic).includes(a.peerId), timeoutMs);
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}
