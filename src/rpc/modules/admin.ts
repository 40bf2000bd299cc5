// Operator-only methods, served only with `parley node --enable-admin` (the "admin" namespace is
// always an admin module), and then only to callers src/rpc/admin-gate.ts lets in (no browser
// page unless its origin is listed; the token when one is set). They exist for fault drills:
// the chaos harness uses them to cut a node off its peers and heal it again without killing
// the process.
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { Network } from "../../network/index.js";
import type { AllowlistView, NodeView } from "../node-view.js";

// setNetwork(false) isolates "until told otherwise"; a day bounds a forgotten drill.
const FOREVER_MS = 24 * 60 * 60_000;
// Longest single isolation one call may ask for (same bound).
const MAX_ISOLATION_MS = FOREVER_MS;

const NETWORK_STATUS = s.object({ enabled: s.bool(), isolatedForMs: s.uint(), peers: s.any("connected peers"), connections: s.any("open connections: peer, direction, remoteAddr"), standing: s.any("peer scores") }, { required: ["enabled", "isolatedForMs"] });

const ALLOWLIST = s.object({ file: s.nullable(s.string("the allowlist file")), configured: s.uint(), validators: s.uint(), allowed: s.array(s.string("peer id")) }, { required: ["file", "configured", "validators", "allowed"] });

export class AdminModule {
  static readonly namespace = "admin";
  static readonly methods: MethodTable<AdminModule> = {
    disconnectPeers: [["ms", p.withDefault(p.uint({ max: MAX_ISOLATION_MS }), 10_000)]],
    setNetwork: [["enabled", p.bool()]],
    networkStatus: [],
    allowlist: [],
    reloadAllowlist: [],
  };
  static readonly docs: DocTable<AdminModule> = {
    disconnectPeers: { summary: "Hangs up on every peer and refuses connections for `ms` (a fault drill)", result: s.object({ disconnected: s.any("the peers hung up on"), isolatedForMs: s.uint() }), errors: ["UNAVAILABLE"] },
    setNetwork: { summary: "Turns the p2p network off (isolated until turned on) or on; answers as networkStatus", result: NETWORK_STATUS, errors: ["UNAVAILABLE"] },
    networkStatus: { summary: "Whether the network is on, for how long it stays isolated, the peers and their standing", result: NETWORK_STATUS, errors: ["UNAVAILABLE"] },
    allowlist: { summary: "The allowlist in force: the operator's entries (flag and file), the validators the chain names, and their union as peer ids", result: ALLOWLIST, errors: ["UNAVAILABLE"] },
    reloadAllowlist: { summary: "Re-reads the allowlist file now, as SIGHUP does; a bad file keeps the last good list and answers why", result: ALLOWLIST, errors: ["UNAVAILABLE", "INVALID_PARAMS"] },
  };

  constructor(private readonly node: NodeView) {}

  /** Hangs up on every peer and refuses all connections for `ms` (default 10 s). */
  async disconnectPeers(ms: number): Promise<JsonObject> {
    const net = this.requireNetwork();
    const peers = await net.isolate(ms);
    return { disconnected: peers, isolatedForMs: net.isolatedForMs() };
  }

  /** false: cut off until set true again (at most a day); true: heal now. */
  async setNetwork(enabled: boolean): Promise<JsonObject> {
    const net = this.requireNetwork();
    if (enabled) net.rejoin();
    else await net.isolate(FOREVER_MS);
    return this.networkStatus();
  }

  networkStatus(): JsonObject {
    const net = this.requireNetwork();
    const isolatedForMs = net.isolatedForMs();
    // Strikes and bans: after an incident, who was punished and for how long (RELIABILITY.md).
    const standing = net.peerStanding().map((s) => ({ peer: s.peer, strikes: s.strikes, bannedForMs: s.bannedForMs }));
    return { enabled: isolatedForMs === 0, isolatedForMs, peers: net.peers(), connections: net.connections(), standing };
  }

  /** The allowlist in force: entries from the flag and file, validators allowed by the chain, the union as peer ids. */
  allowlist(): JsonObject {
    return { ...this.requireAllowlist().summary() };
  }

  /** Re-reads the allowlist file now (as SIGHUP does); a bad file keeps the old list and answers the error. */
  async reloadAllowlist(): Promise<JsonObject> {
    const list = this.requireAllowlist();
    try {
      return { ...(await list.reload("admin_reloadAllowlist")) };
    } catch (e) {
      throw rpcError("INVALID_PARAMS", "BAD_ALLOWLIST", { message: e instanceof Error ? e.message : String(e) });
    }
  }

  private requireAllowlist(): AllowlistView {
    this.requireNetwork();
    const list = this.node.allowlistControl?.() ?? null;
    if (list === null) throw rpcError("UNAVAILABLE", "NO_ALLOWLIST", { message: "this node runs without --allow-peers: every peer may connect" });
    return list;
  }

  private requireNetwork(): Network {
    const net = this.node.network();
    // A standalone node has no peers to cut: say so rather than pretend.
    if (net === null) throw rpcError("UNAVAILABLE", "NO_NETWORK", { message: "this node runs without p2p" });
    return net;
  }
}
