// An action record as JSON (action_get, action_list, the `actions` subscription; docs/RPC.md),
// and who it concerns. Addresses in bech32m, ids 0x-hex, amounts decimal strings. Browser-safe.
import { formatAddress } from "../address.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../util/json.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { bytesEqual } from "../../util/bytes.js";
import { approversOf } from "./condition-rules.js";
import { conditionJson, replyTargetJson } from "./condition-json.js";
import { lockedOf, type ActionRecord } from "./records.js";
import type { Proposal } from "./shared-account.js";
import type { BountyRecord } from "./bounty.js";
import type { EscrowRecord } from "./escrow.js";
import type { Address, Deadline } from "./types.js";

const deadlineJson = (d: Deadline): JsonObject => ({ clock: d.clock, at: d.at });
const addr = (a: Address | null): string | null => a && formatAddress(a);

function proposalJson(p: Proposal): JsonObject {
  const action: JsonObject = p.action.type === "pay"
    ? { type: "pay", to: formatAddress(p.action.to), amount: amountJson(p.action.amount) }
    : { type: "change", members: p.action.members.map(formatAddress), threshold: p.action.threshold };
  return { id: p.id, proposer: formatAddress(p.proposer), action, approvals: p.approvals.map(formatAddress), expiry: deadlineJson(p.expiry) };
}

/** The record's own fields, by kind (the wire record, docs/ACTIONS.md 2, in JSON form). */
function fieldsJson(r: ActionRecord): JsonObject {
  switch (r.kind) {
    case "escrow":
      return {
        owner: formatAddress(r.owner), amount: amountJson(r.amount), releaseTo: formatAddress(r.releaseTo), refundTo: formatAddress(r.refundTo),
        release: conditionJson(r.release), refund: conditionJson(r.refund), createdHeight: r.createdHeight, approvals: r.approvals.map(formatAddress),
        observed: r.observed, ...escrowSettlementJson(r), settledHeight: r.settledHeight,
      };
    case "scheduledPayment":
      return {
        payer: formatAddress(r.payer), to: formatAddress(r.to), amount: amountJson(r.amount), clock: r.clock, start: r.start, interval: r.interval,
        runs: r.runs, done: r.done, failed: r.failed, createdHeight: r.createdHeight, status: r.status,
        next: r.status === "open" ? r.start + r.done * r.interval : null,
      };
    case "sharedAccount":
      return {
        members: r.members.map(formatAddress), threshold: r.threshold, balance: amountJson(r.balance), nextProposalId: r.nextProposalId,
        proposals: r.proposals.map(proposalJson), createdHeight: r.createdHeight, status: "open",
      };
    case "redPacket":
      return {
        sender: formatAddress(r.sender), total: amountJson(r.total), shares: r.shares, split: r.split, audience: replyTargetJson(r.audience),
        expiry: deadlineJson(r.expiry), createdHeight: r.createdHeight, claims: r.claims.map((c) => ({ claimer: formatAddress(c.claimer), amount: amountJson(c.amount) })),
        remaining: amountJson(r.remaining), status: r.status,
      };
    case "bounty":
      return {
        owner: formatAddress(r.owner), amount: amountJson(r.amount), target: replyTargetJson(r.target), answerer: addr(r.answerer),
        deadline: deadlineJson(r.deadline), createdHeight: r.createdHeight, ...bountySettlementJson(r), settledHeight: r.settledHeight,
      };
    case "rewardPool":
      return {
        organiser: formatAddress(r.organiser), channel: hexJson(r.channel), reward: amountJson(r.reward), capPerPeriod: r.capPerPeriod,
        periodBlocks: r.periodBlocks, balance: amountJson(r.balance), expiry: deadlineJson(r.expiry), createdHeight: r.createdHeight,
        paidPosts: r.paidPosts, status: r.status,
      };
  }
}

/** What a record's amounts are counted in (the RPC layer reads it from state): null id and issuer for the native token. */
export interface ActionUnit {
  assetId: Uint8Array | null;
  symbol: string;
  decimals: number;
  issuer: Address | null;
}

/** The top-level amount fields of each kind, shown formatted beside their base units. */
const AMOUNT_FIELDS: { [K in ActionRecord["kind"]]: readonly string[] } = {
  escrow: ["amount"], scheduledPayment: ["amount"], sharedAccount: ["balance"], redPacket: ["total", "remaining"], bounty: ["amount"], rewardPool: ["reward", "balance"],
};

