// channel.remove: the owner removes members and starts the next epoch, whose key is wrapped to
// exactly the members who remain, so a removed member cannot read what follows.
import { formatAddress } from "../../address.js";
import { bytesEqual, toHex } from "../../../util/bytes.js";
import { hexJson } from "../../../util/json.js";
import { readArray, readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, StateNs, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { decodeWrapped, encodeChannelState, encodeWrapped, isMember, type WrappedKey } from "./channel-state.js";
import { checkMemberList, loadChannel, wrappedJson } from "./channel-common.js";

export interface ChannelRemoveBody {
  channel: Uint8Array;
  removed: Address[];
  /** The next epoch's key wrapped to exactly the remaining members. */
  members: WrappedKey[];
}

export const channelRemoveKind: TxKindSpec<"channelRemove"> = {
  name: "channelRemove",
  label: "channel.remove",
  encodeBody: (b) => [b.channel, b.removed, encodeWrapped(b.members)],
  decodeBody(f) {
    if (f.length !== 3) return "channel.remove has 3 fields";
    const channel = readBytes(f[0], 32);
    const rawRemoved = readArray(f[1]);
    const members = decodeWrapped(f[2]);
    if (!channel) return "channel must be 32 bytes";
    if (!rawRemoved) return "removed must be an array";
    const removed: Uint8Array[] = [];
    for (const r of rawRemoved) {
      const a = readBytes(r, 32);
      if (!a) return "removed entries must be 32 bytes";
      removed.push(a);
    }
    if (typeof members === "string") return members;
    return { channel, removed, members };
  },
  checkStateless(tx, params) {
    if (tx.body.removed.length === 0) return txError({ code: "BAD_MEMBERS", reason: "nobody removed" });
    return checkMemberList(tx.body.members, params, true) ?? checkMemberList(tx.body.removed.map((member) => ({ member })), params, false);
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const ch = loadChannel(ctx, tx.body.channel);
    if (!("epoch" in ch)) return ch;
    // [REJECT] only the owner changes membership.
    if (!bytesEqual(ch.owner, tx.from)) return txError({ code: "NOT_CHANNEL_OWNER" });
    if (tx.body.removed.some((r) => !isMember(ch, r))) return txError({ code: "BAD_MEMBERS", reason: "removing a non-member" });
    // [REJECT] the owner cannot remove itself: the channel would be unmanageable.
    if (tx.body.removed.some((r) => bytesEqual(r, ch.owner))) return txError({ code: "BAD_MEMBERS", reason: "cannot remove the owner" });
    const removed = new Set(tx.body.removed.map(toHex));
    const remaining = ch.members.filter((m) => !removed.has(toHex(m)));
    // [REJECT] the new epoch key goes to exactly the remaining members: none left out, no removed member included.
    const wrappedTo = new Set(tx.body.members.map((m) => toHex(m.member)));
    if (wrappedTo.size !== remaining.length || remaining.some((m) => !wrappedTo.has(toHex(m))))
      return txError({ code: "BAD_MEMBERS", reason: "new epoch key must be wrapped to exactly the remaining members" });
    ctx.set(StateNs.channel, tx.body.channel, encodeChannelState({ ...ch, epoch: ch.epoch + 1, members: remaining }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => out.row("channelLog", tx.body.channel),
  // The removed hear of it through their address subscription: they no longer read the channel.
  parties: (tx) => ({ parties: [tx.from, ...tx.body.removed], channel: tx.body.channel }),
  bodyJson: (tx) => ({ channel: hexJson(tx.body.channel), removed: tx.body.removed.map(formatAddress), members: wrappedJson(tx.body.members) }),
  // epoch null: the remove starts the next epoch, which readers count along the log.
  chatEntry: (tx) => ({
    type: "channel", action: "remove", channel: tx.body.channel, epoch: null, members: tx.body.removed, wraps: tx.body.members, sealed: null,
  }),
};
