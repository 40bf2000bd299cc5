// redPacket: a sender locks `total` for `shares` claims in a channel or a direct chat; each
// member claims once (equal or random split, seeded by the parent block's hash), and at expiry
// the block hook returns the rest to the sender (docs/ACTIONS.md 2.4). Ops: send, claim.
// A packet shows in its conversation (an action chat entry).
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../../util/json.js";
import { readBigUint, readBytes, readUint } from "../../codec.js";
import { replyTargetJson } from "../../actions/condition-json.js";
import { encodeDeadline } from "../../actions/record-codec.js";
import { claimRedPacket, createRedPacket, SplitTag, type RedPacketInput } from "../../actions/red-packet.js";
import { noActionEvents, type TxKindSpec } from "../spec.js";
import { isMember } from "./channel-state.js";
import {
  actionCtx, nativeSpend, readTrailingAsset, withAsset, applyCreate, applyUpdate, checkChannelOffer, conversationParties, conversationRows, DRY_RUN_CTX, dryRunRefusal,
  IMPLICIT_UNITS, loadKind, readBodyDeadline, readOp, readTarget, targetBytes, unitsFee,
} from "./action-common.js";
import { loadChannel } from "./channel-common.js";

export const RedPacketOp = { send: 0, claim: 1 } as const;

export type RedPacketBody =
  /** The packet's input, the sender being the tx's. Wire [0, total, shares, split 0 equal | 1 random, audienceKind 0 direct | 1 channel, target(32), expiryClock, expiryAt] plus asset(32) when not native. */
  | ({ op: "send" } & Omit<RedPacketInput, "sender">)
  /** Wire [1, id]. */
  | { op: "claim"; id: Uint8Array };

function decodeRedPacket(f: unknown[]): RedPacketBody | string {
  const op = readOp(f[0], RedPacketOp);
  if (op === "send") {
    const tail = readTrailingAsset(f, 8, "red packet send");
    if (typeof tail === "string") return tail;
    const total = readBigUint(f[1]);
    const shares = readUint(f[2]);
    const split = readOp(f[3], SplitTag);
    const audience = readTarget(f[4], f[5]);
    const expiry = readBodyDeadline(f[6], f[7], "expiry");
    if (total === undefined) return "total must be a u64";
    if (shares === undefined) return "shares must be a non-negative integer";
    if (!split) return "split must be 0 (equal) or 1 (random)";
    if (!audience) return "audience must be kind 0 (direct) or 1 (channel) and 32 bytes";
    if (typeof expiry === "string") return expiry;
    return tail.asset ? { op, total, shares, split, audience, expiry, asset: tail.asset } : { op, total, shares, split, audience, expiry };
  }
  if (op === "claim") {
    if (f.length !== 2) return "red packet claim has 2 fields";
    const id = readBytes(f[1], 32);
    return id ? { op, id } : "id must be 32 bytes";
  }
  return "op must be 0 (send) or 1 (claim)";
}

export const redPacketKind: TxKindSpec<"redPacket"> = {
  name: "redPacket",
  label: "redpacket",
  encodeBody(b) {
    if (b.op === "send") return withAsset([RedPacketOp.send, b.total, b.shares, SplitTag[b.split], b.audience.kind === "direct" ? 0 : 1, targetBytes(b.audience), ...encodeDeadline(b.expiry)], b.asset);
    return [RedPacketOp.claim, b.id];
  },
  decodeBody: decodeRedPacket,
  checkStateless(tx) {
    const b = tx.body;
    // [REJECT] total > 0, 1..256 shares, at least one unit per share, one share in a direct chat
    // (createRedPacket's stateless rules, with its codes).
    if (b.op === "send") return dryRunRefusal(createRedPacket({ sender: tx.from, ...b }, DRY_RUN_CTX));
    return null;
  },
  spend: (tx) => (tx.body.op === "send" ? nativeSpend(tx.body.asset, tx.body.total) : 0n),
  // The expiry is a wake; each claim is a tx paying its own fee.
  extraFee: (tx) => (tx.body.op === "send" ? unitsFee(IMPLICIT_UNITS.redPacket) : 0n),
  apply(tx, ctx) {
    const b = tx.body;
    const actx = actionCtx(ctx);
    if (b.op === "send") {
      const notMember = checkChannelOffer(ctx, tx.from, b.audience);
      if (notMember) return notMember;
      return applyCreate(ctx, tx.from, createRedPacket({ sender: tx.from, ...b }, actx));
    }
    const record = loadKind(ctx, b.id, "redPacket");
    if (!("kind" in record)) return record;
    // Membership is read now: a member removed since the packet was sent cannot claim.
    let channelMember = false;
    if (record.audience.kind === "channel") {
      const ch = loadChannel(ctx, record.audience.channel);
      channelMember = "epoch" in ch && isMember(ch, tx.from);
    }
    // [FAIL] eligible (member or the direct recipient), once, before expiry, while open.
    const out = claimRedPacket(record, { packetId: b.id, claimer: tx.from, channelMember, seed: ctx.parentHash }, actx);
    return applyUpdate(ctx, tx.from, b.id, record, out);
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    if (tx.body.op === "send") conversationRows(tx.from, tx.body.audience, out);
  },
  parties: (tx) => (tx.body.op === "send" ? conversationParties(tx.from, tx.body.audience) : null),
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "send") return { op: b.op, total: amountJson(b.total), asset: hexOrNull(b.asset ?? null), shares: b.shares, split: b.split, audience: replyTargetJson(b.audience), expiry: { clock: b.expiry.clock, at: b.expiry.at } };
    return { op: b.op, id: hexJson(b.id) };
  },
  chatEntry(tx, id) {
    const b = tx.body;
    if (b.op !== "send") return null;
    const to = b.audience.kind === "direct" ? b.audience.to : null;
    const channel = b.audience.kind === "channel" ? b.audience.channel : null;
    return { type: "action", action: "redPacket", id, to, channel, amount: b.total, asset: b.asset ?? null, shares: b.shares };
  },
};
