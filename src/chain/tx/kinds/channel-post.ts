// channel.post: a current member's message to the channel, sealed with the current epoch's key.
import { hexJson } from "../../../util/json.js";
import { readBytes, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, type TxKindSpec } from "../spec.js";
import { isMember } from "./channel-state.js";
import { checkEnvelope, loadChannel } from "./channel-common.js";

export interface ChannelPostBody {
  channel: Uint8Array;
  epoch: number;
  envelope: Uint8Array;
}

export const channelPostKind: TxKindSpec<"channelPost"> = {
  name: "channelPost",
  label: "channel.post",
  encodeBody: (b) => [b.channel, b.epoch, b.envelope],
  decodeBody(f) {
    if (f.length !== 3) return "channel.post has 3 fields";
    const channel = readBytes(f[0], 32);
    const epoch = readUint(f[1]);
    const envelope = readBytes(f[2]);
    if (!channel) return "channel must be 32 bytes";
    if (epoch === undefined) return "epoch must be a non-negative integer";
    if (!envelope) return "envelope must be bytes";
    return { channel, epoch, envelope };
  },
  checkStateless(tx, params) {
    if (tx.body.envelope.length === 0) return txError({ code: "BAD_ENCODING", reason: "empty envelope" });
    return checkEnvelope(tx.body.envelope.length, params);
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const ch = loadChannel(ctx, tx.body.channel);
    if (!("epoch" in ch)) return ch;
    // [REJECT] only current members post; a removed member's post is refused.
    if (!isMember(ch, tx.from)) return txError({ code: "NOT_CHANNEL_MEMBER" });
    // [REJECT] posts use the current epoch key, so removed members cannot read them.
    if (tx.body.epoch !== ch.epoch) return txError({ code: "WRONG_EPOCH", expected: ch.epoch, got: tx.body.epoch });
    return null;
  },
  blockHooks: null,
  actionEvents: (tx, out) => out({ kind: "post", from: tx.from, channel: tx.body.channel }),
  indexRows: (tx, _id, out) => out.row("channelLog", tx.body.channel),
  parties: (tx) => ({ parties: [tx.from], channel: tx.body.channel }),
  bodyJson: (tx) => ({ channel: hexJson(tx.body.channel), epoch: tx.body.epoch, envelope: hexJson(tx.body.envelope) }),
  chatEntry: (tx) => ({ type: "channel", action: "post", channel: tx.body.channel, epoch: tx.body.epoch, members: [], wraps: [], sealed: tx.body.envelope }),
};
