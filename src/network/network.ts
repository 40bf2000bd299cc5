// The network layer's face to the rest of the node: gossip topics, request/response
// protocols and peer management, with libp2p kept behind this class.
import type { Libp2p } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { BootstrapDialer, DEFAULT_BOOTSTRAP, parseBootstrapAddr, type BootstrapOptions } from "./bootstrap.js";
import { NetworkError } from "./errors.js";
import { createConnectionGater, isPeerAllowed, type PeerPolicy } from "./gater.js";
import { GossipRouter, type GossipHandler, type GossipSubRouter } from "./gossip.js";
import { createHost, type Host } from "./host.js";
import { privateKeyFromSeed } from "./identity.js";
import { errorMessage, silentLogger, type NetworkLogger } from "./logger.js";
import type { NetworkMetrics } from "./metrics.js";
import { PeerScoreTable, type PeerScoreOptions } from "./peer-score.js";
import { DEFAULT_REQRESP_LIMITS, ReqResp, parsePeerId, type ReqRespLimits, type RequestHandler } from "./reqresp.js";
import { protocolId, type TopicConfig } from "./topics.js";

export interface NetworkOptions {
  chainId: string;
  /** 32-byte Ed25519 seed: the validator key is also the p2p identity. */
  privateKey: Uint8Array;
  /** Port 0 picks a free port; read the result from `multiaddrs()`. */
  listen: { host: string; port: number };
  /** Multiaddrs ending in /p2p/<peerId>; redialled with backoff whenever disconnected. */
  bootstrap: readonly string[];
  /** Consortium allowlist of peer ids; null lets anyone connect. */
  allowPeers: readonly string[] | null;
  topics: readonly TopicConfig[];
  logger?: NetworkLogger;
  metrics?: NetworkMetrics | null;
  /** Strike/ban thresholds for misbehaving peers. */
  peerScore?: Partial<PeerScoreOptions>;
  /** Redial timing for bootstrap peers. */
  bootstrapTiming?: Partial<BootstrapOptions>;
  /** Largest gossip message accepted (default 4 MiB). */
  maxGossipBytes?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export type HandleOptions = Partial<ReqRespLimits>;

const DEFAULT_MAX_GOSSIP_BYTES = 4 << 20;
// Peers whose loss is remembered for the "regained" log: far above a consortium's size.
const MAX_LOST_REMEMBERED = 1024;

/** Shared between the connection policy and the Network: when isolation ends (ms since epoch). */
interface Isolation {
  untilMs: number;
}

export class Network {
  private readonly router: GossipRouter;
  private readonly reqresp: ReqResp;
  private readonly bootstrap: BootstrapDialer;
  private readonly connectedCallbacks: ((peerId: string) => void)[] = [];
  private readonly disconnectedCallbacks: ((peerId: string) => void)[] = [];
  private stopped = false;
  /** When each lost peer went away, to log "peer regained" with how long it was gone. */
  private readonly lostAt = new Map<string, number>();

  private constructor(
    private readonly opts: NetworkOptions,
    private readonly node: Host,
    private readonly score: PeerScoreTable,
    private readonly isolation: Isolation,
    private readonly policy: PeerPolicy,
    private readonly logger: NetworkLogger,
    private readonly metrics: NetworkMetrics | null,
  ) {
    this.router = new GossipRouter(opts.chainId, opts.topics, {
      // gossipsub 17's exported interface omits reportMessageValidationResult/getMeshPeers, which its class has.
      pubsub: node.services.pubsub as GossipSubRouter,
      metrics,
      logger,
      onReject: (peer, topic) => this.penalize(peer, `gossip_reject:${topic}`),
    });
    this.reqresp = new ReqResp({ node: node as Libp2p, penalize: (p, r) => this.penalize(p, r), metrics, logger });
    this.bootstrap = new BootstrapDialer(opts.bootstrap, this.peerId, { ...DEFAULT_BOOTSTRAP, ...opts.bootstrapTiming }, {
      node,
      logger,
      canDial: (p) => isPeerAllowed(policy, p),
    });
  }

  static async create(opts: NetworkOptions): Promise<Network> {
    validateOptions(opts);
    const logger = opts.logger ?? silentLogger;
    const metrics = opts.metrics ?? null;
    const privateKey = await privateKeyFromSeed(opts.privateKey);
    const score = new PeerScoreTable(opts.peerScore);
    const isolation: Isolation = { untilMs: 0 };
    // While isolated every peer counts as banned: the gater refuses both directions and the
    // bootstrap dialer does not even try.
    const policy: PeerPolicy = { allowPeers: opts.allowPeers === null ? null : new Set(opts.allowPeers), isBanned: (p) => score.isBanned(p) || Date.now() < isolation.untilMs };
    const self = peerIdFromPrivateKey(privateKey).toString();
    for (const b of opts.bootstrap) {
      const { peerId } = parseBootstrapAddr(b);
      if (peerId !== self && !isPeerAllowed(policy, peerId)) logger.warn({ peer: peerId }, "bootstrap peer is not on the allowlist and will be refused");
    }
    const ip = opts.listen.host.includes(":") ? "ip6" : "ip4";
    let node: Host;
    try {
      node = await createHost({
        privateKey,
        listen: `/${ip}/${opts.listen.host}/tcp/${opts.listen.port}`,
        gater: createConnectionGater(policy),
        maxGossipBytes: opts.maxGossipBytes ?? DEFAULT_MAX_GOSSIP_BYTES,
      });
    } catch (e) {
      throw new NetworkError({ code: "START_FAILED", reason: errorMessage(e) });
    }
    try {
      const net = new Network(opts, node, score, isolation, policy, logger, metrics);
      net.start();
      return net;
    } catch (e) {
      await node.stop(); // never leak a listening host when our own setup fails
      throw e;
    }
  }

