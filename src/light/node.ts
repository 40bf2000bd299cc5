// A running light node: its own p2p identity and network (not a validator, no gossip), the
// verified header chain on disk, verified queries, and a JSON-RPC server that answers only
// what it verified. stop() undoes start() in reverse.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Genesis } from "../chain/genesis.js";
import { decodeKeyFile, encodeKeyFile, newIdentity, type Identity } from "../chain/identity.js";
import { Network } from "../network/index.js";
import { createLogger, type Logger, type LogLevel } from "../util/logger.js";
import { RpcServer } from "../rpc/server.js";
import { lightNameEnv } from "./name-params.js";
import { rpcError, type ErrorMappingTable } from "../rpc/errors.js";
import { createHub } from "../rpc/modules/events.js";
import { createAppHandler, type AppServeOptions } from "../rpc/app-server.js";
import { ProofModule } from "../rpc/modules/proof.js";
import { proofRelay } from "./proof-relay.js";
import type { Checkpoint } from "./checkpoint.js";
import { checkpointFromPeers } from "./peer-checkpoint.js";
import { genesisAnchor } from "./genesis.js";
import { HeaderChain } from "./header-chain.js";
import { HeaderSync } from "./header-sync.js";
import { LightMetrics } from "./metrics.js";
import { PeerBook } from "./peers.js";
import { LightQueries } from "./queries.js";
import { RelayedTxs } from "./relayed.js";
import { LightStore } from "./store.js";
import { TrackedHub } from "./subscriptions.js";
import { SubscriptionFeed } from "./feed.js";
import type { LightInfo, LightServices } from "./services.js";
import { LightChainModule } from "./rpc/chain.js";
import { LightAccountModule } from "./rpc/account.js";
import { LightDeviceModule } from "./rpc/device.js";
import { LightAssetModule } from "./rpc/asset.js";
import { LightNameModule } from "./rpc/name.js";
import { LightWorkModule } from "./rpc/work.js";
import { LightMsgModule } from "./rpc/msg.js";
import { LightTxModule } from "./rpc/tx.js";
import { LightNodeModule } from "./rpc/node.js";

export const LIGHT_VERSION = "0.1.0";

export interface LightNodeOptions {
  dataDir: string;
  genesis: Genesis;
  /** Full nodes to follow: multiaddrs ending in /p2p/<peer id>. */
  peers: string[];
  rpc: { host?: string; port?: number };
  p2p?: { host?: string; port?: number };
  /** p2p identity (default: <dataDir>/p2p.key, created on first start) for full nodes' allowlists. */
  p2pIdentity?: Identity | null;
  /** Peers we accept connections from; null (default) = any (we only ever ask, never trust). */
  allowPeers?: string[] | null;
  /** How long a peer that lied stays banned (default 10 min). */
  banMs?: number;
  /** Header long-poll length at the head (default 3 s). */
  waitMs?: number;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Start at this trusted header instead of genesis when the data dir is below it (docs/LIGHT.md 8). */
  checkpoint?: Checkpoint | null;
  /** Serve the web app on the RPC port as a full node does (docs/APP.md); null/absent = RPC only. */
  app?: AppServeOptions | null;
}

// What a light node cannot prove is NOT_VERIFIED (counted by reason); a tx refused by the local
// checks is TX_REJECTED as on a full node. Anything else is INTERNAL_ERROR, logged by the RPC layer.
function rpcErrorMap(metrics: LightMetrics): ErrorMappingTable {
  return {
    NotVerifiedError: (e) => {
      metrics.notVerified.inc({ reason: e.code });
      return rpcError("NOT_VERIFIED", e.code, { message: e.message });
    },
    TxError: "TX_REJECTED",
  };
}

function loadOrCreateKey(path: string): Identity {
  if (existsSync(path)) return decodeKeyFile(readFileSync(path, "utf8"));
  const id = newIdentity();
  writeFileSync(path, encodeKeyFile(id), { mode: 0o600 });
  return id;
}

