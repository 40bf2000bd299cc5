// Group channels: membership from authenticated state, the channel's log (create, invite,
// remove, posts) as opaque envelopes, and the txs carrying a member's wrapped epoch keys.
import { s } from "../schema.js";
import { MESSAGE_PAGE, PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { StateNs } from "../../chain/tx/spec.js";
import type { ChainPos } from "../../chain/storage/keys.js";
import type { ChannelKeyRow } from "../../chain/storage/channel-key-store.js";
import { decodeChannelState, type ChannelState } from "../../chain/tx/kinds/channel-state.js";
import { hex } from "./format.js";
import { entriesJson, entryPage, pageParam, type PageArg } from "./msg.js";

// Key rows read per step. A member gets one row per membership change that wraps it a key;
// 64 steps (16,384 wraps) bound one call far above any channel's real history.
const KEY_STEP = 256;
const MAX_KEY_STEPS = 64;

export class ChannelModule {
  static readonly namespace = "channel";
  static readonly methods: MethodTable<ChannelModule> = {
    get: [["channel", p.hash()]],
    messages: [["channel", p.hash()], ["page", pageParam]],
    keys: [["channel", p.hash()], ["member", p.address()]],
  };
  static readonly docs: DocTable<ChannelModule> = {
    get: {
      summary: "A channel's owner, current epoch, members and creation height",
      result: s.object({ id: s.hash(), owner: s.address(), epoch: s.uint(), members: s.array(s.address()), createdHeight: s.uint() }, { required: ["id", "owner", "epoch", "members"] }),
      errors: ["NOT_FOUND"],
    },
    messages: { summary: "The channel's log, oldest first: create, invite, remove and post txs", result: MESSAGE_PAGE, errors: ["NOT_FOUND"] },
    keys: {
      summary: "The txs that wrap an epoch key to a member, each with the epoch it wraps",
      result: s.object({ channel: s.hash(), member: s.address(), keys: s.array({ allOf: [PLACED_TX, s.object({ epoch: s.uint() })] }) }, { required: ["channel", "member", "keys"] }),
      errors: ["NOT_FOUND"],
    },
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
   * The create/invite/remove txs that wrap an epoch key to `member`, each with `epoch`: the
   * epoch whose key it wraps. Read from the member's own rows (storage/channel-key-store.ts),
   * so the work is the member's key wraps, never the whole channel log.
   */
  async keys(channel: Uint8Array, member: Uint8Array): Promise<JsonObject> {
    this.load(channel);
    const rows: ChannelKeyRow[] = [];
    let after: ChainPos | undefined;
    for (let step = 0; ; step++) {
      // Said, not truncated: a client missing an epoch key would silently fail to decrypt.
      if (step === MAX_KEY_STEPS) throw rpcError("LIMIT_EXCEEDED", "TOO_MANY_KEYS", { max: KEY_STEP * MAX_KEY_STEPS });
      const got = await this.node.chain.channelKeys.rows(channel, member, after ? { limit: KEY_STEP, after } : { limit: KEY_STEP });
      rows.push(...got);
      if (got.length < KEY_STEP) break;
      after = got[got.length - 1]!.pos;
    }
    const json = await entriesJson(this.node, rows.map((r) => ({ pos: r.pos, txId: r.txId })));
    return { channel: hex(channel), member: formatAddress(member), keys: json.map((j, i) => ({ ...j, epoch: rows[i]!.epoch })) };
  }

  private load(channel: Uint8Array): ChannelState {
    const raw = this.node.chain.state.get(StateNs.channel, channel);
    const c = raw && decodeChannelState(raw);
    if (!c) throw rpcError("NOT_FOUND", "CHANNEL_NOT_FOUND", { channel: hex(channel) });
    return c;
  }
}
