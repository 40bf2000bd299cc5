// Which peers the light node asks, and what happens to one that lies. A peer that served
// anything failing verification is dropped: its strike bans it (the light node's network bans
// on the first strike), which disconnects it and keeps the gater and the redialler away from
// it for the ban period. Each drop is logged with the rule it broke and counted by reason.
import { NetworkError, type Network } from "../network/index.js";
import type { Logger } from "../util/logger.js";
import type { VerifyError } from "./errors.js";
import type { LightMetrics } from "./metrics.js";

export interface DroppedPeer {
  peer: string;
  reason: string;
  detail: string;
  at: number;
}

// Kept for node_info and tests; older drops are still in the log.
const MAX_DROPPED_KEPT = 100;

export class PeerBook {
  private readonly noLight = new Set<string>();
  private readonly dropped: DroppedPeer[] = [];
  private rotation = 0;

  constructor(
    private readonly net: Network,
    private readonly log: Logger,
    private readonly metrics: LightMetrics,
  ) {
    net.onPeerDisconnected((p) => this.noLight.delete(p));
  }

  /** Connected peers that serve the light protocols and are not banned. */
  usable(): string[] {
    return this.net.peers().filter((p) => !this.noLight.has(p) && !this.net.isBanned(p));
  }

  /** Up to `n` usable peers, rotating so that load and cross-checks spread over all of them. */
  pick(n: number, exclude: ReadonlySet<string> = new Set()): string[] {
    const all = this.usable().filter((p) => !exclude.has(p));
    if (all.length === 0) return [];
    const start = this.rotation++ % all.length;
    return [...all.slice(start), ...all.slice(0, start)].slice(0, n);
  }

  /** A peer that does not speak the light protocols (an old node): skipped, not punished. */
  markNoLight(peer: string): void {
    this.noLight.add(peer);
  }

  /** Drops a peer whose answer failed verification. */
  drop(peer: string, error: VerifyError): void {
    const reason = error.code;
    this.net.penalize(peer, `light:${reason}`);
    void this.net.disconnect(peer);
    this.metrics.peersDropped.inc({ reason });
    this.dropped.push({ peer, reason, detail: error.message, at: Date.now() });
    if (this.dropped.length > MAX_DROPPED_KEPT) this.dropped.shift();
    this.log.warn({ peer, reason, detail: error.message }, "dropped peer: it served data that failed verification");
  }

  droppedPeers(): readonly DroppedPeer[] {
    return this.dropped;
  }

  isBanned(peer: string): boolean {
    return this.net.isBanned(peer);
  }

  /** Transport failures: an unsupported protocol marks the peer, anything else is only logged. */
  transportFailed(peer: string, e: unknown): void {
    if (e instanceof NetworkError && e.code === "UNSUPPORTED_PROTOCOL") this.markNoLight(peer);
    this.log.debug({ peer, err: e instanceof Error ? e.message : String(e) }, "light request failed");
  }
}
