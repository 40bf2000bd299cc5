// WebSocket subscriptions. The node registers each kind (params + a match function) on a
// SubscriptionHub and calls publish(kind, event); clients call subscribe_<kind>(...params) and
// unsubscribe(id). Fan-out only ever calls Subscriber.send, which is bounded and never waits
// (see ws-session.ts): a slow client cannot stall publish() or the other subscribers.
import { randomBytes } from "node:crypto";
import { rpcError, RpcReason, type RpcLogger } from "./errors.js";
import { stringify } from "./json.js";
import type { ParamList } from "./params.js";
import { RpcModuleError } from "./module.js";
import type { JsonSchema } from "./schema.js";

/** One connection, as the hub sees it. send() returns false when the message was not queued. */
export interface Subscriber {
  send(text: string): boolean;
  /** False once the connection is gone: the hub then refuses new subscriptions for it. */
  readonly alive: boolean;
}

/** What rpc.discover says about a subscription kind. */
export interface SubscriptionDoc {
  readonly summary: string;
  /** The JSON each notification carries as params.result. */
  readonly event: JsonSchema;
}

export interface SubscriptionSpec<E, P extends unknown[]> {
  params: ParamList<P>;
  /** For rpc.discover; the node's own kinds all have one (test/unit/rpc/openrpc.test.ts). */
  doc?: SubscriptionDoc;
  /** Whether this subscription wants the event; absent = every event. Runs once per subscription per event. */
  match?: (event: E, ...params: P) => boolean;
  /** The JSON result sent for an event (computed once per event); absent = the event itself. */
  result?: (event: E) => unknown;
  /**
   * Routing by key, for kinds with many subscribers (a chat node has one per connected app):
   * `keyOf` names the one key a subscription listens to, `eventKeys` the keys an event is for.
   * With both, an event reaches only the subscriptions filed under its keys (then `match`
   * still decides), instead of running `match` for every subscription of the kind.
   */
  route?: { keyOf: (...params: P) => string; eventKeys: (event: E) => readonly string[] };
}

// Below this many subscriptions of a kind, running match on each is cheaper than computing an
// event's keys.
const ROUTE_ABOVE = 8;

/** What the server needs from a hub, with the event types erased. */
export interface SubscriptionRegistry {
  paramsOf(kind: string): ParamList<readonly unknown[]> | undefined;
  /** The registered kinds, for rpc.discover (a registry that cannot list them is left out). */
  kinds?(): string[];
  docOf?(kind: string): SubscriptionDoc | undefined;
  /**
   * Throws RpcError LIMIT_EXCEEDED when the subscriber already holds `maxPerSubscriber`, and
   * UNAVAILABLE CONNECTION_CLOSED when it is no longer alive.
   */
  subscribe(kind: string, args: unknown[], subscriber: Subscriber, maxPerSubscriber: number): string;
  unsubscribe(id: string, subscriber: Subscriber): boolean;
  dropSubscriber(subscriber: Subscriber): void;
}

type ErasedMatch = (event: unknown, ...params: unknown[]) => boolean;

interface KindEntry {
  readonly name: string;
  readonly params: ParamList<readonly unknown[]>;
  readonly doc: SubscriptionDoc | undefined;
  readonly match: ErasedMatch | null;
  readonly result: (event: unknown) => unknown;
  readonly subs: Map<string, Subscription>;
  readonly route: { keyOf: (...params: unknown[]) => string; eventKeys: (event: unknown) => readonly string[] } | null;
  /** Routing key -> the subscriptions filed under it (only for kinds with a route). */
  readonly byKey: Map<string, Map<string, Subscription>>;
}

interface Subscription {
  readonly id: string;
  readonly kind: KindEntry;
  readonly params: unknown[];
  readonly subscriber: Subscriber;
  readonly key: string | null;
}

/** One event's fan-out: its payload is serialised at most once, on the first match. */
interface Delivery {
  payload: string | null;
  sent: number;
}

const KIND_RE = /^[a-z][a-zA-Z0-9]*$/;
// The notification is assembled from fixed pieces: the result is serialised once per event,
// not once per subscriber.
const NOTE_HEAD = '{"jsonrpc":"2.0","method":"subscription","params":{"subscription":';
const NOTE_RESULT = ',"result":';
const NOTE_TAIL = "}}";

export class SubscriptionHub<Events extends object = Record<string, unknown>> implements SubscriptionRegistry {
  private readonly byKind = new Map<string, KindEntry>();
  private readonly byId = new Map<string, Subscription>();
  private readonly bySubscriber = new Map<Subscriber, Set<string>>();

  constructor(private readonly log: RpcLogger | null = null) {}

  register<K extends keyof Events & string, P extends unknown[]>(kind: K, spec: SubscriptionSpec<Events[K], P>): void {
    if (!KIND_RE.test(kind)) throw new RpcModuleError({ code: "BAD_METHOD_NAME", method: `subscribe_${kind}` });
    if (this.byKind.has(kind)) throw new RpcModuleError({ code: "DUPLICATE_METHOD", method: `subscribe_${kind}` });
    const result = spec.result as ((event: unknown) => unknown) | undefined;
    this.byKind.set(kind, {
      name: kind,
      params: spec.params,
      doc: spec.doc,
      match: (spec.match as ErasedMatch | undefined) ?? null,
      result: result ?? ((event) => event),
      subs: new Map(),
      route: (spec.route as KindEntry["route"] | undefined) ?? null,
      byKey: new Map(),
    });
  }

