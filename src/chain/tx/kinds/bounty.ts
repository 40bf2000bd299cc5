// bounty: pay on reply. The sender locks an amount that the block hook pays to the first
// message at the target (a direct message to an address, or a post in a channel), from the
// named answerer or anyone but the owner, final after creation and before the deadline; an
// unanswered bounty returns at the deadline (docs/ACTIONS.md 2.5). One op: offer. There is no
// cancel: an owner who could cancel could take it back on seeing an answer coming.
import { formatAddress } from "../../address.js";
import { amountJson, hexOrNull } from "../../../util/json.js";
import { readBigUint } from "../../codec.js";
import type { ReplyTarget } from "../../actions/condition.js";
import { replyTargetJson } from "../../actions/condition-json.js";
import { createBounty, type BountyInput } from "../../actions/bounty.js";
import { encodeDeadline, readOptionalAddress } from "../../actions/record-codec.js";
import { bytesEqual } from "../../../util/bytes.js";
import { noActionEvents, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import {
  actionCtx, nativeSpend, readTrailingAsset, withAsset, applyCreate, checkChannelOffer, conversationParties, conversationRows, DRY_RUN_CTX, dryRunRefusal, IMPLICIT_UNITS,
  readBodyDeadline, readOp, readTarget, targetBytes, unitsFee,
} from "./action-common.js";

export const BountyOp = { offer: 0 } as const;

/**
 * The bounty's input, the owner being the sender (answerer null: anyone but the owner).
 * Wire [0, amount, targetKind 0 direct | 1 channel, target(32), answerer(32) | nil, deadlineClock, deadlineAt] plus asset(32) when not native.
 */
export type BountyBody = { op: "offer" } & Omit<BountyInput, "owner">;

/**
 * The conversation the offer shows in: the channel, or for a direct target the chat with the
 * answerer (else with the target, unless that is the owner: then it shows nowhere).
 */
export function bountyConversation(from: Address, b: BountyBody): ReplyTarget | null {
  if (b.target.kind === "channel") return b.target;
  const to = b.answerer ?? (bytesEqual(b.target.to, from) ? null : b.target.to);
  return to && { kind: "direct", to };
}

export const bountyKind: TxKindSpec<"bounty"> = {
  name: "bounty",
  label: "bounty",
  encodeBody: (b) => withAsset([BountyOp.offer, b.amount, b.target.kind === "direct" ? 0 : 1, targetBytes(b.target), b.answerer, ...encodeDeadline(b.deadline)], b.asset),
  decodeBody(f) {
    if (readOp(f[0], BountyOp) !== "offer") return "op must be 0 (offer)";
    const tail = readTrailingAsset(f, 7, "bounty offer");
    if (typeof tail === "string") return tail;
    const amount = readBigUint(f[1]);
    const target = readTarget(f[2], f[3]);
    const answerer = readOptionalAddress(f[4]);
    const deadline = readBodyDeadline(f[5], f[6], "deadline");
    if (amount === undefined) return "amount must be a u64";
    if (!target) return "target must be kind 0 (direct) or 1 (channel) and 32 bytes";
    if (answerer === undefined) return "answerer must be 32 bytes or nil";
    if (typeof deadline === "string") return deadline;
    const body = { op: "offer", amount, target, answerer, deadline } as const;
    return tail.asset ? { ...body, asset: tail.asset } : body;
  },
  // [REJECT] amount > 0, the answerer not the owner (createBounty's stateless rules, its codes).
  checkStateless: (tx) => dryRunRefusal(createBounty({ owner: tx.from, ...tx.body }, DRY_RUN_CTX)),
  spend: (tx) => nativeSpend(tx.body.asset, tx.body.amount),
  // A watched target and a deadline: a reply leaf and a before node's worth.
  extraFee: () => unitsFee(IMPLICIT_UNITS.bounty),
  apply(tx, ctx) {
    const notMember = checkChannelOffer(ctx, tx.from, tx.body.target);
    if (notMember) return notMember;
    // [FAIL] a deadline already past; a full watch list at the target (WATCHERS_FULL).
    return applyCreate(ctx, tx.from, createBounty({ owner: tx.from, ...tx.body }, actionCtx(ctx)));
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    const conv = bountyConversation(tx.from, tx.body);
    if (conv) conversationRows(tx.from, conv, out);
    else out.row("actions", tx.from);
    if (tx.body.answerer) out.row("actions", tx.body.answerer);
  },
  parties(tx) {
    const conv = bountyConversation(tx.from, tx.body);
    return conv && conversationParties(tx.from, conv);
  },
  bodyJson: (tx) => ({
    op: tx.body.op, amount: amountJson(tx.body.amount), asset: hexOrNull(tx.body.asset ?? null), target: replyTargetJson(tx.body.target),
    answerer: tx.body.answerer && formatAddress(tx.body.answerer), deadline: { clock: tx.body.deadline.clock, at: tx.body.deadline.at },
  }),
  chatEntry(tx, id) {
    const conv = bountyConversation(tx.from, tx.body);
    if (!conv) return null;
    return { type: "action", action: "bounty", id, to: conv.kind === "direct" ? conv.to : null, channel: conv.kind === "channel" ? conv.channel : null, amount: tx.body.amount, asset: tx.body.asset ?? null, shares: 1 };
  },
};
