// Group channels: create, invite, remove (new epoch, key wrapped only to who remains), post.
// The owner (creator) manages membership; any current member may post in the current epoch.
import { readArray, readBytes, readUint } from "../../codec.js";
import { bytesEqual, toHex } from "../../../util/bytes.js";
import { txError, type TxError } from "../errors.js";
import { StateNs, type ExecContext, type TxKindSpec } from "../spec.js";
import type { ChainParams } from "../../params.js";
import {
  decodeChannelState, decodeWrapped, duplicateMember, encodeChannelState, encodeWrapped, isMember, type ChannelState,
} from "./channel-state.js";

function loadChannel(ctx: ExecContext, id: Uint8Array): ChannelState | TxError {
  const raw = ctx.get(StateNs.channel, id);
  const state = raw && decodeChannelState(raw);
  return state ?? txError({ code: "CHANNEL_NOT_FOUND" });
}

function checkEnvelope(size: number, params: ChainParams): TxError | null {
  if (size > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size, max: params.maxEnvelopeBytes });
  return null;
}

function checkMemberList(list: { member: Uint8Array }[], params: ChainParams, allowEmpty: boolean): TxError | null {
  if (!allowEmpty && list.length === 0) return txError({ code: "BAD_MEMBERS", reason: "no members" });
  if (list.length > params.maxChannelMembers) return txError({ code: "BAD_MEMBERS", reason: `more than ${params.maxChannelMembers} members` });
  const dup = duplicateMember(list);
  return dup ? txError({ code: "BAD_MEMBERS", reason: dup }) : null;
}

export const channelCreateKind: TxKindSpec<"channelCreate"> = {
  name: "channelCreate",
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
  apply(tx, ctx) {
    // The channel id is the create tx's id: unique, and known to the client before it is final.
    if (ctx.get(StateNs.channel, ctx.txId)) return txError({ code: "CHANNEL_EXISTS" });
    const state: ChannelState = { owner: tx.from, epoch: 0, members: tx.body.members.map((m) => m.member), createdHeight: ctx.height };
    ctx.set(StateNs.channel, ctx.txId, encodeChannelState(state));
    return null;
  },
};

export const channelInviteKind: TxKindSpec<"channelInvite"> = {
  name: "channelInvite",
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
    ctx.set(StateNs.channel, tx.body.channel, encodeChannelState({ ...ch, members: [...ch.members, ...tx.body.members.map((m) => m.member)] }));
    return null;
  },
};

export const channelRemoveKind: TxKindSpec<"channelRemove"> = {
  name: "channelRemove",
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
};

export const channelPostKind: TxKindSpec<"channelPost"> = {
  name: "channelPost",
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
  apply(tx, ctx) {
    const ch = loadChannel(ctx, tx.body.channel);
    if (!("epoch" in ch)) return ch;
    // [REJECT] only current members post; a removed member's post is refused.
    if (!isMember(ch, tx.from)) return txError({ code: "NOT_CHANNEL_MEMBER" });
    // [REJECT] posts use the current epoch key, so removed members cannot read them.
    if (tx.body.epoch !== ch.epoch) return txError({ code: "WRONG_EPOCH", expected: ch.epoch, got: tx.body.epoch });
    return null;
  },
};