function amountOf(r: ActionRecord, field: string): bigint {
  const v = (r as unknown as Record<string, unknown>)[field];
  return typeof v === "bigint" ? v : 0n;
}

/**
 * {id, kind, status, locked, asset, formatted, ...the record's fields}. Amounts stay exact base
 * units (decimal strings); `asset` says what they count ({assetId, symbol, decimals, issuer},
 * assetId and issuer null for the native token) and `formatted` shows `locked` and each
 * top-level amount as a decimal string with the symbol ("12.5 PTS").
 */
export function actionRecordJson(id: Uint8Array, r: ActionRecord, unit: ActionUnit): JsonObject {
  const show = (n: bigint) => formatDecimalAmount(n, { decimals: unit.decimals, symbol: unit.symbol || undefined });
  const formatted: JsonObject = { locked: show(lockedOf(r)) };
  for (const f of AMOUNT_FIELDS[r.kind]) formatted[f] = show(amountOf(r, f));
  const asset = { assetId: hexOrNull(unit.assetId), symbol: unit.symbol, decimals: unit.decimals, issuer: unit.issuer && formatAddress(unit.issuer) };
  return { id: hexJson(id), kind: r.kind, locked: amountJson(lockedOf(r)), asset, formatted, ...fieldsJson(r) };
}

/** Everyone an action concerns: who funded it, who it can pay, who can approve it. */
export function actionParties(r: ActionRecord): Address[] {
  const list: Address[] = [];
  const add = (a: Address | null) => {
    if (a && !list.some((x) => bytesEqual(x, a))) list.push(a);
  };
  switch (r.kind) {
    case "escrow":
      [r.owner, r.releaseTo, r.refundTo, ...approversOf(r.release), ...approversOf(r.refund)].forEach(add);
      break;
    case "scheduledPayment":
      [r.payer, r.to].forEach(add);
      break;
    case "sharedAccount":
      r.members.forEach(add);
      break;
    case "redPacket":
      add(r.sender);
      if (r.audience.kind === "direct") add(r.audience.to);
      r.claims.forEach((c) => add(c.claimer));
      break;
    case "bounty":
      [r.owner, r.answerer, r.paidTo].forEach(add);
      if (r.target.kind === "direct") add(r.target.to);
      break;
    case "rewardPool":
      add(r.organiser);
      break;
  }
  return list;
}

/** The channel an action lives in, if any (its subscription key besides the parties). */
export function actionChannel(r: ActionRecord): Uint8Array | null {
  if (r.kind === "redPacket" && r.audience.kind === "channel") return r.audience.channel;
  if (r.kind === "bounty" && r.target.kind === "channel") return r.target.channel;
  if (r.kind === "rewardPool") return r.channel;
  return null;
}

/**
 * How a bounty ended, as every view shows it: `paidTo` only when the answerer was paid; a
 * refund says why (`NO_ANSWER` by the deadline, or `ANSWERER_FROZEN`: the answer came but the
 * answerer was frozen in the asset, so the amount went back to the owner) and `answeredBy`.
 */
export function bountySettlementJson(r: BountyRecord): JsonObject {
  const returned = r.status === "returned";
  return {
    status: returned ? "refunded" : r.status,
    paidTo: r.status === "paid" ? addr(r.paidTo) : null,
    answeredBy: r.status === "paid" || returned ? addr(r.paidTo) : null,
    refundedTo: r.status === "refunded" || returned ? formatAddress(r.owner) : null,
    refundReason: returned ? "ANSWERER_FROZEN" : r.status === "refunded" ? "NO_ANSWER" : null,
  };
}

/**
 * How an escrow ended, as every view shows it: `status` open, released, refunded, or returned
 * (the side that held paid a payee frozen in the asset, so the amount went back to the owner);
 * `settledSide` which condition held, `paidTo` who was credited, and for a return `returnedFor`
 * (that payee) with `returnReason: "PAYEE_FROZEN"`.
 */
export function escrowSettlementJson(r: EscrowRecord): JsonObject {
  const side = r.status === "released" || r.status === "releaseReturned" ? "release" : r.status === "open" ? null : "refund";
  const payee = side === "release" ? r.releaseTo : r.refundTo;
  const returned = r.status === "releaseReturned" || r.status === "refundReturned";
  return {
    status: returned ? "returned" : r.status,
    settledSide: side,
    paidTo: side === null ? null : formatAddress(returned ? r.owner : payee),
    returnedFor: returned ? formatAddress(payee) : null,
    returnReason: returned ? "PAYEE_FROZEN" : null,
  };
}
