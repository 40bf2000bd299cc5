// A userspace TCP proxy in front of one node's p2p port, for slow and lossy links without tc
// netem (not on these machines): every connection through it is relayed chunk by chunk, each
// direction on its own schedule, with a one-way delay (latency ± jitter, order kept), stalls
// (what a lost segment costs TCP: a retransmit timeout), a bandwidth cap, and a one-way cut
// (bytes in that direction are dropped: that side stops hearing the other; when the cut heals
// the stream is broken, the peers' encryption fails and they reconnect). Faults can change
// while connections are open. Stopped by close(); it owns no process.
import { createServer, connect, type Server, type Socket } from "node:net";

export interface LinkFaults {
  /** One-way delay added to every chunk, ms. */
  latencyMs: number;
  /** Uniform ± jitter on the delay, ms (order is kept: a chunk never overtakes the one before). */
  jitterMs: number;
  /** Probability that a chunk is held back `stallMs` more (a lost segment and its retransmit). */
  stallProbability: number;
  stallMs: number;
  /** Bits per second per direction; 0 = unlimited. */
  bandwidthBps: number;
  /** Drop what the node behind the proxy receives (it stops hearing its peers on these links). */
  cutToNode: boolean;
  /** Drop what the node behind the proxy sends (its peers stop hearing it). */
  cutFromNode: boolean;
}

export const CLEAN_LINK: LinkFaults = { latencyMs: 0, jitterMs: 0, stallProbability: 0, stallMs: 0, bandwidthBps: 0, cutToNode: false, cutFromNode: false };

/**
 * One direction of one connection: delivers chunks in order at their scheduled times. One
 * queue and one timer per lane: a timer per chunk reordered chunks due in the same millisecond
 * (Node runs timers of different durations from different lists), which broke the stream.
 */
class Lane {
  private nextFree = 0;
  private readonly queue: Array<{ at: number; chunk: Buffer }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly to: Socket,
    private readonly faults: () => LinkFaults,
    private readonly cut: () => boolean,
    private readonly rand: () => number,
  ) {}

  push(chunk: Buffer): void {
    if (this.cut()) return;
    const f = this.faults();
    const now = Date.now();
    let delay = f.latencyMs + (f.jitterMs > 0 ? (this.rand() * 2 - 1) * f.jitterMs : 0);
    if (f.stallProbability > 0 && this.rand() < f.stallProbability) delay += f.stallMs;
    const wire = f.bandwidthBps > 0 ? (chunk.length * 8 * 1000) / f.bandwidthBps : 0;
    // In order, and no faster than the cap: after the previous chunk has left.
    const at = Math.max(now + Math.max(0, delay), this.nextFree) + wire;
    this.nextFree = at;
    this.queue.push({ at, chunk });
    this.arm();
  }

  private arm(): void {
    if (this.timer !== null || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0]!.at - Date.now()));
    this.timer.unref();
  }

  private flush(): void {
    this.timer = null;
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { chunk } = this.queue.shift()!;
      if (!this.to.destroyed) this.to.write(chunk);
    }
    this.arm();
  }
}

export class LinkProxy {
  private faults: LinkFaults = { ...CLEAN_LINK };
  private readonly sockets = new Set<Socket>();
  /** Bytes relayed each way, to check that traffic really goes through the proxy. */
  readonly bytes = { toNode: 0, fromNode: 0 };

  private constructor(private readonly server: Server, readonly port: number) {}

  /** Listens on `host`:`port` (0 = any) and relays to `targetHost`:`targetPort` (both default 127.0.0.1). */
  static async start(targetPort: number, port = 0, rand: () => number = Math.random, hosts: { host?: string; targetHost?: string } = {}): Promise<LinkProxy> {
    let proxy: LinkProxy | null = null;
    const targetHost = hosts.targetHost ?? "127.0.0.1";
    const server = createServer((client) => proxy?.relay(client, targetPort, targetHost, rand));
    await new Promise<void>((res, rej) => {
      server.once("error", rej);
      server.listen(port, hosts.host ?? "127.0.0.1", () => res());
    });
    const addr = server.address();
    proxy = new LinkProxy(server, typeof addr === "object" && addr ? addr.port : 0);
    return proxy;
  }

  set(faults: Partial<LinkFaults>): void {
    this.faults = { ...CLEAN_LINK, ...faults };
  }

  heal(): void {
    this.faults = { ...CLEAN_LINK };
  }

  private relay(client: Socket, targetPort: number, targetHost: string, rand: () => number): void {
    const node = connect(targetPort, targetHost);
    for (const s of [client, node]) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on("error", () => undefined);
      s.on("close", () => {
        this.sockets.delete(s);
        client.destroy();
        node.destroy();
      });
    }
    const toNode = new Lane(node, () => this.faults, () => this.faults.cutToNode, rand);
    const fromNode = new Lane(client, () => this.faults, () => this.faults.cutFromNode, rand);
    client.on("data", (d: Buffer) => {
      this.bytes.toNode += d.length;
      toNode.push(d);
    });
    node.on("data", (d: Buffer) => {
      this.bytes.fromNode += d.length;
      fromNode.push(d);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((res) => this.server.close(() => res()));
  }
}
