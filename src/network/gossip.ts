// Gossip in and out: every subscribed topic has a bounded queue (see topics.ts for the drop
// policies) drained by its handler with bounded concurrency. Gossipsub runs with async
// validation, so a message is forwarded to other peers only after our handler said "accept";
// "reject" also gives the sending peer a strike in the peer-score table.
import type { GossipSub, GossipsubMessage } from "@libp2p/gossipsub";
import { TopicValidatorResult } from "@libp2p/gossipsub";
import { NetworkError } from "./errors.js";
import { GossipQueue } from "./gossip-queue.js";
import type { NetworkLogger } from "./logger.js";
import { errorMessage } from "./logger.js";
import type { GossipOutcome, NetworkMetrics } from "./metrics.js";
import { gossipTopic, type TopicConfig } from "./topics.js";

export type GossipResult = GossipOutcome;
export type GossipHandler = (data: Uint8Array, from: string) => Promise<GossipResult> | GossipResult;

/** The parts of gossipsub 17's class we use that its exported `GossipSub` interface omits. */
export interface GossipSubRouter extends GossipSub {
  reportMessageValidationResult(msgId: string, propagationSource: string, acceptance: TopicValidatorResult): void;
  getMeshPeers(topic: string): string[];
}

// Handler calls in flight per topic unless the topic says otherwise.
const DEFAULT_CONCURRENCY = 2;

const ACCEPTANCE: Record<GossipResult, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

interface Pending {
  msgId: string;
  from: string;
  data: Uint8Array;
}

class TopicRunner {
  readonly queue: GossipQueue<Pending>;
  readonly concurrency: number;
  handler: GossipHandler | null = null;
  active = 0;
  constructor(
    readonly config: TopicConfig,
    readonly wireTopic: string,
  ) {
    this.queue = new GossipQueue<Pending>(config.maxQueue, config.drop);
    this.concurrency = config.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new NetworkError({ code: "INVALID_CONFIG", reason: `topic ${config.name}: concurrency must be a positive integer` });
    }
  }
}

export interface GossipModules {
  pubsub: GossipSubRouter;
  metrics: NetworkMetrics | null;
  logger: NetworkLogger;
  /** Called when our handler rejected a message from `peerId`. */
  onReject(peerId: string, topic: string): void;
}

export class GossipRouter {
  private readonly byName = new Map<string, TopicRunner>();
  private readonly byWire = new Map<string, TopicRunner>();
  private stopped = false;
  private readonly listener = (evt: CustomEvent<GossipsubMessage>) => this.onMessage(evt.detail);

  constructor(
    chainId: string,
    topics: readonly TopicConfig[],
    private readonly modules: GossipModules,
  ) {
    for (const t of topics) {
      if (this.byName.has(t.name)) throw new NetworkError({ code: "INVALID_CONFIG", reason: `duplicate topic ${t.name}` });
      const runner = new TopicRunner(t, gossipTopic(chainId, t.name));
      this.byName.set(t.name, runner);
      this.byWire.set(runner.wireTopic, runner);
    }
  }

  start(): void {
    this.modules.pubsub.addEventListener("gossipsub:message", this.listener);
    for (const runner of this.byName.values()) this.modules.pubsub.subscribe(runner.wireTopic);
  }

  stop(): void {
    this.stopped = true;
    this.modules.pubsub.removeEventListener("gossipsub:message", this.listener);
    for (const runner of this.byName.values()) runner.queue.clear();
  }

  /** Registers the handler of a topic; messages that arrived before it are waiting in the queue. */
  onGossip(name: string, handler: GossipHandler): void {
    const runner = this.runner(name);
    runner.handler = handler;
    this.drain(runner);
  }

  /** Publishes to a topic; returns how many peers it was sent to (0 when nobody is subscribed yet). */
  async publish(name: string, data: Uint8Array): Promise<number> {
    const runner = this.runner(name);
    try {
      const { recipients } = await this.modules.pubsub.publish(runner.wireTopic, data);
      this.modules.metrics?.gossipPublished(name, recipients.length);
      return recipients.length;
    } catch (e) {
      // gossipsub signals "nobody to send to" and "already published" by message text only.
      const msg = errorMessage(e);
      if (/NoPeersSubscribedToTopic|InsufficientPeers|Duplicate/.test(msg)) {
        this.modules.metrics?.gossipPublished(name, 0);
        return 0;
      }
      throw new NetworkError({ code: "PUBLISH_FAILED", topic: name, reason: msg });
    }
  }

  /** Peers in our mesh for a topic (for readiness checks and tests). */
  meshPeers(name: string): string[] {
    return this.modules.pubsub.getMeshPeers(this.runner(name).wireTopic);
  }

  /** Peers that told us they subscribe to a topic. */
  subscribers(name: string): string[] {
    return this.modules.pubsub.getSubscribers(this.runner(name).wireTopic).map((p) => p.toString());
  }

  queueLength(name: string): number {
    return this.runner(name).queue.length;
  }

  private runner(name: string): TopicRunner {
    const runner = this.byName.get(name);
    if (runner === undefined) throw new NetworkError({ code: "UNKNOWN_TOPIC", topic: name });
    return runner;
  }

  private onMessage(detail: GossipsubMessage): void {
    const { metrics } = this.modules;
    const from = detail.propagationSource.toString();
    const runner = this.byWire.get(detail.msg.topic);
    if (runner === undefined || this.stopped) {
      this.report(detail.msgId, from, "ignore");
      return;
    }
    const name = runner.config.name;
    metrics?.gossipReceived(name);
    const dropped = runner.queue.push({ msgId: detail.msgId, from, data: detail.msg.data });
    if (dropped !== null) {
      metrics?.gossipDropped(name);
      metrics?.gossipValidated(name, "ignore");
      this.report(dropped.msgId, dropped.from, "ignore");
    }
    metrics?.gossipQueueLength(name, runner.queue.length);
    this.drain(runner);
  }

  private drain(runner: TopicRunner): void {
    if (runner.handler === null) return;
    while (runner.active < runner.concurrency && runner.queue.length > 0 && !this.stopped) {
      const item = runner.queue.shift()!;
      runner.active++;
      void this.process(runner, runner.handler, item).finally(() => {
        runner.active--;
        this.drain(runner);
      });
    }
    this.modules.metrics?.gossipQueueLength(runner.config.name, runner.queue.length);
  }

  private async process(runner: TopicRunner, handler: GossipHandler, item: Pending): Promise<void> {
    const name = runner.config.name;
    let result: GossipResult;
    try {
      result = await handler(item.data, item.from);
    } catch (e) {
      // A throwing handler is our bug, not the peer's fault: do not forward, do not penalise.
      this.modules.logger.warn({ topic: name, err: errorMessage(e) }, "gossip handler threw");
      result = "ignore";
    }
    if (this.stopped) return;
    this.modules.metrics?.gossipValidated(name, result);
    this.report(item.msgId, item.from, result);
    if (result === "reject") this.modules.onReject(item.from, name);
  }

  private report(msgId: string, from: string, result: GossipResult): void {
    this.modules.pubsub.reportMessageValidationResult(msgId, from, ACCEPTANCE[result]);
  }
}
