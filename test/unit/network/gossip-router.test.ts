// The gossip router against a fake gossipsub: queueing, drop reporting, concurrency and
// validation results, without libp2p.
import { TopicValidatorResult } from "@libp2p/gossipsub";
import type { GossipsubMessage } from "@libp2p/gossipsub";
import { peerIdFromString } from "@libp2p/peer-id";
import { describe, expect, it } from "vitest";
import { GossipRouter, type GossipSubRouter } from "../../../src/network/gossip.js";
import { silentLogger } from "../../../src/network/logger.js";
import type { NetworkMetrics } from "../../../src/network/metrics.js";
import { gossipTopic } from "../../../src/network/topics.js";

const PEER = "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5";

class FakePubsub extends EventTarget {
  reports: { msgId: string; from: string; result: TopicValidatorResult }[] = [];
  subscribed: string[] = [];
  subscribe(topic: string): void {
    this.subscribed.push(topic);
  }
  reportMessageValidationResult(msgId: string, from: string, result: TopicValidatorResult): void {
    this.reports.push({ msgId, from, result });
  }
  deliver(topic: string, msgId: string, data: Uint8Array): void {
    const detail: GossipsubMessage = { propagationSource: peerIdFromString(PEER), msgId, msg: { type: "unsigned", topic, data } };
    this.dispatchEvent(new CustomEvent("gossipsub:message", { detail }));
  }
}

function counting(): { metrics: NetworkMetrics; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const inc = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  return {
    counts,
    metrics: {
      gossipReceived: (t) => inc(`received:${t}`),
      gossipValidated: (t, o) => inc(`${o}:${t}`),
      gossipDropped: (t) => inc(`dropped:${t}`),
      gossipQueueLength: () => {},
      gossipPublished: () => {},
      peers: () => {},
      reqRespOutbound: () => {},
      reqRespInbound: () => {},
      peerPenalized: () => {},
    },
  };
}

function setup(drop: "oldest" | "newest", concurrency = 1) {
  const pubsub = new FakePubsub();
  const { metrics, counts } = counting();
  const rejects: string[] = [];
  const router = new GossipRouter("c1", [{ name: "vote", maxQueue: 3, drop, concurrency }], {
    pubsub: pubsub as unknown as GossipSubRouter,
    metrics,
    logger: silentLogger,
    onReject: (peer) => rejects.push(peer),
  });
  router.start();
  return { pubsub, router, counts, rejects, topic: gossipTopic("c1", "vote") };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("GossipRouter", () => {
  it("subscribes to the chain-namespaced topic", () => {
    const { pubsub } = setup("oldest");
    expect(pubsub.subscribed).toEqual(["/parley/c1/vote/1"]);
  });

  it("a flood beyond the queue drops oldest, reports the drops as Ignore and counts them", async () => {
    const { pubsub, router, counts, topic } = setup("oldest");
    // No handler yet: everything waits in the queue of 3.
    for (let i = 0; i < 10; i++) pubsub.deliver(topic, `m${i}`, new Uint8Array([i]));
    expect(router.queueLength("vote")).toBe(3);
    expect(pubsub.reports.map((r) => r.msgId)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(pubsub.reports.every((r) => r.result === TopicValidatorResult.Ignore)).toBe(true);
    expect(counts.get("dropped:vote")).toBe(7);
    expect(counts.get("received:vote")).toBe(10);

    const handled: number[] = [];
    router.onGossip("vote", (data) => {
      handled.push(data[0]!);
      return "accept";
    });
    await tick();
    expect(handled).toEqual([7, 8, 9]);
    expect(pubsub.reports.slice(7).map((r) => [r.msgId, r.result])).toEqual([
      ["m7", TopicValidatorResult.Accept],
      ["m8", TopicValidatorResult.Accept],
      ["m9", TopicValidatorResult.Accept],
    ]);
  });

  it("a drop-newest topic keeps the first three and ignores the rest", async () => {
    const { pubsub, router, topic } = setup("newest");
    for (let i = 0; i < 10; i++) pubsub.deliver(topic, `m${i}`, new Uint8Array([i]));
    const handled: number[] = [];
    router.onGossip("vote", (data) => {
      handled.push(data[0]!);
      return "ignore";
    });
    await tick();
    expect(handled).toEqual([0, 1, 2]);
    expect(pubsub.reports.slice(0, 7).map((r) => r.msgId)).toEqual(["m3", "m4", "m5", "m6", "m7", "m8", "m9"]);
  });

  it("runs at most `concurrency` handlers at once", async () => {
    const { pubsub, router, topic } = setup("newest", 2);
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    router.onGossip("vote", async (): Promise<"accept"> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise<void>((r) => release.push(r));
      active--;
      return "accept";
    });
    for (let i = 0; i < 3; i++) pubsub.deliver(topic, `m${i}`, new Uint8Array([i]));
    await tick();
    expect(active).toBe(2);
    expect(router.queueLength("vote")).toBe(1);
    for (let round = 0; round < 5 && (release.length > 0 || active > 0); round++) {
      release.splice(0).forEach((r) => r());
      await tick();
    }
    expect(peak).toBe(2);
    expect(pubsub.reports.length).toBe(3);
  });

  it("a reject is reported to gossipsub and to the peer-score hook; a throwing handler is an Ignore", async () => {
    const { pubsub, router, rejects, counts, topic } = setup("oldest");
    router.onGossip("vote", (data) => {
      if (data[0] === 0) return "reject";
      throw new Error("handler bug");
    });
    pubsub.deliver(topic, "bad", new Uint8Array([0]));
    pubsub.deliver(topic, "bug", new Uint8Array([1]));
    await tick();
    await tick();
    expect(pubsub.reports.map((r) => [r.msgId, r.result])).toEqual([
      ["bad", TopicValidatorResult.Reject],
      ["bug", TopicValidatorResult.Ignore],
    ]);
    expect(rejects).toEqual([PEER]);
    expect(counts.get("reject:vote")).toBe(1);
    expect(counts.get("ignore:vote")).toBe(1);
  });

  it("a message on a topic we do not know is ignored", () => {
    const { pubsub } = setup("oldest");
    pubsub.deliver("/parley/c1/other/1", "x", new Uint8Array(1));
    expect(pubsub.reports).toEqual([{ msgId: "x", from: PEER, result: TopicValidatorResult.Ignore }]);
  });
});
