// sharedAccount: an M-of-N team wallet held as an action (docs/ACTIONS.md 2.3). Ops: create
// (members, threshold, optional deposit), propose (a member: a payment or a change of members),
// approve (a member, once; the threshold's approval executes it in that tx), deposit (anyone),
// execute (a member: an approved payment that waited for funds).
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../../util/json.js";
import { toHex } from "../../../util/bytes.js";
import type { AssetRef } from "../../assets/records.js";
import { readArray, readBigUint, readBytes, readUint } from "../../codec.js";
import { checkPositiveAmount } from "../../actions/amounts.js";
import { encodeDeadline } from "../../actions/record-codec.js";
import {
  approveShared, createSharedAccount, decodeProposalAction, depositShared, executeShared, proposeShared, ProposalActionTag,
  type ProposalAction,
} from "../../actions/shared-account.js";
import type { Deadline } from "../../actions/types.js";
import { actionTxError, txError } from "../errors.js";
import { noActionEvents, noParties, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import {
  actionCtx, actionPartyRows, applyCreate, applyUpdate, DRY_RUN_CTX, dryRunRefusal, loadKind, nativeSpend, readBodyDeadline, readOp, readTrailingAsset,
  sameAsset, withAsset,
} from "./action-common.js";

export const SharedOp = { create: 0, propose: 1, approve: 2, deposit: 3, execute: 4 } as const;

export type SharedAccountBody =
  /** Wire [0, [member, ...] ascending, threshold, deposit] plus asset(32) when not native: the account's asset for good. */
  | { op: "create"; members: Address[]; threshold: number; deposit: bigint; asset?: AssetRef }
  /** Wire [1, id, action, expiryClock, expiryAt]; action [0, to, amount] or [1, [member, ...], threshold]. */
  | { op: "propose"; id: Uint8Array; action: ProposalAction; expiry: Deadline }
  /** Wire [2, id, proposalId]. */
  | { op: "approve"; id: Uint8Array; proposalId: number }
  /** Wire [3, id, amount] plus asset(32) when the account holds an asset: the depositor states what it pays. */
  | { op: "deposit"; id: Uint8Array; amount: bigint; asset?: AssetRef }
  /** Wire [4, id, proposalId]. */
  | { op: "execute"; id: Uint8Array; proposalId: number };

function readAddresses(v: unknown): Address[] | undefined {
  const list = readArray(v);
  if (!list) return undefined;
  const out: Address[] = [];
  for (const item of list) {
    const a = readBytes(item, 32);
    if (!a) return undefined;
    out.push(a);
  }
  return out;
}

function decodeShared(f: unknown[]): SharedAccountBody | string {
  const op = readOp(f[0], SharedOp);
  const id = readBytes(f[1], 32);
  if (op === "create") {
    const tail = readTrailingAsset(f, 4, "shared create");
    if (typeof tail === "string") return tail;
    const members = readAddresses(f[1]);
    const threshold = readUint(f[2]);
    const deposit = readBigUint(f[3]);
    if (!members) return "members must be a list of 32-byte addresses";
    if (threshold === undefined) return "threshold must be a non-negative integer";
    if (deposit === undefined) return "deposit must be a u64";
    return tail.asset ? { op, members, threshold, deposit, asset: tail.asset } : { op, members, threshold, deposit };
  }
  if (op === undefined) return "op must be 0 (create), 1 (propose), 2 (approve), 3 (deposit) or 4 (execute)";
  if (!id) return "id must be 32 bytes";
  if (op === "propose") {
    if (f.length !== 5) return "shared propose has 5 fields";
    const action = decodeProposalAction(f[2]);
    const expiry = readBodyDeadline(f[3], f[4], "expiry");
    if (typeof action === "string") return action;
    if (typeof expiry === "string") return expiry;
    return { op, id, action, expiry };
  }
  if (op === "deposit") {
    const tail = readTrailingAsset(f, 3, "shared deposit");
    if (typeof tail === "string") return tail;
    const amount = readBigUint(f[2]);
    if (amount === undefined) return "amount must be a u64";
    return tail.asset ? { op, id, amount, asset: tail.asset } : { op, id, amount };
  }
  if (f.length !== 3) return `shared ${op} has 3 fields`;
  const proposalId = readUint(f[2]);
  return proposalId === undefined ? "proposalId must be a non-negative integer" : { op, id, proposalId };
}

function encodeAction(a: ProposalAction): unknown[] {
  return a.type === "pay" ? [ProposalActionTag.pay, a.to, a.amount] : [ProposalActionTag.change, a.members, a.threshold];
}

function actionJson(a: ProposalAction): JsonObject {
  return a.type === "pay"
    ? { type: "pay", to: formatAddress(a.to), amount: amountJson(a.amount) }
    : { type: "change", members: a.members.map(formatAddress), threshold: a.threshold };
}

export const sharedAccountKind: TxKindSpec<"sharedAccount"> = {
  name: "sharedAccount",
  label: "shared",
  encodeBody(b) {
    switch (b.op) {
      case "create":
        return withAsset([SharedOp.create, b.members, b.threshold, b.deposit], b.asset);
      case "propose":
        return [SharedOp.propose, b.id, encodeAction(b.action), ...encodeDeadline(b.expiry)];
      case "deposit":
        return withAsset([SharedOp.deposit, b.id, b.amount], b.asset);
      default:
        return [SharedOp[b.op], b.id, b.proposalId];
    }
  },
  decodeBody: decodeShared,
  checkStateless(tx) {
    const b = tx.body;
    // [REJECT] 1..32 ascending members, 1 <= threshold <= members, deposit a u64 (createSharedAccount).
    if (b.op === "create") return dryRunRefusal(createSharedAccount({ members: b.members, threshold: b.threshold, deposit: b.deposit }, DRY_RUN_CTX));
    // [REJECT] a deposit adds something.
    if (b.op === "deposit") {
      const bad = checkPositiveAmount(b.amount, "deposit");
      return bad && actionTxError(bad);
    }
    return null;
  },
  spend: (tx) => (tx.body.op === "create" ? nativeSpend(tx.body.asset, tx.body.deposit) : tx.body.op === "deposit" ? nativeSpend(tx.body.asset, tx.body.amount) : 0n),
  // Shared accounts never wake and watch nothing: every step is a tx paying its own fee.
  extraFee: () => 0n,
  apply(tx, ctx) {
    const b = tx.body;
    const actx = actionCtx(ctx);
    if (b.op === "create") return applyCreate(ctx, tx.from, createSharedAccount({ members: b.members, threshold: b.threshold, deposit: b.deposit, asset: b.asset ?? null }, actx));
    const record = loadKind(ctx, b.id, "sharedAccount");
    if (!("kind" in record)) return record;
    // [FAIL] a deposit names the account's own asset (none for the native token): what the sender
    // was shown it pays is what it pays.
    if (b.op === "deposit" && !sameAsset(b.asset ?? null, record.asset))
      return txError({ code: "ACTION_ASSET_MISMATCH", expected: record.asset ? toHex(record.asset) : "native", got: b.asset ? toHex(b.asset) : "native" });
    // [FAIL] members only propose, approve (once) and execute; proposals bounded and unexpired;
    // an execution never overdraws the shared balance (shared-account.ts has each rule).
    const out =
      b.op === "propose" ? proposeShared(record, { proposer: tx.from, action: b.action, expiry: b.expiry }, actx)
        : b.op === "approve" ? approveShared(record, { member: tx.from, proposalId: b.proposalId }, actx)
          : b.op === "execute" ? executeShared(record, { member: tx.from, proposalId: b.proposalId }, actx)
            : depositShared(record, b.amount);
    return applyUpdate(ctx, tx.from, b.id, record, out);
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    // The creation lists the first members; members a later change adds are not listed (an
    // index row names the tx it comes from, and only the creation's id is the action's).
    if (tx.body.op === "create") actionPartyRows(tx.from, tx.body.members, out);
  },
  parties: noParties,
  bodyJson(tx): JsonObject {
    const b = tx.body;
    switch (b.op) {
      case "create":
        return { op: b.op, members: b.members.map(formatAddress), threshold: b.threshold, deposit: amountJson(b.deposit), asset: hexOrNull(b.asset ?? null) };
      case "propose":
        return { op: b.op, id: hexJson(b.id), action: actionJson(b.action), expiry: { clock: b.expiry.clock, at: b.expiry.at } };
      case "deposit":
        return { op: b.op, id: hexJson(b.id), amount: amountJson(b.amount), asset: hexOrNull(b.asset ?? null) };
      default:
        return { op: b.op, id: hexJson(b.id), proposalId: b.proposalId };
    }
  },
  chatEntry: notChat,
};
