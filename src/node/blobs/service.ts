// The node's file-blob service in one piece: the store in the data dir, its HTTP routes on the
// RPC port, its JSON-RPC module, and replication over libp2p once the network is up.
import type { Registry } from "prom-client";
import type { Network } from "../../network/index.js";
import type { RouteHandler } from "../../rpc/http.js";
import type { Logger } from "../../util/logger.js";
import { createBlobRoutes } from "./http.js";
import type { BlobLimits } from "./limits.js";
import { BlobMetrics } from "./metrics.js";
import { BlobReplication } from "./replication.js";
import { BlobStore } from "./store.js";

export class BlobService {
  private replication: BlobReplication | null = null;

  private constructor(
    readonly store: BlobStore,
    private readonly metrics: BlobMetrics,
    private readonly log: Logger,
  ) {}

  static async open(dataDir: string, limits: Partial<BlobLimits>, registry: Registry, log: Logger): Promise<BlobService> {
    const metrics = new BlobMetrics(registry);
    return new BlobService(await BlobStore.open(dataDir, limits, metrics), metrics, log);
  }

  /** `state`: the head's accounts; an uploader must be one the chain knows (a balance or a nonce). */
  routes(chainId: string, state: { account(address: Uint8Array): { balance: bigint; nonce: number } }): RouteHandler {
    return createBlobRoutes({
      store: this.store,
      chainId,
      accountKnown: (a) => {
        const acct = state.account(a);
        return acct.balance > 0n || acct.nonce > 0;
      },
      fetchMissing: (hash) => this.replication?.fetch(hash) ?? Promise.resolve(false),
      metrics: this.metrics,
      log: this.log,
    });
  }

  async attachNetwork(net: Network): Promise<void> {
    this.replication = new BlobReplication(this.store, net, this.metrics, this.log);
    await this.replication.start();
  }

  close(): void {
    this.store.close();
  }
}
