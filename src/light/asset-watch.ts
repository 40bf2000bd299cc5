// subscribe_assets on a light node (docs/LIGHT.md 4). It has no block bodies, so it cannot see
// each asset tx or action move as a full node does; what it can prove is state. For each watched
// target (an asset id or an address: both are 32 bytes, so both are read) it reads, under one
// verified header, the asset record at that id and the address's holdings, with the chain's own
// readers (as asset_get and asset_balances do), and after every verified header whose state root
// differs from the last read's, reads again and notifies what changed. So a subscriber learns
// each change of a holding or of an asset's record, proven, at the height it was read; changes in
// blocks between two reads arrive as one, and a move that leaves a holding as it was is not seen.
import { formatAddress } from "../chain/address.js";
import { assetJson, holdingJson } from "../chain/assets/json.js";
import type { AssetRecord, Holding } from "../chain/assets/records.js";
import { readAsset, readHoldings } from "../chain/assets/reads.js";
import type { BlockHeader } from "../chain/block/types.js";
import type { NodeEvents } from "../rpc/modules/events.js";
import type { JsonObject } from "../rpc/json.js";
import type { SubscriptionHub } from "../rpc/subscriptions.js";
import { bytesEqual, toHex } from "../util/bytes.js";
import { amountJson, hexJson } from "../util/json.js";
import type { LightQueries } from "./queries.js";
import { provenRead } from "./state-read.js";

/**
 * Holdings of a watched address that are followed: the first page asset_balances gives a light
 * node (each costs up to three proven entries; 50 keep one read within light-state's key limit).
 */
export const MAX_WATCHED_HOLDINGS = 50;

interface HeldAsset {
  id: Uint8Array;
  record: AssetRecord;
  holding: Holding;
}

interface Snapshot {
  height: number;
  stateRoot: Uint8Array;
  /** assetJson of the record at the target's id, as text; null: no asset has that id. */
  asset: string | null;
  holdings: Map<string, HeldAsset>;
}

export class AssetWatch {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly hub: SubscriptionHub<NodeEvents>,
    private readonly queries: LightQueries,
    /** Targets with a proven first read (the parley_light_asset_watches gauge). */
    private readonly followed: { set(n: number): void },
  ) {}

  /**
   * Reads each target again unless the verified head's state root is the one it was last read
   * at; the first read of a target is its baseline and notifies nothing, as a full node sends
   * only what happens after the subscription. Targets no longer watched are forgotten.
   */
  async run(targets: readonly Uint8Array[], head: BlockHeader): Promise<void> {
    const keys = new Set(targets.map(toHex));
    for (const k of this.snapshots.keys()) if (!keys.has(k)) this.snapshots.delete(k);
    for (const target of targets) {
      const before = this.snapshots.get(toHex(target));
      if (before && bytesEqual(before.stateRoot, head.stateRoot)) continue;
      const now = await this.read(target);
      // A peer may answer from a later header, never an earlier one (minHeight); keep the newest.
      if (before && now.height <= before.height) continue;
      this.snapshots.set(toHex(target), now);
      if (before) this.publishChanges(target, before, now);
    }
    this.followed.set(this.snapshots.size);
  }

  private async read(target: Uint8Array): Promise<Snapshot> {
    const r = await provenRead((keys) => this.queries.stateEntries(keys), (get) => ({
      asset: readAsset(get, target),
      ...readHoldings(get, target, 0, MAX_WATCHED_HOLDINGS),
    }));
    const header = r.header;
    return {
      height: header.height, stateRoot: header.stateRoot,
      asset: r.value.asset ? JSON.stringify(assetJson(target, r.value.asset)) : null,
      holdings: new Map(r.value.holdings.map((h) => [toHex(h.id), h])),
    };
  }

  private publishChanges(target: Uint8Array, before: Snapshot, now: Snapshot): void {
    // Where the values stand (assetJson's own `height` is the asset's creation height).
    const at = { proven: { height: now.height, stateRoot: hexJson(now.stateRoot) } };
    // Routed by the watched target alone (the event's assetId slot holds it): a light node's
    // notification is about that target's proven state, not a tx that other targets share.
    const send = (json: JsonObject) => this.hub.publish("assets", { assetId: target, parties: [], json: () => json });
    if (now.asset !== null && now.asset !== before.asset) send({ type: "assetChange", ...(JSON.parse(now.asset) as JsonObject), ...at });
    for (const [k, h] of now.holdings) {
      const was = before.holdings.get(k)?.holding;
      if (was && was.balance === h.holding.balance && was.frozen === h.holding.frozen) continue;
      send({
        type: "holdingChange", address: formatAddress(target), ...holdingJson(h.id, h.record, h.holding),
        previous: amountJson(was?.balance ?? 0n), previousFrozen: was?.frozen ?? false, ...at,
      });
    }
  }
}
