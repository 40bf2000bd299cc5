// A running Parley node: chain + mempool + admission + block production + JSON-RPC (+ p2p and
// BFT consensus when it has peers). Construction order follows the data flow; stop() undoes
// it in reverse so no component outlives what it depends on.
import { err, ok, type Result } from "../util/errors.js";
import { Chain } from "../chain/chain.js";
import type { Genesis } from "../chain/genesis.js";
import type { TxError } from "../chain/tx/errors.js";
import { formatAddress } from "../chain/address.js";
import type { Identity } from "../client/keys.js";
import { Mempool } from "../mempool/pool.js";
import type { MempoolLimits } from "../mempool/limits.js";
import { RpcServer } from "../rpc/server.js";
import type { ErrorMappingTable } from "../rpc/errors.js";
import { ChainModule } from "../rpc/modules/chain.js";
import { TxModule } from "../rpc/modules/tx.js";
import { AccountModule } from "../rpc/modules/account.js";
import { NodeModule } from "../rpc/modules/node.js";
import { createHub, publishBlock, type NodeEvents } from "../rpc/modules/events.js";
import type { SubscriptionHub } from "../rpc/subscriptions.js";
import { Admission } from "./admission.js";
import { BlockPipeline } from "./block-pipeline.js";
import { Pacer } from "./pacing.js";
import { SoloProducer, type Producer } from "./solo-producer.js";
import { RejectedTxs } from "./tx-status.js";
import { NodeMetrics } from "./metrics.js";
import { createLogger, type Logger, type LogLevel } from "./logger.js";
import type { NodeInfo, NodeServices } from "./services.js";
import { extraModules } from "./extra-modules.js";

export const NODE_VERSION = "0.1.0";

export interface NodeOptions {
  dataDir: string;
  genesis: Genesis;
  /** Validator key; null = a full node that follows the chain. */
  identity: Identity | null;
  rpc: { host?: string; port?: number; enableAdmin?: boolean };
  logLevel?: LogLevel;
  logger?: Logger;
  mempool?: Partial<MempoolLimits>;
}

// TxError codes that mean "valid, but no room": clients should retry, not fix the tx.
const RPC_ERROR_MAP: ErrorMappingTable = {
  "TxError.POOL_FULL": "MEMPOOL_FULL",
  "TxError.SENDER_LIMIT": "MEMPOOL_FULL",
  TxError: "TX_REJECTED",
  KeyFileError: "INVALID_PARAMS",
};

export class ParleyNode implements NodeServices {
  readonly rejected = new RejectedTxs();
  readonly metrics = new NodeMetrics();
  readonly hub: SubscriptionHub<NodeEvents> = createHub();
  private producer: Producer | null = null;
  private rpcServer!: RpcServer;
  private readonly admission: Admission;
  private readonly pacer: Pacer;

  private constructor(
    readonly opts: NodeOptions,
    readonly chain: Chain,
    readonly pool: Mempool,
    readonly log: Logger,
  ) {
    this.admission = new Admission(chain, pool);
    this.pacer = new Pacer(chain.params, pool);
  }

  static async start(opts: NodeOptions): Promise<ParleyNode> {
    const log = opts.logger ?? createLogger(opts.logLevel ?? "info");
    const chain = await Chain.open(opts.dataDir, opts.genesis);
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
      await chain.close();
      throw e;
    }
    return node;
  }

  private async startServices(): Promise<void> {
    const { chain, pool, log } = this;
    const pipeline = new BlockPipeline(chain, pool, this.rejected, this.metrics, log);
    chain.on((b) => publishBlock(this.hub, b));
    this.metrics.height.set(chain.head.height);

    this.rpcServer = new RpcServer(
      { host: this.opts.rpc.host ?? "127.0.0.1", port: this.opts.rpc.port ?? 0, enableAdmin: this.opts.rpc.enableAdmin ?? false },
      { logger: log.child({ mod: "rpc" }), hub: this.hub, errorMap: RPC_ERROR_MAP, metricsHandler: () => this.metrics.render() },
    );
    this.rpcServer.addModule(ChainModule, new ChainModule(this));
    this.rpcServer.addModule(TxModule, new TxModule(this));
    this.rpcServer.addModule(AccountModule, new AccountModule(this));
    this.rpcServer.addModule(NodeModule, new NodeModule(this));
    for (const m of extraModules(this)) m(this.rpcServer);
    await this.rpcServer.start();

    const id = this.opts.identity;
    const validators = chain.nextValidators();
    if (id && validators.length === 1 && Buffer.compare(validators[0]!, id.publicKey) === 0) {
      this.producer = new SoloProducer(chain, pipeline, this.pacer, id, log.child({ mod: "producer" }));
      this.producer.start();
    } else if (id) {
      log.warn({ validator: formatAddress(id.publicKey) }, "this key is not the single validator of this chain; running as a follower");
    }
    log.info({ height: chain.head.height, rpc: this.rpcUrl, chainId: chain.chainId }, "node started");
  }

  get rpcUrl(): string {
    return `http://${this.opts.rpc.host ?? "127.0.0.1"}:${this.rpcServer.port}`;
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
    this.metrics.mempoolTxs.set(this.pool.size);
    this.pacer.notify();
    return ok({ id: r.value.id });
  }

  info(): NodeInfo {
    return {
      version: NODE_VERSION,
      validator: this.opts.identity ? formatAddress(this.opts.identity.publicKey) : null,
      peerId: null,
      peers: 0,
      listen: [],
      syncing: false,
    };
  }

  async stop(): Promise<void> {
    await this.producer?.stop();
    await this.rpcServer.stop();
    await this.chain.close();
    this.log.info({}, "node stopped");
    this.log.flush?.();
  }
}
