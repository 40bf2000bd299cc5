// Keeps us connected to the configured bootstrap peers: a node started before its peers, or
// one whose peer restarted, keeps redialling with a bounded exponential backoff until the
// connection is back. Backoff resets once a connection has stayed up for a while, so a later
// drop is retried quickly but a peer that keeps dropping us is not hammered.
import type { Libp2p, PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { NetworkError } from "./errors.js";
import { multiaddrPeerId } from "./gater.js";
import type { NetworkLogger } from "./logger.js";
import { errorMessage } from "./logger.js";

export interface BootstrapOptions {
  /** First retry delay after a failed dial (default 250 ms). */
  minBackoffMs: number;
  /**
   * Longest delay between attempts (default 3 s). It bounds how long after a partition heals
   * two peers stay apart: with 10 s, a 45 s split of a 4-validator chain resumed 17 s after the
   * heal, the peers redialling 7-12 s late (docs/RELIABILITY.md 8.5). A failed dial of a
   * consortium peer every 3 s costs nothing measurable.
   */
  maxBackoffMs: number;
  /** Per-dial deadline (default 5 s). */
  dialTimeoutMs: number;
  /** How often connection state is checked (default 250 ms). */
  tickMs: number;
  /** A connection up this long resets the backoff (default 5 s). */
  stableMs: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = {
  minBackoffMs: 250,
  maxBackoffMs: 3_000,
  dialTimeoutMs: 5_000,
  tickMs: 250,
  stableMs: 5_000,
};

interface Target {
  addr: Multiaddr;
  peerId: string;
  remote: PeerId;
  backoffMs: number;
  nextAttemptAt: number;
  dialing: boolean;
  /** When we first saw the current connection to this peer, or null while disconnected. */
  connectedSince: number | null;
}

/** Parses `/ip4/.../tcp/.../p2p/<id>`; a bootstrap address without a peer id cannot be authenticated. */
export function parseBootstrapAddr(addr: string): { addr: Multiaddr; peerId: string; remote: PeerId } {
  let ma: Multiaddr;
  try {
    ma = multiaddr(addr);
  } catch (e) {
    throw new NetworkError({ code: "INVALID_CONFIG", reason: `bad bootstrap multiaddr ${addr}: ${errorMessage(e)}` });
  }
  const peerId = multiaddrPeerId(ma);
  if (peerId === null) throw new NetworkError({ code: "INVALID_CONFIG", reason: `bootstrap multiaddr needs /p2p/<peerId>: ${addr}` });
  let remote: PeerId;
  try {
    remote = peerIdFromString(peerId);
  } catch {
    throw new NetworkError({ code: "INVALID_PEER_ID", peerId });
  }
  return { addr: ma, peerId, remote };
}

export interface BootstrapModules {
  node: Libp2p;
  logger: NetworkLogger;
  /** False while the peer is banned or not allowed: no point dialling. */
  canDial(peerId: string): boolean;
}

export class BootstrapDialer {
  private readonly targets: Target[];
  private timer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();

  constructor(
    addrs: readonly string[],
    selfPeerId: string,
    private readonly opts: BootstrapOptions,
    private readonly modules: BootstrapModules,
  ) {
    this.targets = addrs
      .map(parseBootstrapAddr)
      .filter((t) => t.peerId !== selfPeerId)
      .map((t) => ({ ...t, backoffMs: opts.minBackoffMs, nextAttemptAt: 0, dialing: false, connectedSince: null }));
  }

  start(): void {
    if (this.targets.length === 0) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
  }

  private tick(): void {
    const now = Date.now();
    for (const t of this.targets) {
      if (t.dialing) continue;
      if (this.modules.node.getConnections(t.remote).length > 0) {
        t.connectedSince ??= now;
        // Only a connection that stays up earns a fast retry next time: a peer that accepts
        // and immediately drops us (e.g. its allowlist refuses us) must not be redialled in a
        // tight loop.
        if (now - t.connectedSince >= this.opts.stableMs) t.backoffMs = this.opts.minBackoffMs;
        continue;
      }
      if (t.connectedSince !== null) {
        t.connectedSince = null;
        this.scheduleRetry(t, now);
      }
      if (now < t.nextAttemptAt || !this.modules.canDial(t.peerId)) continue;
      void this.dial(t);
    }
  }

  private scheduleRetry(t: Target, now: number): void {
    // ±20% jitter so that nodes restarted together do not dial in lockstep.
    t.nextAttemptAt = now + t.backoffMs * (0.8 + Math.random() * 0.4);
    t.backoffMs = Math.min(t.backoffMs * 2, this.opts.maxBackoffMs);
  }

  private async dial(t: Target): Promise<void> {
    t.dialing = true;
    try {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.dialTimeoutMs)]);
      await this.modules.node.dial(t.addr, { signal });
      this.modules.logger.debug({ peer: t.peerId }, "connected to bootstrap peer");
      // Success also pushes the next attempt out: if the peer drops us between two ticks we
      // never see the connection, and must still back off.
      this.scheduleRetry(t, Date.now());
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.scheduleRetry(t, Date.now());
      this.modules.logger.debug({ peer: t.peerId, err: errorMessage(e), retryInMs: Math.round(t.nextAttemptAt - Date.now()) }, "bootstrap dial failed");
    } finally {
      t.dialing = false;
    }
  }
}
