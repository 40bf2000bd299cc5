// escrow: lock an amount under a release condition (pays releaseTo) and a refund condition
// (pays refundTo); a hash-time lock is release = and(hashPreimage(h), before(T)), refund =
// after(T). Ops: create, claim (reveal preimages for a side), approve (an approver named in an
// approvals node). What holds without a preimage settles by itself in the block hook
// (docs/ACTIONS.md 2.1). This kind's file also carries the one end-block hook of every action.
import { formatAddress } from "../../address.js";
import { amountJson, hexJson, hexOrNull, type JsonObject } from "../../../util/json.js";
import type { AssetRef } from "../../assets/records.js";
import { readArray, readBigUint, readBytes } from "../../codec.js";
import { checkPositiveAmount } from "../../actions/amounts.js";
import type { Condition } from "../../actions/condition.js";
import { decodeConditionValue, encodeConditionValue } from "../../actions/condition-codec.js";
import { conditionJson } from "../../actions/condition-json.js";
import { approversOf, conditionCost, validateCondition } from "../../actions/condition-rules.js";
import { approveEscrow, checkEscrowClaim, claimEscrow, createEscrow, EscrowSide, type EscrowSideName } from "../../actions/escrow.js";
import { actionTxError } from "../errors.js";
import { noActionEvents, noParties, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { actionCtx, actionPartyRows, applyCreate, applyUpdate, loadKind, nativeSpend, readOp, readTrailingAsset, withAsset } from "./action-common.js";
import { ACTIONS_BLOCK_HOOKS } from "./actions-hook.js";

export const EscrowOp = { create: 0, claim: 1, approve: 2 } as const;
export type EscrowOpName = keyof typeof EscrowOp;

export type EscrowBody =
  /** Locks `amount` from the sender; wire [0, releaseTo, refundTo, amount, release, refund] plus asset(32) when not native. */
  | { op: "create"; releaseTo: Address; refundTo: Address; amount: bigint; release: Condition; refund: Condition; asset?: AssetRef }
  /** Claims a side with up to 4 preimages; anyone may send it. Wire [1, id, side 0|1, [preimage, ...]]. */
  | { op: "claim"; id: Uint8Array; side: EscrowSideName; preimages: Uint8Array[] }
  /** Records the sender's approval; wire [2, id]. */
  | { op: "approve"; id: Uint8Array };

function decodeEscrow(f: unknown[]): EscrowBody | string {
  const op = readOp(f[0], EscrowOp);
  if (op === "create") {
    const tail = readTrailingAsset(f, 6, "escrow create");
    if (typeof tail === "string") return tail;
    const releaseTo = readBytes(f[1], 32);
    const refundTo = readBytes(f[2], 32);
    const amount = readBigUint(f[3]);
    const release = decodeConditionValue(f[4]);
    const refund = decodeConditionValue(f[5]);
    if (!releaseTo || !refundTo) return "releaseTo and refundTo must be 32 bytes";
    if (amount === undefined) return "amount must be a u64";
    if (typeof release === "string") return `release: ${release}`;
    if (typeof refund === "string") return `refund: ${refund}`;
    return tail.asset ? { op, releaseTo, refundTo, amount, release, refund, asset: tail.asset } : { op, releaseTo, refundTo, amount, release, refund };
  }
  if (op === "claim") {
    if (f.length !== 4) return "escrow claim has 4 fields";
    const id = readBytes(f[1], 32);
    const side = readOp(f[2], EscrowSide);
    const list = readArray(f[3]);
    if (!id) return "id must be 32 bytes";
    if (!side) return "side must be 0 (release) or 1 (refund)";
    if (!list) return "preimages must be a list of bytes";
    const preimages: Uint8Array[] = [];
    for (const p of list) {
      const bytes = readBytes(p);
      if (!bytes) return "each preimage is bytes";
      preimages.push(bytes);
    }
    return { op, id, side, preimages };
  }
  if (op === "approve") {
    if (f.length !== 2) return "escrow approve has 2 fields";
    const id = readBytes(f[1], 32);
    return id ? { op, id } : "id must be 32 bytes";
  }
  return "op must be 0 (create), 1 (claim) or 2 (approve)";
}

export const escrowKind: TxKindSpec<"escrow"> = {
  name: "escrow",
  label: "escrow",
  encodeBody(b) {
    if (b.op === "create") return withAsset([EscrowOp.create, b.releaseTo, b.refundTo, b.amount, encodeConditionValue(b.release), encodeConditionValue(b.refund)], b.asset);
    if (b.op === "claim") return [EscrowOp.claim, b.id, EscrowSide[b.side], b.preimages];
    return [EscrowOp.approve, b.id];
  },
  decodeBody: decodeEscrow,
  checkStateless(tx) {
    const b = tx.body;
    if (b.op === "create") {
      // [REJECT] an escrow locks something, a u64.
      const badAmount = checkPositiveAmount(b.amount, "amount");
      if (badAmount) return actionTxError(badAmount);
      // [REJECT] both conditions within the grammar's bounds and rules (docs/ACTIONS.md 1).
      const bad = validateCondition(b.release) ?? validateCondition(b.refund);
      return bad && actionTxError(bad);
    }
    // [REJECT] a claim reveals at most 4 preimages of at most 64 bytes.
    if (b.op === "claim") {
      const bad = checkEscrowClaim({ side: b.side, preimages: b.preimages });
      return bad && actionTxError(bad);
    }
    return null;
  },
  spend: (tx) => (tx.body.op === "create" ? nativeSpend(tx.body.asset, tx.body.amount) : 0n),
  // Both trees are stored and evaluated by every node: their cost (docs/ACTIONS.md 1 "Cost").
  extraFee: (tx) => (tx.body.op === "create" ? conditionCost(tx.body.release) + conditionCost(tx.body.refund) : 0n),
  apply(tx, ctx) {
    const b = tx.body;
    const actx = actionCtx(ctx);
    if (b.op === "create") {
      const input = { owner: tx.from, asset: b.asset ?? null, amount: b.amount, releaseTo: b.releaseTo, refundTo: b.refundTo, release: b.release, refund: b.refund };
      return applyCreate(ctx, tx.from, createEscrow(input, actx));
    }
    const record = loadKind(ctx, b.id, "escrow");
    if (!("kind" in record)) return record;
    // [FAIL] claim: the side's condition must hold now with these preimages; approve: only a
    // named approver, once; both only while open (escrow.ts has each rule).
    const out = b.op === "claim" ? claimEscrow(record, { side: b.side, preimages: b.preimages }, actx) : approveEscrow(record, tx.from, actx);
    return applyUpdate(ctx, tx.from, b.id, record, out);
  },
  blockHooks: ACTIONS_BLOCK_HOOKS,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    const b = tx.body;
    if (b.op !== "create") return;
    actionPartyRows(tx.from, [b.releaseTo, b.refundTo, ...approversOf(b.release), ...approversOf(b.refund)], out);
  },
  parties: noParties,
  bodyJson(tx): JsonObject {
    const b = tx.body;
    if (b.op === "create") {
      return { op: b.op, releaseTo: formatAddress(b.releaseTo), refundTo: formatAddress(b.refundTo), amount: amountJson(b.amount), asset: hexOrNull(b.asset ?? null), release: conditionJson(b.release), refund: conditionJson(b.refund) };
    }
    if (b.op === "claim") return { op: b.op, id: hexJson(b.id), side: b.side, preimages: b.preimages.map(hexJson) };
    return { op: b.op, id: hexJson(b.id) };
  },
  chatEntry: notChat,
};
