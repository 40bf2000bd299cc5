// Feeds subscriptions from verified data: every verified header to `heads`; after headers that
// carry txs, the watched addresses' new inbox/sent entries to `messages` and watched tx ids
// proven final to `tx`; after any header that changed the state root, what changed in the
// watched assets and holdings to `assets` (asset-watch.ts; a block without txs can still pay out
// an action). Runs are serialised and coalesced: a burst of headers costs one run.
import type { ChainPos } from "../chain/storage/keys.js";
import { txNotification } from "../chain/execution/notify.js";
import { headerJson, hex } from "../rpc/modules/format.js";
import type { NodeEvents } from "../rpc/modules/events.js";
import type { SubscriptionHub } from "../rpc/subscriptions.js";
import type { Logger } from "../util/logger.js";
import { toHex } from "../util/bytes.js";
import { entryJson } from "./entry-json.js";
import type { HeaderChain } from "./header-chain.js";
import { LAST_INDEX, comparePos } from "./index-page.js";
import { LIGHT_LIMITS, type MessageIndexKind } from "../network/light-protocol.js";
import type { LightQueries } from "./queries.js";
import type { RelayedTxs } from "./relayed.js";
import type { TrackedHub } from "./subscriptions.js";
import type { TrustedHead } from "./verify-header.js";
import type { VerifiedTx } from "./verify-proof.js";
import { AssetWatch } from "./asset-watch.js";

// Pages read per address and index in one run; a backlog beyond this continues next run.
const MAX_PAGES_PER_RUN = 5;

export class SubscriptionFeed {
  private readonly cursors = new Map<string, Record<MessageIndexKind, ChainPos>>();
  private readonly announced = new Set<string>();
  private readonly assets: AssetWatch;
  private running = false;
  private again = false;
  private stopped = false;
  /** Headers with txs arrived since the last message/tx pass. */
  private messagesDue = false;

  constructor(
    private readonly chain: HeaderChain,
    private readonly tracked: TrackedHub,
    private readonly queries: LightQueries,
    private readonly relayed: RelayedTxs,
    private readonly log: Logger,
    assetWatches: { set(n: number): void } = { set: () => undefined },
  ) {
    this.assets = new AssetWatch(tracked.hub, queries, assetWatches);
  }

  private get hub(): SubscriptionHub<NodeEvents> {
    return this.tracked.hub;
  }

  start(): void {
    this.tracked.onTargetAdded((kind, target) => {
      // An asset target's baseline is read now, so a change in the next block is not taken for it.
      if (kind === "assets") this.trigger();
      if (kind !== "messages") return;
      // A new subscriber gets what arrives after now, as on a full node.
      const at = { height: this.chain.head.height, index: LAST_INDEX };
      this.cursors.set(toHex(target), { inbox: at, sent: at });
    });
    this.chain.onHeaders((added) => this.onHeaders(added));
  }

  stop(): void {
    this.stopped = true;
  }

  private onHeaders(added: readonly TrustedHead[]): void {
    if (this.hub.count("heads") > 0) for (const h of added) this.hub.publish("heads", headerJson(h.header, h.hash));
    const watching = this.tracked.watched("messages").length > 0 || this.tracked.watched("tx").length > 0;
    if (watching && added.some((h) => h.header.txCount > 0)) {
      this.messagesDue = true;
      this.trigger();
    }
    if (this.tracked.watched("assets").length > 0) this.trigger();
  }

  private trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run()
      .catch((e: unknown) => this.log.debug({ err: e instanceof Error ? e.message : String(e) }, "subscription feed run failed; retried after the next header"))
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          this.trigger();
        }
      });
  }

  private async run(): Promise<void> {
    if (this.messagesDue) {
      this.messagesDue = false;
      try {
        await this.runMessages();
      } catch (e) {
        this.messagesDue = true;
        throw e;
      }
    }
    await this.assets.run(this.tracked.watched("assets"), this.chain.head.header);
  }

  private async runMessages(): Promise<void> {
    for (const address of this.tracked.watched("messages")) await this.feedAddress(address);
    for (const key of this.cursors.keys()) if (!this.tracked.watched("messages").some((a) => toHex(a) === key)) this.cursors.delete(key);
    for (const id of this.tracked.watched("tx")) {
      const key = toHex(id);
      if (this.announced.has(key)) continue;
      const v = await this.queries.tx(id);
      if (!v) continue;
      this.announced.add(key);
      this.relayed.forget(id);
      this.hub.publish("tx", { id, status: v.failed ? "failed" : "final", height: v.height, index: v.index });
    }
  }

  private async feedAddress(address: Uint8Array): Promise<void> {
    const key = toHex(address);
    const cursor = this.cursors.get(key);
    if (!cursor) return;
    const found = new Map<string, VerifiedTx>();
    // Cursors move only after publishing: a failed read is retried from the same place.
    const next = { ...cursor };
    for (const index of ["inbox", "sent"] as const) {
      let after = cursor[index];
      for (let i = 0; i < MAX_PAGES_PER_RUN; i++) {
        const page = await this.queries.page({ index, address, limit: LIGHT_LIMITS.maxPage, before: null, after });
        for (const e of page.entries) found.set(toHex(e.id), e);
        const last = page.entries[page.entries.length - 1];
        if (page.entries.length < LIGHT_LIMITS.maxPage) {
          after = { height: page.maxHeight, index: LAST_INDEX };
          break;
        }
        if (last) after = { height: last.height, index: last.index };
      }
      next[index] = after;
    }
    const entries = [...found.values()].sort(comparePos);
    for (const e of entries) {
      const header = await this.chain.header(e.height);
      // Routed as a full node routes it (the tx kind's parties); null: nobody is notified.
      const m = txNotification(e.stx, e.id);
      if (m) this.hub.publish("messages", { ...m, json: () => entryJson(e, header?.time ?? 0) });
    }
    this.cursors.set(key, next);
    if (entries.length > 0) this.log.debug({ address: hex(address), entries: entries.length }, "published verified messages");
  }
}