export class LightNode implements LightServices {
  readonly relayed = new RelayedTxs();
  private rpcServer: RpcServer | null = null;
  private sync: HeaderSync | null = null;
  private feed: SubscriptionFeed | null = null;
  private metricsTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly opts: LightNodeOptions,
    readonly genesis: Genesis,
    readonly chain: HeaderChain,
    private readonly store: LightStore,
    readonly net: Network,
    readonly peers: PeerBook,
    readonly queries: LightQueries,
    readonly metrics: LightMetrics,
    readonly log: Logger,
  ) {}

  static async start(opts: LightNodeOptions): Promise<LightNode> {
    const log = opts.logger ?? createLogger(opts.logLevel ?? "info", "parley-light");
    mkdirSync(opts.dataDir, { recursive: true });
    const identity = opts.p2pIdentity ?? loadOrCreateKey(join(opts.dataDir, "p2p.key"));
    const anchor = await genesisAnchor(opts.genesis);
    const store = await LightStore.open(join(opts.dataDir, "headers"), anchor.hash);
    let net: Network | null = null;
    try {
      net = await Network.create({
        chainId: opts.genesis.chainId,
        privateKey: identity.secretKey,
        listen: { host: opts.p2p?.host ?? "127.0.0.1", port: opts.p2p?.port ?? 0 },
        bootstrap: opts.peers,
        allowPeers: opts.allowPeers ?? null,
        topics: [],
        logger: log.child({ mod: "net" }),
        // One strike is a ban: a peer that served a lie is not asked again.
        peerScore: { maxStrikes: 1, banMs: opts.banMs ?? 10 * 60_000 },
      });
      const metrics = new LightMetrics();
      const peers = new PeerBook(net, log.child({ mod: "peers" }), metrics);
      const p2p = net;
      const pin = opts.checkpoint ?? null;
      const chain = await HeaderChain.open(opts.genesis, anchor, store, pin && { pin, head: () => checkpointFromPeers(opts.genesis, pin, p2p, () => peers.usable()) });
      const from = chain.head.height === 0 ? "starting from genesis" : pin && chain.head.height === pin.height ? "starting from the checkpoint" : "resumed from the last verified header";
      log.info({ height: chain.head.height, hash: Buffer.from(chain.head.hash).toString("hex") }, from);
      const queries = new LightQueries(opts.genesis, chain, net, peers, metrics);
      const node = new LightNode(opts, opts.genesis, chain, store, net, peers, queries, metrics, log);
      await node.startServices();
      return node;
    } catch (e) {
      await net?.stop();
      await store.close();
      throw e;
    }
  }

  private async startServices(): Promise<void> {
    const { chain, log } = this;
    this.metrics.height.set(chain.head.height);
    const tracked = new TrackedHub(createHub());
    this.feed = new SubscriptionFeed(chain, tracked, this.queries, this.relayed, log.child({ mod: "feed" }), this.metrics.assetWatches);
    this.feed.start();
    this.rpcServer = new RpcServer(
      { host: this.opts.rpc.host ?? "127.0.0.1", port: this.opts.rpc.port ?? 0 },
      { logger: log.child({ mod: "rpc" }), hub: tracked, errorMap: rpcErrorMap(this.metrics), metricsHandler: () => this.metrics.render(), staticHandler: this.opts.app ? createAppHandler(this.opts.app) : null, names: lightNameEnv(this) },
    );
    this.rpcServer.addModule(LightChainModule, new LightChainModule(this));
    this.rpcServer.addModule(LightAccountModule, new LightAccountModule(this));
    this.rpcServer.addModule(LightMsgModule, new LightMsgModule(this));
    this.rpcServer.addModule(LightTxModule, new LightTxModule(this));
    this.rpcServer.addModule(LightNodeModule, new LightNodeModule(this));
    this.rpcServer.addModule(LightDeviceModule, new LightDeviceModule(this));
    this.rpcServer.addModule(LightAssetModule, new LightAssetModule(this));
    this.rpcServer.addModule(LightNameModule, new LightNameModule(this));
    this.rpcServer.addModule(LightWorkModule, new LightWorkModule(this));
    // The app this node serves checks its answers itself: proof questions go through to full nodes.
    this.rpcServer.addModule(ProofModule, new ProofModule(proofRelay(this.genesis, this.net, this.peers)));
    await this.rpcServer.start();
    this.sync = new HeaderSync(chain, this.net, this.peers, log.child({ mod: "sync" }), this.metrics, this.opts.waitMs === undefined ? {} : { waitMs: this.opts.waitMs });
    this.sync.start();
    this.metricsTimer = setInterval(() => this.metrics.peers.set(this.peers.usable().length), 1_000);
    this.metricsTimer.unref();
    log.info({ rpc: this.rpcUrl, peerId: this.net.peerId, peers: this.opts.peers.length }, "light node started");
  }

  get rpcUrl(): string {
    return `http://${this.opts.rpc.host ?? "127.0.0.1"}:${this.rpcServer?.port ?? 0}`;
  }

  /** Where a browser opens the app, or null when this light node does not serve it. */
  get appUrl(): string | null {
    return this.opts.app ? `${this.rpcUrl}/` : null;
  }

  get wsUrl(): string {
    return `ws://${this.opts.rpc.host ?? "127.0.0.1"}:${this.rpcServer?.port ?? 0}`;
  }

  get p2pAddrs(): string[] {
    return this.net.multiaddrs();
  }

  info(): LightInfo {
    return { version: LIGHT_VERSION, peerId: this.net.peerId, peers: this.peers.usable().length, following: this.sync?.followed().length ?? 0, listen: this.p2pAddrs, dropped: this.peers.droppedPeers().length };
  }

  async stop(): Promise<void> {
    if (this.metricsTimer) clearInterval(this.metricsTimer);
    this.sync?.stop();
    this.feed?.stop();
    await this.net.stop();
    await this.rpcServer?.stop();
    await this.store.close();
    this.log.info({}, "light node stopped");
    this.log.flush?.();
  }
}
