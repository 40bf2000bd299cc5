// A running Parley node: chain + mempool + admission + block production + JSON-RPC (+ p2p and
// BFT consensus when it has peers). Construction order follows the data flow; stop() undoes
// it in reverse so no component outlives what it depends on.
import { err, ok, type Result } from "../util/errors.js";
import { Chain } from "../chain/chain.js";
import type { Genesis } from "../chain/genesis.js";
import type { TxError } from "../chain/tx/errors.js";
import { formatAddress } from "../chain/address.js";
import type { Identity } from "../chain/identity.js";
import { Mempool } from "../mempool/pool.js";
import type { MempoolLimits } from "../mempool/limits.js";
import { nameParamEnv } from "../rpc/modules/name.js";
import { RpcServer } from "../rpc/server.js";
import type { ErrorMappingTable } from "../rpc/errors.js";
import { ChainModule } from "../rpc/modules/chain.js";
import { TxModule } from "../rpc/modules/tx.js";
import { AccountModule } from "../rpc/modules/account.js";
import { NodeModule } from "../rpc/modules/node.js";
import { ConsensusModule } from "../rpc/modules/consensus.js";
import { ValidatorModule } from "../rpc/modules/validator.js";
import { createHub, publishBlock, type NodeEvents } from "../rpc/modules/events.js";
import { assetUnitOf } from "../rpc/modules/action-unit.js";
import type { SubscriptionHub } from "../rpc/subscriptions.js";
import { Admission } from "./admission.js";
import { BlockPipeline } from "./block-pipeline.js";
import { Pacer } from "./pacing.js";
import { ChainConsensusHost } from "./consensus-host.js";
import { ConsensusEngine } from "../consensus/engine.js";
import { FileWal, MemoryWal } from "../consensus/wal.js";
import { realClock } from "../consensus/types.js";
import { nativeSigner, verifyEd25519 } from "../crypto/native.js";
import { EvidenceStore } from "./evidence.js";
import { startNetwork, wireConsensus, type P2pOptions } from "./p2p.js";
import type { ConsensusTap } from "./consensus-tap.js";
import { ChainClock } from "./chain-clock.js";
import { checkWalCoversHead } from "./wal-check.js";
import { peerIdFromEd25519PublicKey } from "../network/index.js";
import { TxGossip } from "./tx-gossip.js";
import { BlockSync } from "./sync.js";
import type { Network } from "../network/index.js";
import { join } from "node:path";
import { mkdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { decodeKeyFile, encodeKeyFile, newIdentity } from "../chain/identity.js";

function loadOrCreateP2pKey(path: string): Identity {
  if (existsSync(path)) return decodeKeyFile(readFileSync(path, "utf8"));
  const id = newIdentity();
  writeFileSync(path, encodeKeyFile(id), { mode: 0o600 });
  return id;
}
import { RejectedTxs } from "./tx-status.js";
import { NodeAllowlist } from "./allowlist.js";
import { LagWatch } from "./lag-watch.js";
import { ValidatorWatch } from "./validator-watch.js";
import { VALIDATOR_CHANGE_DELAY } from "../chain/tx/kinds/validator-vote.js";
import type { Address } from "../chain/tx/types.js";
import { genesisHash } from "../chain/genesis-hash.js";
import { toHex } from "../util/bytes.js";
import { NodeMetrics } from "./metrics.js";
import { registerDiskMetrics, registerPruningMetrics } from "./disk-metrics.js";
import { createLogger, type Logger, type LogLevel } from "../util/logger.js";
import type { NodeInfo, NodeServices } from "./services.js";
import { messagingAndAdminModules } from "./rpc-modules.js";
import { startNetworkServices } from "./network-services.js";
import { createAppHandler, type AppServeOptions } from "../rpc/app-server.js";
import { BlobService } from "./blobs/service.js";
import type { BlobLimits } from "./blobs/limits.js";
import { BlobModule } from "../rpc/modules/blob.js";

export const NODE_VERSION = "0.1.0";

export interface NodeOptions {
  dataDir: string;
  genesis: Genesis;
  /** Validator key; null = a full node that follows the chain. */
  identity: Identity | null;
  /** adminOrigins / adminToken: who may call admin methods (see RpcServerOptions). */
  rpc: { host?: string; port?: number; enableAdmin?: boolean; adminOrigins?: readonly string[]; adminToken?: string | null };
  logLevel?: LogLevel;
  logger?: Logger;
  mempool?: Partial<MempoolLimits>;
  /** Peer-to-peer networking; null/absent = a standalone node (only sensible with one validator). */
  p2p?: P2pOptions | null;
  /** p2p identity of a non-validator node (default: <dataDir>/p2p.key, created on first start). */
  p2pIdentity?: Identity | null;
  /** Serve the web app on the RPC port (docs/APP.md); null/absent = RPC only. */
  app?: AppServeOptions | null;
  /** File-blob store bounds (docs/OPERATIONS.md "File blobs"); defaults in src/node/blobs/limits.ts. */
  blobs?: Partial<BlobLimits>;
  /** Heights whose state-tree nodes stay whole before superseded ones are deleted (Chain's ChainOptions.stateHistory); 0 = keep all. */
  stateHistory?: number;
  /** Consensus timeouts override (tests); defaults suit ~1 s blocks. */
  timeouts?: import("../consensus/timeouts.js").TimeoutConfig;
  /** Test-only (chaos/faulty-node.ts): wraps what consensus sends; never set by the CLI. */
  consensusTap?: ConsensusTap;
  /** Test-only (chaos/faulty-node.ts): the local clock, default Date.now; block times go through ChainClock. */
  localClock?: () => number;
}

// TxError codes that mean "valid, but no room": clients should retry, not fix the tx.
const RPC_ERROR_MAP: ErrorMappingTable = {
  "TxError.POOL_FULL": "MEMPOOL_FULL",
  "TxError.SENDER_LIMIT": "MEMPOOL_FULL",
  TxError: "TX_REJECTED",
  KeyFileError: "INVALID_PARAMS",
  // A proof whose root was pruned while it was being made (--state-history), or a damaged
  // data dir: the node cannot answer now; a retry proves at the new head.
  "SmtError.MISSING_NODE": "UNAVAILABLE",
};

export class ParleyNode implements NodeServices {
  readonly rejected = new RejectedTxs();
  readonly metrics = new NodeMetrics();
  readonly hub: SubscriptionHub<NodeEvents> = createHub();
  private engine: ConsensusEngine | null = null;
  private host: ChainConsensusHost | null = null;
  private net: Network | null = null;
  private txGossip: TxGossip | null = null;
  private sync: BlockSync | null = null;
  readonly evidence: EvidenceStore;
  private rpcServer!: RpcServer;
  private blobs: BlobService | null = null;
  private readonly admission: Admission;
  private readonly pacer: Pacer;
  readonly clock: ChainClock;

  private constructor(
    readonly opts: NodeOptions,
    readonly chain: Chain,
    readonly pool: Mempool,
    readonly log: Logger,
  ) {
    this.admission = new Admission(chain, pool);
    this.admission.onSignatureCheck = () => this.metrics.txSignatureChecks.inc();
    this.lag = new LagWatch(this.metrics, log.child({ mod: "sync" }));
    this.evidence = new EvidenceStore(chain.db);
    this.clock = new ChainClock(opts.localClock ?? Date.now, log.child({ mod: "clock" }), (ms) => this.metrics.clockSkew.set(ms / 1000));
    this.pacer = new Pacer(chain.params, pool, (now) => chain.actionsDue(now), () => this.clock.now());
  }

  static async start(opts: NodeOptions): Promise<ParleyNode> {
    const log = opts.logger ?? createLogger(opts.logLevel ?? "info");
    const chain = await Chain.open(opts.dataDir, opts.genesis, { stateHistory: opts.stateHistory });
    const pool = new Mempool(opts.mempool ?? {}, {
      nonceAndBalance: (addr) => {
        const a = chain.state.account(addr);
        return { nonce: a.nonce, balance: a.balance };
      },
    });
    pool.setHeight(chain.head.height + 1);
    const node = new ParleyNode(opts, chain, pool, log);
    try {
      await node.startServices();
    } catch (e) {
      // Undo whatever started (RPC listening, p2p, timers) so a failed start leaves nothing open.
      await node.stop().catch(() => chain.close().catch(() => undefined));
      throw e;
    }
    return node;
  }

  private async startServices(): Promise<void> {
    const { chain, pool, log } = this;
    const pipeline = new BlockPipeline(chain, pool, this.rejected, this.metrics, log, () => this.clock.now());
    chain.on((b) => publishBlock(this.hub, b, (asset) => assetUnitOf(chain, asset)));
    this.metrics.height.set(chain.head.height);
    // Counted from the start until the first block: a restarted node is not "stalled since 1970".
    this.metrics.lastBlockTime.set(Date.now() / 1000);
    this.metrics.validators.set(chain.nextValidators().length); // before the first block's update below
    this.metrics.mempoolMaxTxs.set(pool.limits.maxTxs);
    this.metrics.mempoolMaxBytes.set(pool.limits.maxBytes);
    registerDiskMetrics(this.metrics.registry, this.opts.dataDir);
    registerPruningMetrics(this.metrics.registry, () => chain.pruningStats());
    const blobs = (this.blobs = await BlobService.open(this.opts.dataDir, this.opts.blobs ?? {}, this.metrics.registry, log.child({ mod: "blobs" })));

    this.rpcServer = new RpcServer(
      {
        host: this.opts.rpc.host ?? "127.0.0.1",
        port: this.opts.rpc.port ?? 0,
        enableAdmin: this.opts.rpc.enableAdmin ?? false,
        adminOrigins: this.opts.rpc.adminOrigins,
        adminToken: this.opts.rpc.adminToken,
      },
      { logger: log.child({ mod: "rpc" }), hub: this.hub, errorMap: RPC_ERROR_MAP, metricsHandler: () => this.metrics.render(), staticHandler: this.opts.app ? createAppHandler(this.opts.app) : null, routeHandler: blobs.routes(chain.chainId, chain.state), names: nameParamEnv(this) },
    );
    this.rpcServer.addModule(ChainModule, new ChainModule(this));
    this.rpcServer.addModule(TxModule, new TxModule(this));
    this.rpcServer.addModule(AccountModule, new AccountModule(this));
    this.rpcServer.addModule(NodeModule, new NodeModule(this));
    this.rpcServer.addModule(ValidatorModule, new ValidatorModule(this));
    this.rpcServer.addModule(ConsensusModule, new ConsensusModule({ status: () => this.engine?.status ?? null, evidence: this.evidence }));
    for (const m of messagingAndAdminModules(this)) m(this.rpcServer);
    this.rpcServer.addModule(BlobModule, new BlobModule(blobs.store));
    await this.rpcServer.start();

    await this.startConsensus(pipeline);
    log.info({ height: chain.head.height, rpc: this.rpcUrl, chainId: chain.chainId }, "node started");
  }

  private async startConsensus(pipeline: BlockPipeline): Promise<void> {
    const { chain, pool, log } = this;
    const id = this.opts.identity;
    const p2p = this.opts.p2p ?? null;
    if (p2p) {
      // Without a validator key the p2p identity is kept in the data dir, so the node keeps its
      // peer id across restarts and can be put on consortium allowlists.
      const seed = id?.secretKey ?? this.opts.p2pIdentity?.secretKey ?? loadOrCreateP2pKey(join(this.opts.dataDir, "p2p.key")).secretKey;
      this.allowlist = p2p.allowPeers === null && p2p.allowPeersFile === undefined
        ? null
        : new NodeAllowlist({ entries: p2p.allowPeers ?? [], file: p2p.allowPeersFile }, log.child({ mod: "allowlist" }));
      const allowed = this.allowlist?.initial(this.chainValidators()) ?? null;
      this.net = await startNetwork(p2p, allowed, chain.chainId, seed, chain.params.maxBlockBytes, log);
      const net = this.net;
      this.allowlist?.attach(net);
      this.txGossip = new TxGossip((data) => net.publish("tx", data), async (bytes) => {
        const r = await this.admission.admit(bytes);
        if (r.ok) this.pacer.notify();
        return r;
      });
      net.onGossip("tx", (data) => this.txGossip!.onBatch(data));
    }
    let publish = this.net ? wireConsensus(this.net, () => this.engine, chain.params.maxBlockBytes, (h) => this.host?.sawHeight(h)) : () => undefined;
    const tap = this.opts.consensusTap;
    if (tap && id && this.net) {
      const net = this.net;
      publish = tap(publish, { chainId: chain.chainId, signer: { publicKey: id.publicKey, sign: nativeSigner(id.secretKey) }, publishRaw: (t, d) => void net.publish(t, d).catch(() => 0) });
    }
    const me = id?.publicKey ?? null;
    this.host = new ChainConsensusHost(chain, this.admission.blockTxSource(), pipeline, this.pacer, me, publish, this.evidence, log.child({ mod: "consensus" }));
    this.watchHealth(me);
    this.host.onStorageFailure = (e) => this.fail(e, "storage write failed (disk full?); stopping. Free space and start the node again: the data dir is intact");
    this.host.now = () => this.clock.now();
    this.host.onDecided = (t, round) => this.clock.observeDecided(t, round);
    // A validator that signed two votes or a provably invalid block is struck by its own peer id
    // (validators' peer ids are their keys), not whoever relayed the message to us.
    this.host.onMisbehaviour = (validator, reason) => {
      if (this.net && !(id && Buffer.compare(validator, id.publicKey) === 0)) this.net.penalize(peerIdFromEd25519PublicKey(validator), reason);
    };
    let wal;
    if (id) {
      mkdirSync(this.opts.dataDir, { recursive: true });
      const walFile = join(this.opts.dataDir, "signing.wal");
      wal = FileWal.open(walFile);
      if (wal.droppedLines > 0) log.warn({ file: walFile, dropped: wal.droppedLines }, "signing WAL ended in a torn write (a crash while recording); that step was never signed");
      await checkWalCoversHead(chain, wal, id.publicKey, walFile);
    } else wal = new MemoryWal();
    const engineOpts = {
      chainId: chain.chainId,
      // Native signing: a proposal's signature covers the whole block, and noble's JS SHA-512 costs ~8 us per tx there.
      signer: id ? { publicKey: id.publicKey, sign: nativeSigner(id.secretKey) } : null,
      verify: verifyEd25519,
      wal,
      clock: realClock,
      logger: log.child({ mod: "engine" }),
      ...(this.opts.timeouts ? { timeouts: this.opts.timeouts } : {}),
    };
    this.engine = new ConsensusEngine(engineOpts, this.host);
    this.host.engine = this.engine;
    if (this.net) await startNetworkServices(this, this.net);
    if (this.net) await this.blobs?.attachNetwork(this.net);
    if (this.net) {
      this.sync = new BlockSync(chain, this.admission.blockTxSource(), this.net, this.host, log.child({ mod: "sync" }));
      this.host.onBehind = () => this.sync?.trigger();
      this.sync.onPeerHead = (h) => {
        this.lag.peerHead(h);
        this.lag.observe(this.chain.head.height);
      };
      await this.sync.start();
    }
    if (id && !chain.nextValidators().some((v) => Buffer.compare(v, id.publicKey) === 0))
      log.warn({ key: formatAddress(id.publicKey) }, "this key is not a validator of the current set; following the chain");
    // The first height waits for work like every later one.
    void this.startEngineWhenReady();
    this.metricsTimer = setInterval(() => {
      this.metrics.round.set(this.engine?.status.round ?? 0);
      // Peers deciding height h have finalized h - 1.
      if (this.host) this.lag.peerHead(this.host.peerDecidingHeight - 1);
      this.lag.observe(this.chain.head.height);
      this.metrics.peers.set(this.net?.peers().length ?? 0);
      this.metrics.mempoolTxs.set(this.pool.size);
      this.metrics.mempoolBytes.set(this.pool.bytes);
    }, 1_000);
    this.metricsTimer.unref();
  }

  private metricsTimer: NodeJS.Timeout | null = null;
  private genesisHashHex: string | null = null;
  private allowlist: NodeAllowlist | null = null;
  private readonly lag: LagWatch;

  /** The set of the next height, and the set once every decided change is in force (from `latestFrom`). */
  private validatorWindow(): { inForce: Address[]; latest: Address[]; latestFrom: number } {
    const latestFrom = this.chain.head.height + 1 + VALIDATOR_CHANGE_DELAY;
    return { inForce: this.chain.nextValidators(), latest: this.chain.validatorsAfterHead(latestFrom), latestFrom };
  }

  /** Validators allowed to connect: those of the next height and after every decided change. */
  private chainValidators(): Address[] {
    const { inForce, latest } = this.validatorWindow();
    return [...inForce, ...latest];
  }

  /** Commit timing, missed votes, set changes and (when an allowlist is in force) the validators it admits. */
  private watchHealth(me: Address | null): void {
    const watch = new ValidatorWatch(me, this.metrics, this.log.child({ mod: "validators" }));
    const host = this.host!;
    host.commitTimed = (s) => this.metrics.commitSeconds.observe(s);
    host.heightLeft = (height, validators, silent) => watch.heightLeft(height, validators, silent);
    // The set changes only with a block: its metric, watch and allowlist follow here, not on a timer.
    const afterBlock = (): void => {
      const { inForce, latest, latestFrom } = this.validatorWindow();
      this.metrics.validators.set(inForce.length);
      watch.setAfterBlock(inForce, latest, latestFrom);
      void this.allowlist?.setValidators([...inForce, ...latest]).catch((e: unknown) => this.log.warn({ err: String(e) }, "allowlist update failed"));
      this.lag.observe(this.chain.head.height);
    };
    afterBlock();
    this.chain.on(afterBlock);
  }

  /** Re-reads the allowlist file (SIGHUP, admin_reloadAllowlist); null when no allowlist is configured. */
  allowlistControl(): NodeAllowlist | null {
    return this.allowlist;
  }

  private async startEngineWhenReady(): Promise<void> {
    const signal = this.stopping.signal;
    await this.pacer.waitForWork(this.chain.head.header.time, signal, () => this.host!.peerAhead());
    if (signal.aborted) return;
    this.engine!.start(this.chain.head.height + 1);
  }

  private readonly stopping = new AbortController();
  private readonly fatalListeners: Array<(e: unknown) => void> = [];

  /** Called once when the node stopped itself on an error it cannot run on (a failed write). */
  onFatal(cb: (e: unknown) => void): void {
    this.fatalListeners.push(cb);
  }

  private fail(e: unknown, msg: string): void {
    if (this.stopping.signal.aborted) return;
    this.log.error({ err: e instanceof Error ? e.message : String(e) }, msg);
    void this.stop().catch(() => undefined).finally(() => {
      for (const cb of this.fatalListeners) cb(e);
    });
  }

  network(): Network | null {
    return this.net;
  }

  get p2pAddrs(): string[] {
    return this.net?.multiaddrs() ?? [];
  }

  /** The RPC methods this node registered (rpc.discover must list each; test/integration/openrpc.test.ts). */
  rpcMethodNames(): string[] {
    return this.rpcServer.methodNames();
  }

  get rpcUrl(): string {
    return `http://${this.opts.rpc.host ?? "127.0.0.1"}:${this.rpcServer.port}`;
  }

  /** Where a browser opens the app, or null when this node does not serve it. */
  get appUrl(): string | null {
    return this.opts.app ? `${this.rpcUrl}/` : null;
  }

  get wsUrl(): string {
    return `ws://${this.opts.rpc.host ?? "127.0.0.1"}:${this.rpcServer.port}`;
  }

  async submitTx(bytes: Uint8Array): Promise<Result<{ id: string }, TxError>> {
    const r = await this.admission.admit(bytes);
    if (!r.ok) {
      // Resubmitting a pending tx is not an error: answer with its id (idempotent send).
      if (r.error.code === "ALREADY_KNOWN") {
        const pre = this.admission.precheckId(bytes);
        if (pre) return ok({ id: pre });
      }
      this.metrics.txsRejected.inc({ reason: r.error.code });
      return err(r.error);
    }
    this.rejected.delete(r.value.id);
    this.txGossip?.add(bytes);
    this.metrics.mempoolTxs.set(this.pool.size);
    this.pacer.notify();
    return ok({ id: r.value.id });
  }

  info(): NodeInfo {
    return {
      version: NODE_VERSION,
      validator: this.opts.identity ? formatAddress(this.opts.identity.publicKey) : null,
      peerId: this.net?.peerId ?? null,
      peers: this.net?.peers().length ?? 0,
      listen: this.p2pAddrs,
      syncing: false,
      genesisHash: (this.genesisHashHex ??= toHex(genesisHash(this.chain.genesis))),
    };
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.metricsTimer) clearInterval(this.metricsTimer);
    this.host?.stop();
    this.engine?.stop();
    this.sync?.stop();
    this.allowlist?.stop();
    this.txGossip?.stop();
    await this.net?.stop();
    await this.rpcServer?.stop();
    this.blobs?.close();
    await this.admission.close();
    await this.chain.close();
    this.log.info({}, "node stopped");
    this.log.flush?.();
  }
}
