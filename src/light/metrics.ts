// Prometheus metrics of a light node (GET /metrics on its RPC port). Its own registry, so
// several nodes in one process (tests) do not collide.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/** The counters the verification code bumps: LightMetrics on a light node, no-ops in a browser. */
export interface VerifyMetrics {
  readonly height: { set(value: number): void };
  readonly headersVerified: { inc(value?: number): void };
  readonly proofsVerified: { inc(labels: { kind: string }, value?: number): void };
}

export class LightMetrics implements VerifyMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({ name: "parley_light_height", help: "Height of the last verified header", registers: [this.registry] });
  readonly headersVerified = new Counter({ name: "parley_light_headers_verified_total", help: "Headers verified by their commit certificates", registers: [this.registry] });
  readonly peers = new Gauge({ name: "parley_light_peers", help: "Connected peers that serve the light protocols", registers: [this.registry] });
  readonly peersDropped = new Counter({ name: "parley_light_peers_dropped_total", help: "Peers dropped for serving data that failed verification", labelNames: ["reason"], registers: [this.registry] });
  readonly notVerified = new Counter({ name: "parley_light_not_verified_total", help: "RPC answers refused because nothing could be verified", labelNames: ["reason"], registers: [this.registry] });
  readonly assetWatches = new Gauge({ name: "parley_light_asset_watches", help: "subscribe_assets targets followed (with a proven first read)", registers: [this.registry] });
  readonly proofsVerified = new Counter({ name: "parley_light_proofs_verified_total", help: "Peer answers whose proofs verified", labelNames: ["kind"], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "parley_process_" });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