  private start(): void {
    this.node.addEventListener("peer:connect", (evt) => {
      const peer = evt.detail.toString();
      const lostAt = this.lostAt.get(peer);
      this.lostAt.delete(peer);
      if (lostAt === undefined) this.logger.info({ peer, peers: this.node.getPeers().length }, "peer connected");
      else this.logger.info({ peer, peers: this.node.getPeers().length, downMs: Date.now() - lostAt }, "peer regained");
      this.metrics?.peers(this.node.getPeers().length);
      for (const cb of this.connectedCallbacks) cb(peer);
    });
    this.node.addEventListener("peer:disconnect", (evt) => {
      const peer = evt.detail.toString();
      this.logger.info({ peer, peers: this.node.getPeers().length }, "peer lost");
      // Bounded: the oldest loss is forgotten first (a peer then reconnects as "connected").
      if (this.lostAt.size >= MAX_LOST_REMEMBERED) this.lostAt.delete(this.lostAt.keys().next().value!);
      this.lostAt.set(peer, Date.now());
      this.metrics?.peers(this.node.getPeers().length);
      for (const cb of this.disconnectedCallbacks) cb(peer);
    });
    this.metrics?.peers(0);
    this.router.start();
    this.bootstrap.start();
    this.logger.info({ peerId: this.peerId, addrs: this.multiaddrs() }, "network started");
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  /** Our listening addresses, each ending in /p2p/<peerId>, ready to give to peers as bootstrap. */
  multiaddrs(): string[] {
    const suffix = `/p2p/${this.peerId}`;
    return this.node.getMultiaddrs().map((a) => {
      const s = a.toString();
      return s.endsWith(suffix) ? s : s + suffix;
    });
  }

  // ---- gossip ----

  /**
   * Sets the handler of a topic. Its verdict decides forwarding: "accept" forwards to other
   * peers, "ignore" drops quietly, "reject" drops and strikes the sender (5 strikes in a minute
   * = disconnect and ban). `from` is the peer that sent it to us, which for relayed gossip is not
   * the author: gossip is unsigned, authorship lives in the signed payload.
   */
  onGossip(topic: string, handler: GossipHandler): void {
    this.router.onGossip(topic, handler);
  }

  /** Returns how many peers the message went to; 0 (not an error) when nobody is subscribed. */
  async publish(topic: string, data: Uint8Array): Promise<number> {
    this.assertRunning();
    return this.router.publish(topic, data);
  }

  /** Peers we exchange full messages with on a topic. */
  meshPeers(topic: string): string[] {
    return this.router.meshPeers(topic);
  }

  /** Peers that announced a subscription to a topic. */
  topicPeers(topic: string): string[] {
    return this.router.subscribers(topic);
  }

  // ---- request/response ----

  /** Serves `/parley/<chainId>/<name>/1`. The handler may throw InvalidRequestError to strike the peer. */
  async handle(name: string, handler: RequestHandler, opts: HandleOptions = {}): Promise<void> {
    this.assertRunning();
    await this.reqresp.handle(protocolId(this.opts.chainId, name), handler, { ...DEFAULT_REQRESP_LIMITS, ...opts });
  }

  /** One request, one response; fails with a NetworkError (TIMEOUT, UNSUPPORTED_PROTOCOL, RESPONSE_TOO_LARGE, ...). */
  async request(peerId: string, name: string, req: Uint8Array, opts: RequestOptions = {}): Promise<Uint8Array> {
    this.assertRunning();
    return this.reqresp.request(peerId, protocolId(this.opts.chainId, name), req, { ...DEFAULT_REQRESP_LIMITS, ...opts });
  }

  // ---- peers ----

  peers(): string[] {
    return this.node.getPeers().map((p) => p.toString());
  }

  /** Every open connection: who, which way and to which address (an operator sees a peer reached on an address it did not configure). */
  connections(): Array<{ peer: string; direction: "inbound" | "outbound"; remoteAddr: string }> {
    return this.node.getConnections().map((c) => ({ peer: c.remotePeer.toString(), direction: c.direction, remoteAddr: c.remoteAddr.toString() }));
  }

  onPeerConnected(cb: (peerId: string) => void): void {
    this.connectedCallbacks.push(cb);
  }

  onPeerDisconnected(cb: (peerId: string) => void): void {
    this.disconnectedCallbacks.push(cb);
  }

  /** One strike against a peer; enough strikes within the window disconnect and ban it. Returns true when this strike banned it. */
  penalize(peerId: string, reason: string): boolean {
    const banned = this.score.strike(peerId);
    this.metrics?.peerPenalized(reason, banned);
    if (!banned) {
      this.logger.debug({ peer: peerId, reason, strikes: this.score.strikes(peerId) }, "peer penalised");
      return false;
    }
    this.logger.warn({ peer: peerId, reason }, "peer banned after repeated misbehaviour");
    void this.disconnect(peerId);
    return true;
  }

  /** Strikes currently counting against a peer (see PeerScoreOptions.windowMs). */
  strikes(peerId: string): number {
    return this.score.strikes(peerId);
  }

  /**
   * Replaces the allowlist while running (null: anyone may connect). Newly allowed peers are
   * accepted at once and bootstrap peers among them redialled on the next tick; connected peers
   * no longer allowed are hung up on. Returns who was added and removed.
   */
  async setAllowPeers(ids: readonly string[] | null): Promise<{ added: string[]; removed: string[] }> {
    if (ids !== null) for (const p of ids) parsePeerId(p);
    const before = this.policy.allowPeers;
    const next = ids === null ? null : new Set(ids);
    this.policy.allowPeers = next;
    const added = next === null ? [] : [...next].filter((p) => before !== null && !before.has(p));
    const removed = before === null ? [] : [...before].filter((p) => next !== null && !next.has(p));
    const refused = next === null ? [] : this.peers().filter((p) => !next.has(p));
    await Promise.all(refused.map((p) => this.disconnect(p)));
    return { added, removed };
  }

  /** The allowlist in force (null: anyone may connect). */
  allowedPeers(): string[] | null {
    return this.policy.allowPeers === null ? null : [...this.policy.allowPeers];
  }

  /** Peers with strikes counting against them or banned now. */
  peerStanding(): Array<{ peer: string; strikes: number; bannedForMs: number }> {
    return this.score.standing();
  }

  isBanned(peerId: string): boolean {
    return this.score.isBanned(peerId);
  }

  async disconnect(peerId: string): Promise<void> {
    if (this.stopped) return;
    try {
      await this.node.hangUp(parsePeerId(peerId));
    } catch (e) {
      this.logger.debug({ peer: peerId, err: errorMessage(e) }, "hang up failed");
    }
  }

  /**
   * Cuts this node off every peer for `ms` (operators' fault drills, the chaos harness): hangs
   * up on all of them and refuses every connection, both ways, until the time is up or
   * `rejoin()` is called. Returns the peers it hung up on.
   */
  async isolate(ms: number): Promise<string[]> {
    this.isolation.untilMs = Date.now() + Math.max(0, ms);
    const peers = this.peers();
    await Promise.all(peers.map((p) => this.disconnect(p)));
    this.logger.warn({ ms, peers: peers.length }, "network isolated");
    return peers;
  }

  /** Ends an isolation early; bootstrap peers are redialled on the dialer's next tick. */
  rejoin(): void {
    this.isolation.untilMs = 0;
    this.logger.warn({}, "network isolation lifted");
  }

  /** Milliseconds of isolation left (0 when connected normally). */
  isolatedForMs(): number {
    return Math.max(0, this.isolation.untilMs - Date.now());
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.bootstrap.stop();
    this.router.stop();
    await this.node.stop();
    this.logger.info({ peerId: this.peerId }, "network stopped");
  }

  private assertRunning(): void {
    if (this.stopped) throw new NetworkError({ code: "STOPPED" });
  }
}

function validateOptions(opts: NetworkOptions): void {
  const bad = (reason: string) => new NetworkError({ code: "INVALID_CONFIG", reason });
  // chainId becomes part of topic and protocol paths: keep it one path segment.
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(opts.chainId)) throw bad(`chainId must be 1-64 chars of [A-Za-z0-9._-], got ${JSON.stringify(opts.chainId)}`);
  if (!Number.isInteger(opts.listen.port) || opts.listen.port < 0 || opts.listen.port > 65535) throw bad(`bad listen port ${opts.listen.port}`);
  const names = new Set<string>();
  for (const t of opts.topics) {
    if (!/^[a-z0-9_-]{1,32}$/.test(t.name)) throw bad(`bad topic name ${JSON.stringify(t.name)}`);
    if (names.has(t.name)) throw bad(`duplicate topic ${t.name}`);
    names.add(t.name);
    if (!Number.isInteger(t.maxQueue) || t.maxQueue < 1) throw bad(`topic ${t.name}: maxQueue must be a positive integer`);
  }
  if (opts.allowPeers !== null) for (const p of opts.allowPeers) parsePeerId(p);
}
