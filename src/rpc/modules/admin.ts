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
import type { NodeView } from "../node-view.js";

// setNetwork(false) isolates "until told otherwise"; a day bounds a forgotten drill.
const FOREVER_MS = 24 * 60 * 60_000;
// Longest single isolation one call may ask for (same bound).
const MAX_ISOLATION_MS = FOREVER_MS;

const NETWORK_STATUS = s.object({ enabled: s.bool(), isolatedForMs: s.uint(), peers: s.any("connected peers"), standing: s.any("peer scores") }, { required: ["enabled", "isolatedForMs"] });

export class AdminModule {
  static readonly namespace = "admin";
  static readonly methods: MethodTable<AdminModule> = {
    disconnectPeers: [["ms", p.withDefault(p.uint({ max: MAX_ISOLATION_MS }), 10_000)]],
    setNetwork: [["enabled", p.bool()]],
    networkStatus: [],
  };
  static readonly docs: DocTable<AdminModule> = {
    disconnectPeers: { summary: "Hangs up on every peer and refuses connections for `ms` (a fault drill)", result: s.object({ disconnected: s.any("the peers hung up on"), isolatedForMs: s.uint() }), errors: ["UNAVAILABLE"] },
    setNetwork: { summary: "Turns the p2p network off (isolated until turned on) or on; answers as networkStatus", result: NETWORK_STATUS, errors: ["UNAVAILABLE"] },
    networkStatus: { summary: "Whether the network is on, for how long it stays isolated, the peers and their standing", result: NETWORK_STATUS, errors: ["UNAVAILABLE"] },
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
    return { enabled: isolatedForMs === 0, isolatedForMs, peers: net.peers(), standing };
  }

  private requireNetwork(): Network {
    const net = this.node.network();
    // A standalone node has no peers to cut: say so rather than pretend.
    if (net === null) throw rpcError("UNAVAILABLE", "NO_NETWORK", { message: "this node runs without p2p" });
    return net;
  }
}
