// Group channels: membership from authenticated state, the channel's log (create, invite,
// remove, posts) as opaque envelopes, and the txs carrying a member's wrapped epoch keys.
import { p } from "../params.js";
import type { MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { specFor } from "../../chain/tx/registry.js";
import { StateNs } from "../../chain/tx/spec.js";
import type { ChainPos } from "../../chain/storage/keys.js";
import type { IndexEntry } from "../../chain/storage/index-store.js";
import { decodeChannelState, type ChannelState } from "../../chain/tx/kinds/channel-state.js";
import { bytesEqual } from "../../util/bytes.js";
import { hex } from "./format.js";
import { entriesJson, entryPage, pageParam, type PageArg } from "./msg.js";

// Index entries read per step while scanning a log for key wraps: bounds memory per step.
const SCAN_STEP = 256;

export class ChannelModule {
  static readonly namespace = "channel";
  static readonly methods: MethodTable<ChannelModule> = {
    get: [["channel", p.hash()]],
    messages: [["channel", p.hash()], ["page", pageParam]],
    keys: [["channel", p.hash()], ["member", p.address()]],
  };

  constructor(private readonly node: NodeView) {}

  /** Owner, current epoch, current members, and the height it was created at. */
  get(channel: Uint8Array): JsonObject {
    const c = this.load(channel);
    return { id: hex(channel), owner: formatAddress(c.owner), epoch: c.epoch, members: c.members.map(formatAddress), createdHeight: c.createdHeight };
  }

  /** The channel's log, oldest first: create, invite, remove and post txs. */
  messages(channel: Uint8Array, page: PageArg): Promise<JsonObject> {
    this.load(channel);
    return entryPage(this.node, "channelLog", channel, page);
  }

  /**
   * The log entries that wrap an epoch key to `member` (create, invite, remove), each with
   * `epoch`: the epoch whose key it wraps (an entry that starts the next epoch states none, so
   * the scan counts them). Scans the whole log: membership changes have no index of their own yet.
   */
  async keys(channel: Uint8Array, member: Uint8Array): Promise<JsonObject> {
    this.load(channel);
    const hits: Array<{ entry: IndexEntry; epoch: number }> = [];
    let epoch = 0;
    // Strictly after (0, 0): the genesis block holds no txs, so this is the start of the log.
    let after: ChainPos = { height: 0, index: 0 };
    for (;;) {
      const page = await this.node.chain.indexes.page("channelLog", channel, { limit: SCAN_STEP, after });
      if (page.entries.length === 0) break;
      const found = await this.node.chain.txs.getAll(page.entries.map((e) => e.txId));
      page.entries.forEach((e, i) => {
        const { tx } = found[i]!.stx;
        const c = specFor(tx).chatEntry(tx, e.txId);
        if (c?.type !== "channel") return;
        if (c.epoch === null) epoch++;
        if (c.wraps.some((w) => bytesEqual(w.member, member))) hits.push({ entry: e, epoch: c.epoch ?? epoch });
      });
      after = page.entries[page.entries.length - 1]!.pos;
      if (page.entries.length < SCAN_STEP) break;
    }
    const json = await entriesJson(this.node, hits.map((h) => h.entry));
    return { channel: hex(channel), member: formatAddress(member), keys: json.map((j, i) => ({ ...j, epoch: hits[i]!.epoch })) };
  }

  private load(channel: Uint8Array): ChannelState {
    const raw = this.node.chain.state.get(StateNs.channel, channel);
    const c = raw && decodeChannelState(raw);
    if (!c) throw rpcError("NOT_FOUND", "CHANNEL_NOT_FOUND", { channel: hex(channel) });
    return c;
  }
}