  /** Sends the event to every matching subscription; returns how many were queued. Never waits. */
  publish<K extends keyof Events & string>(kind: K, event: Events[K]): number {
    const entry = this.byKind.get(kind);
    if (entry === undefined || entry.subs.size === 0) return 0;
    const d: Delivery = { payload: null, sent: 0 };
    if (entry.route === null || entry.subs.size <= ROUTE_ABOVE) {
      for (const sub of entry.subs.values()) if (!this.deliver(entry, sub, event, d)) break;
      return d.sent;
    }
    const keys = entry.route.eventKeys(event);
    // An event can name one key twice (a self-transfer): each subscription hears it once.
    const seen = keys.length > 1 ? new Set<string>() : null;
    for (const key of keys) {
      if (seen !== null) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const subs = entry.byKey.get(key);
      if (subs === undefined) continue;
      for (const sub of subs.values()) if (!this.deliver(entry, sub, event, d)) return d.sent;
    }
    return d.sent;
  }

  /** Sends to one subscription if it matches; false when the event cannot be sent to anyone. */
  private deliver(entry: KindEntry, sub: Subscription, event: unknown, d: Delivery): boolean {
    try {
      if (entry.match !== null && !entry.match(event, ...sub.params)) return true;
    } catch (error) {
      // A throwing match is a bug in the node: log it, keep serving the other subscribers.
      this.log?.error({ err: error, kind: entry.name }, "subscription match threw");
      return true;
    }
    if (d.payload === null) {
      try {
        d.payload = stringify(entry.result(event));
      } catch (error) {
        this.log?.error({ err: error, kind: entry.name }, "subscription result threw; event not sent");
        return false;
      }
    }
    if (sub.subscriber.send(NOTE_HEAD + JSON.stringify(sub.id) + NOTE_RESULT + d.payload + NOTE_TAIL)) d.sent++;
    return true;
  }

  paramsOf(kind: string): ParamList<readonly unknown[]> | undefined {
    return this.byKind.get(kind)?.params;
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  docOf(kind: string): SubscriptionDoc | undefined {
    return this.byKind.get(kind)?.doc;
  }

  subscribe(kind: string, params: unknown[], subscriber: Subscriber, maxPerSubscriber: number): string {
    const entry = this.byKind.get(kind);
    if (entry === undefined) throw rpcError("METHOD_NOT_FOUND");
    // A subscribe that runs after its connection closed (a late call of a batch) would be filed
    // under a subscriber that dropSubscriber() already forgot: it would never be removed.
    if (!subscriber.alive) throw rpcError("UNAVAILABLE", RpcReason.CONNECTION_CLOSED);
    let ids = this.bySubscriber.get(subscriber);
    if (ids !== undefined && ids.size >= maxPerSubscriber) {
      throw rpcError("LIMIT_EXCEEDED", RpcReason.TOO_MANY_SUBSCRIPTIONS, { max: maxPerSubscriber });
    }
    if (ids === undefined) this.bySubscriber.set(subscriber, (ids = new Set()));
    const id = "0x" + randomBytes(16).toString("hex"); // unguessable: ids are not capabilities, but need not leak counts
    const key = entry.route === null ? null : entry.route.keyOf(...params);
    const sub: Subscription = { id, kind: entry, params, subscriber, key };
    entry.subs.set(id, sub);
    if (key !== null) {
      let filed = entry.byKey.get(key);
      if (filed === undefined) entry.byKey.set(key, (filed = new Map()));
      filed.set(id, sub);
    }
    this.byId.set(id, sub);
    ids.add(id);
    return id;
  }

  /** Only the subscriber that created a subscription can cancel it. */
  unsubscribe(id: string, subscriber: Subscriber): boolean {
    const sub = this.byId.get(id);
    if (sub === undefined || sub.subscriber !== subscriber) return false;
    this.remove(sub);
    return true;
  }

  dropSubscriber(subscriber: Subscriber): void {
    const ids = this.bySubscriber.get(subscriber);
    if (ids === undefined) return;
    for (const id of ids) {
      const sub = this.byId.get(id);
      if (sub !== undefined) this.remove(sub);
    }
    this.bySubscriber.delete(subscriber);
  }

  /** Live subscriptions, of one kind or of all. */
  count(kind?: keyof Events & string): number {
    return kind === undefined ? this.byId.size : (this.byKind.get(kind)?.subs.size ?? 0);
  }

  private remove(sub: Subscription): void {
    sub.kind.subs.delete(sub.id);
    if (sub.key !== null) {
      const filed = sub.kind.byKey.get(sub.key);
      filed?.delete(sub.id);
      if (filed !== undefined && filed.size === 0) sub.kind.byKey.delete(sub.key);
    }
    this.byId.delete(sub.id);
    const ids = this.bySubscriber.get(sub.subscriber);
    ids?.delete(sub.id);
    if (ids !== undefined && ids.size === 0) this.bySubscriber.delete(sub.subscriber);
  }
}
