// Following the chain from headers: one loop per usable peer (up to MAX_FOLLOWED) asks for
// headers after our verified head; at the head the request is a long-poll that the server
// answers as soon as the next block is final, so the light node trails by one round trip.
// Every peer's copy goes through the same verified chain, so a second peer's copy of a header
// is a cross-check; a peer whose batch fails verification is dropped.
import type { Network } from "../network/index.js";
import type { Logger } from "../util/logger.js";
import { VerifyError } from "./errors.js";
import type { HeaderChain } from "./header-chain.js";
import type { VerifyMetrics } from "./metrics.js";
import type { PeerBook } from "./peers.js";
import { LIGHT_LIMITS, LIGHT_PROTOCOLS, decodeHeadersResponse, encodeHeadersRequest } from "../network/light-protocol.js";

// Two followed peers cross-check each other; a third adds load, not safety (every header is
// verified by its certificate anyway).
const MAX_FOLLOWED = 2;
// How often peers are looked at for new loops (besides connect events).
const SCAN_MS = 500;
// After a transport failure: retry, but do not spin on a dead connection.
const RETRY_MS = 500;
const MAX_FAILURES = 3;

export interface HeaderSyncOptions {
  /** Long-poll length at the head; capped by the server at LIGHT_LIMITS.maxWaitMs. */
  waitMs?: number;
}

export class HeaderSync {
  private readonly following = new Set<string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private readonly waitMs: number;

  constructor(
    private readonly chain: HeaderChain,
    // Narrow types: a browser follows nodes over JSON-RPC with the same loop (src/client/verify).
    private readonly net: Pick<Network, "request" | "onPeerConnected">,
    private readonly peers: Pick<PeerBook, "usable" | "transportFailed" | "isBanned" | "drop">,
    private readonly log: Pick<Logger, "debug">,
    private readonly metrics: Pick<VerifyMetrics, "headersVerified" | "height">,
    opts: HeaderSyncOptions = {},
  ) {
    this.waitMs = Math.min(opts.waitMs ?? 3_000, LIGHT_LIMITS.maxWaitMs);
  }

  start(): void {
    this.running = true;
    this.net.onPeerConnected(() => this.scan());
    this.timer = setInterval(() => this.scan(), SCAN_MS);
    this.scan();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Peers currently followed (tests, node_info). */
  followed(): string[] {
    return [...this.following];
  }

  private scan(): void {
    if (!this.running) return;
    for (const peer of this.peers.usable()) {
      if (this.following.size >= MAX_FOLLOWED) break;
      if (this.following.has(peer)) continue;
      this.following.add(peer);
      void this.follow(peer)
        .catch((e: unknown) => this.log.debug({ peer, err: e instanceof Error ? e.message : String(e) }, "header follow loop ended"))
        .finally(() => this.following.delete(peer));
    }
  }

  private async follow(peer: string): Promise<void> {
    let failures = 0;
    while (this.running && this.peers.usable().includes(peer)) {
      const from = this.chain.head.height + 1;
      let bytes: Uint8Array;
      try {
        bytes = await this.net.request(peer, LIGHT_PROTOCOLS.headers, encodeHeadersRequest({ from, count: LIGHT_LIMITS.maxHeadersPerRequest, waitMs: this.waitMs }), {
          timeoutMs: this.waitMs + 10_000,
          maxResponseBytes: LIGHT_LIMITS.maxHeadersResponseBytes + 64 * 1024,
        });
        failures = 0;
      } catch (e) {
        if (!this.running) return;
        this.peers.transportFailed(peer, e);
        if (++failures >= MAX_FAILURES) return;
        await sleep(RETRY_MS);
        continue;
      }
      // Dropped meanwhile (its answer to a query failed): nothing more is taken from it.
      if (this.peers.isBanned(peer)) return;
      const entries = decodeHeadersResponse(bytes);
      if (!entries) {
        this.peers.drop(peer, new VerifyError({ code: "MALFORMED", what: "headers response" }));
        return;
      }
      const r = await this.chain.extend(entries);
      if (r.ok && r.value > 0) {
        this.metrics.headersVerified.inc(r.value);
        this.metrics.height.set(this.chain.head.height);
      }
      if (!r.ok) {
        this.peers.drop(peer, r.error);
        return;
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
