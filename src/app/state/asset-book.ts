// What the app knows of each asset it shows (symbol, decimals, issuer), so that an amount in an
// asset always reads in its unit with its issuer (issue 14: symbols are not unique). An asset the
// wallet holds is known from the holdings; any other (one sent away entirely, a licence priced in
// it) is asked of the node once (asset_get) and kept for the session. `version` changes when an
// answer arrives, so screens showing amounts redraw.
import type { ChatClient } from "../../client/chat.js";
import { Store } from "../lib/store.js";

/** What naming an asset and showing an amount in it need. `issuer` null: not known (shown as "?"). */
export interface AssetInfo {
  symbol: string;
  decimals: number;
  issuer: string | null;
}

export class AssetBook {
  readonly version = new Store(0);
  private readonly asked = new Map<string, AssetInfo | null>();

  constructor(private readonly chat: ChatClient, private readonly held: () => ReadonlyArray<AssetInfo & { assetId: string }>) {}

  /** The asset's facts; undefined until the node answered (or when it does not know the asset). */
  of(assetId: string): AssetInfo | undefined {
    const id = assetId.toLowerCase();
    const h = this.held().find((a) => a.assetId.toLowerCase() === id);
    if (h) return { symbol: h.symbol, decimals: h.decimals, issuer: h.issuer };
    if (!this.asked.has(id)) {
      this.asked.set(id, null);
      // A light node or an unknown id answers with an error: the amount then shows in base units with the id.
      this.chat.client.rpc.call<AssetInfo>("asset_get", [id]).then((a) => {
        this.asked.set(id, { symbol: a.symbol, decimals: a.decimals, issuer: a.issuer });
        this.version.update((v) => v + 1);
      }, () => undefined);
    }
    return this.asked.get(id) ?? undefined;
  }
}
