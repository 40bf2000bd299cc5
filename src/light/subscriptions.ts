// Subscriptions on a light node: the full node's kinds (heads, tx, messages, assets;
// rpc/modules/events.ts) fed only with verified data. The hub is wrapped so the node knows which
// addresses, tx ids and asset targets are watched: it has no bodies, so it must ask peers for
// exactly those after each new header.
import type { SubscriptionDoc, SubscriptionHub, Subscriber, SubscriptionRegistry } from "../rpc/subscriptions.js";
import type { ParamList } from "../rpc/params.js";
import type { NodeEvents } from "../rpc/modules/events.js";
import { toHex } from "../util/bytes.js";

export type WatchKind = "messages" | "tx" | "assets";

const WATCH_KINDS: readonly string[] = ["messages", "tx", "assets"] satisfies WatchKind[];

interface Watched {
  kind: WatchKind;
  key: string;
  subscriber: Subscriber;
}

/** A SubscriptionRegistry that also counts, per kind, the targets subscribers watch. */
export class TrackedHub implements SubscriptionRegistry {
  private readonly byId = new Map<string, Watched>();
  private readonly targets: Record<WatchKind, Map<string, { bytes: Uint8Array; count: number }>> = { messages: new Map(), tx: new Map(), assets: new Map() };
  private readonly added: Array<(kind: WatchKind, target: Uint8Array) => void> = [];

  constructor(readonly hub: SubscriptionHub<NodeEvents>) {}

  /** Called when a target gets its first subscriber (e.g. to start its cursor at the head). */
  onTargetAdded(cb: (kind: WatchKind, target: Uint8Array) => void): void {
    this.added.push(cb);
  }

  watched(kind: WatchKind): Uint8Array[] {
    return [...this.targets[kind].values()].map((t) => t.bytes);
  }

  isWatched(kind: WatchKind, target: Uint8Array): boolean {
    return this.targets[kind].has(toHex(target));
  }

  paramsOf(kind: string): ParamList<readonly unknown[]> | undefined {
    return this.hub.paramsOf(kind);
  }

  kinds(): string[] {
    return this.hub.kinds();
  }

  docOf(kind: string): SubscriptionDoc | undefined {
    return this.hub.docOf(kind);
  }

  subscribe(kind: string, args: unknown[], subscriber: Subscriber, maxPerSubscriber: number): string {
    const id = this.hub.subscribe(kind, args, subscriber, maxPerSubscriber);
    const target = args[0];
    if (WATCH_KINDS.includes(kind) && target instanceof Uint8Array) {
      const key = toHex(target);
      const map = this.targets[kind as WatchKind];
      const t = map.get(key);
      if (t) t.count++;
      else {
        map.set(key, { bytes: target, count: 1 });
        for (const cb of this.added) cb(kind as WatchKind, target);
      }
      this.byId.set(id, { kind: kind as WatchKind, key, subscriber });
    }
    return id;
  }

  unsubscribe(id: string, subscriber: Subscriber): boolean {
    const done = this.hub.unsubscribe(id, subscriber);
    if (done) this.release(id);
    return done;
  }

  dropSubscriber(subscriber: Subscriber): void {
    this.hub.dropSubscriber(subscriber);
    for (const [id, w] of this.byId) if (w.subscriber === subscriber) this.release(id);
  }

  private release(id: string): void {
    const w = this.byId.get(id);
    if (!w) return;
    this.byId.delete(id);
    const map = this.targets[w.kind];
    const t = map.get(w.key);
    if (t && --t.count === 0) map.delete(w.key);
  }
}
