// channel.create: a new group channel whose id is this tx's id; the creator owns it and must be
// a member; every member gets the epoch-0 key wrapped to it.
import { bytesEqual } from "../../../util/bytes.js";
import { hexJson } from "../../../util/json.js";
import { readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, StateNs, type TxKindSpec } from "../spec.js";
import { decodeWrapped, encodeChannelState, encodeWrapped, type ChannelState, type WrappedKey } from "./channel-state.js";
import { checkEnvelope, checkMemberList, wrappedJson, wrappedMembers } from "./channel-common.js";

export interface ChannelCreateBody {
  /** Channel metadata (name, ...) encrypted with the epoch-0 channel key. */
  meta: Uint8Array;
  /** Every member including the creator, each with the epoch-0 key wrapped to them. */
  members: WrappedKey[];
}

export const channelCreateKind: TxKindSpec<"channelCreate"> = {
  name: "channelCreate",
  label: "channel.create",
  encodeBody: (b) => [b.meta, encodeWrapped(b.members)],
  decodeBody(f) {
    if (f.length !== 2) return "channel.create has 2 fields";
    const meta = readBytes(f[0]);
    const members = decodeWrapped(f[1]);
    if (!meta) return "meta must be bytes";
    if (typeof members === "string") return members;
    return { meta, members };
  },
  checkStateless(tx, params) {
    const bad = checkEnvelope(tx.body.meta.length, params) ?? checkMemberList(tx.body.members, params, false);
    if (bad) return bad;
    // [REJECT] the creator is a member, or it could not read its own channel.
    if (!tx.body.members.some((m) => bytesEqual(m.member, tx.from)))
      return txError({ code: "BAD_MEMBERS", reason: "creator must be a member" });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    // The channel id is the create tx's id: unique, and known to the client before it is final.
    if (ctx.get(StateNs.channel, ctx.txId)) return txError({ code: "CHANNEL_EXISTS" });
    const state: ChannelState = { owner: tx.from, epoch: 0, members: wrappedMembers(tx.body.members), createdHeight: ctx.height };
    ctx.set(StateNs.channel, ctx.txId, encodeChannelState(state));
    return null;
  },
  blockHooks: null,
  // The channel's log starts here, under the channel id (= this tx's id).
  actionEvents: noActionEvents,
  indexRows: (_tx, id, out) => out.row("channelLog", id),
  // Members learn of a channel they were added to through their address subscription.
  parties: (tx, id) => ({ parties: wrappedMembers(tx.body.members), channel: id }),
  bodyJson: (tx) => ({ meta: hexJson(tx.body.meta), members: wrappedJson(tx.body.members) }),
  chatEntry: (tx, id) => ({
    type: "channel", action: "create", channel: id, epoch: 0, members: wrappedMembers(tx.body.members), wraps: tx.body.members, sealed: tx.body.meta,
  }),
};
