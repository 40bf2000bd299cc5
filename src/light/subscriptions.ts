// Subscriptions on a light node: those of the full node's kinds (rpc/modules/events.ts) that it
// feeds with verified data: heads, tx, messages and assets. The others (actions, devices, works,
// names) it cannot feed without block bodies, so it does not offer them: subscribing answers
// -32601 like any method a light node does not serve (docs/LIGHT.md 4), never a subscription that
// stays silent. The hub is wrapped so the node knows which addresses, tx ids and asset targets
// are watched: it must ask peers for exactly those after each new header.
import type { SubscriptionDoc, SubscriptionHub, Subscriber, SubscriptionRegistry } from "../rpc/subscriptions.js";
import type { ParamList } from "../rpc/params.js";
import type { NodeEvents } from "../rpc/modules/events.js";
import { toHex } from "../util/bytes.js";
import { rpcError } from "../rpc/errors.js";

export type WatchKind = "messages" | "tx" | "assets";

const WATCH_KINDS: readonly string[] = ["messages", "tx", "assets"] satisfies WatchKind[];
const isWatchKind = (kind: string): kind is WatchKind => WATCH_KINDS.includes(kind);
/** What a light node feeds: the watched kinds and every verified header. */
const SERVED_KINDS: readonly string[] = ["heads", ...WATCH_KINDS];

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

  // undefined for a kind not served: the dispatcher then answers METHOD_NOT_FOUND.
  paramsOf(kind: string): ParamList<readonly unknown[]> | undefined {
    return SERVED_KINDS.includes(kind) ? this.hub.paramsOf(kind) : undefined;
  }

  kinds(): string[] {
    return this.hub.kinds().filter((k) => SERVED_KINDS.includes(k));
  }

  docOf(kind: string): SubscriptionDoc | undefined {
    return SERVED_KINDS.includes(kind) ? this.hub.docOf(kind) : undefined;
  }

  subscribe(kind: string, args: unknown[], subscriber: Subscriber, maxPerSubscriber: number): string {
    // [REJECT] a kind this node never feeds (the dispatcher refuses first; kept for direct callers)
    if (!SERVED_KINDS.includes(kind)) throw rpcError("METHOD_NOT_FOUND");
    const id = this.hub.subscribe(kind, args, subscriber, maxPerSubscriber);
    const target = args[0];
    if (isWatchKind(kind) && target instanceof Uint8Array) {
      const key = toHex(target);
      const map = this.targets[kind];
      const t = map.get(key);
      if (t) t.count++;
      else {
        map.set(key, { bytes: target, count: 1 });
        for (const cb of this.added) cb(kind, target);
      }
      this.byId.set(id, { kind, key, subscriber });
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
