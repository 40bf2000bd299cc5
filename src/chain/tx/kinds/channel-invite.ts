// channel.invite: the owner adds members, wrapping the current epoch's key to each.
import { bytesEqual } from "../../../util/bytes.js";
import { hexJson } from "../../../util/json.js";
import { readBytes, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, StateNs, type TxKindSpec } from "../spec.js";
import { decodeWrapped, encodeChannelState, encodeWrapped, isMember, type WrappedKey } from "./channel-state.js";
import { checkMemberList, loadChannel, wrappedJson, wrappedMembers } from "./channel-common.js";

export interface ChannelInviteBody {
  channel: Uint8Array; // 32-byte channel id
  epoch: number; // must be the channel's current epoch
  members: WrappedKey[]; // new members, each with the current epoch key
}

export const channelInviteKind: TxKindSpec<"channelInvite"> = {
  name: "channelInvite",
  label: "channel.invite",
  encodeBody: (b) => [b.channel, b.epoch, encodeWrapped(b.members)],
  decodeBody(f) {
    if (f.length !== 3) return "channel.invite has 3 fields";
    const channel = readBytes(f[0], 32);
    const epoch = readUint(f[1]);
    const members = decodeWrapped(f[2]);
    if (!channel) return "channel must be 32 bytes";
    if (epoch === undefined) return "epoch must be a non-negative integer";
    if (typeof members === "string") return members;
    return { channel, epoch, members };
  },
  checkStateless: (tx, params) => checkMemberList(tx.body.members, params, false),
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const ch = loadChannel(ctx, tx.body.channel);
    if (!("epoch" in ch)) return ch;
    // [REJECT] only the owner changes membership.
    if (!bytesEqual(ch.owner, tx.from)) return txError({ code: "NOT_CHANNEL_OWNER" });
    // [REJECT] the wrapped keys must be of the current epoch, or new members get a stale key.
    if (tx.body.epoch !== ch.epoch) return txError({ code: "WRONG_EPOCH", expected: ch.epoch, got: tx.body.epoch });
    if (tx.body.members.some((m) => isMember(ch, m.member))) return txError({ code: "BAD_MEMBERS", reason: "already a member" });
    if (ch.members.length + tx.body.members.length > ctx.params.maxChannelMembers)
      return txError({ code: "BAD_MEMBERS", reason: `more than ${ctx.params.maxChannelMembers} members` });
    ctx.set(StateNs.channel, tx.body.channel, encodeChannelState({ ...ch, members: [...ch.members, ...wrappedMembers(tx.body.members)] }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => out.row("channelLog", tx.body.channel),
  parties: (tx) => ({ parties: [tx.from, ...wrappedMembers(tx.body.members)], channel: tx.body.channel }),
  bodyJson: (tx) => ({ channel: hexJson(tx.body.channel), epoch: tx.body.epoch, members: wrappedJson(tx.body.members) }),
  chatEntry: (tx) => ({
    type: "channel", action: "invite", channel: tx.body.channel, epoch: tx.body.epoch, members: wrappedMembers(tx.body.members), wraps: tx.body.members, sealed: null,
  }),
};
