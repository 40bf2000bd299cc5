import { ParleyError, withoutStack } from "../../util/errors.js";
import type { ActionError, ActionErrorCode } from "../actions/errors.js";
import type { NameRuleCode } from "../names/rules.js";

/** Every reason a transaction can be refused, at admission or in a block. */
export type TxErrorType =
  | { code: "BAD_ENCODING"; reason: string }
  | { code: "NON_CANONICAL" }
  | { code: "UNKNOWN_KIND"; kind: number }
  | { code: "TOO_LARGE"; size: number; max: number }
  | { code: "WRONG_CHAIN"; expected: string; got: string }
  | { code: "WEAK_KEY" }
  | { code: "BAD_SIGNATURE" }
  | { code: "FEE_TOO_LOW"; min: bigint; got: bigint }
  | { code: "EXPIRED"; expiry: number; height: number }
  | { code: "EXPIRY_TOO_FAR"; expiry: number; max: number }
  | { code: "NONCE_TOO_LOW"; expected: number; got: number }
  | { code: "NONCE_GAP"; expected: number; got: number }
  | { code: "INSUFFICIENT_FUNDS"; balance: bigint; needed: bigint }
  | { code: "BALANCE_OVERFLOW"; balance: bigint; credit: bigint }
  | { code: "BAD_AMOUNT"; reason: string }
  | { code: "ENVELOPE_TOO_LARGE"; size: number; max: number }
  | { code: "CHANNEL_NOT_FOUND" }
  | { code: "CHANNEL_EXISTS" }
  | { code: "NOT_CHANNEL_MEMBER" }
  | { code: "NOT_CHANNEL_OWNER" }
  | { code: "WRONG_EPOCH"; expected: number; got: number }
  | { code: "BAD_MEMBERS"; reason: string }
  | { code: "ANCHOR_EXISTS"; height: number }
  | { code: "NOT_VALIDATOR" }
  | { code: "BAD_VOTE"; reason: string }
  | { code: "ALREADY_KNOWN" }
  | { code: "POOL_FULL"; reason: string }
  | { code: "FEE_BUMP_TOO_LOW"; min: bigint; got: bigint }
  | { code: "SENDER_LIMIT"; max: number }
  // devices (docs/PROTOCOL.md 3 "Devices")
  | { code: "BAD_DEVICE"; reason: string }
  | { code: "NOT_AN_IDENTITY" }
  | { code: "DEVICE_TAKEN"; owner: string }
  | { code: "TOO_MANY_DEVICES"; max: number }
  | { code: "UNKNOWN_DEVICE" }
  | { code: "NOT_DEVICE_OWNER" }
  | { code: "DEVICE_REVOKED"; height: number }
  // automatic actions (docs/ACTIONS.md): no action of the expected kind under this id
  | { code: "ACTION_NOT_FOUND"; id: string; expected: string }
  | { code: "ACTION_ASSET_MISMATCH"; expected: string; got: string }
  // MLS groups (docs/ENCRYPTION.md, "MLS groups"): one commit per (group, epoch)
  | { code: "BAD_MLS"; reason: string }
  | { code: "GROUP_NOT_FOUND" }
  | { code: "EPOCH_TAKEN"; epoch: number; current: number }
  | { code: "STALE_EPOCH"; epoch: number; current: number }
  | { code: "EPOCH_AHEAD"; epoch: number; current: number }
  | { code: "NOT_GROUP_MEMBER" }
  // an action refused the input: its own code, prefixed ACTION_ (ACTION_CONDITION_NOT_MET, ACTION_CLOSED)
  | { code: ActionTxCode<ActionErrorCode>; reason: string }
  // works and licences (docs/WORKS.md 5)
  | { code: "WORK_BAD_SHARES"; reason: string }
  | { code: "WORK_DUPLICATE_CREATOR"; index: number }
  | { code: "WORK_BAD_OFFER"; reason: string }
  | { code: "WORK_EXISTS" }
  | { code: "WORK_NOT_FOUND" }
  | { code: "WORK_NOT_OWNER" }
  | { code: "WORK_NOT_ANCHORED" }
  | { code: "WORK_ANCHORED_BY_OTHER" }
  | { code: "WORK_TOO_MANY_OFFERS"; max: number }
  | { code: "WORK_OFFER_NOT_FOUND"; offer: number }
  | { code: "WORK_OFFER_WITHDRAWN"; offer: number }
  | { code: "WORK_ASSET_MISMATCH" }
  | { code: "WORK_PRICE_MISMATCH"; price: bigint; got: bigint }
  // names (docs/NAMES.md 5): the rules on the name itself, then the lifecycle
  | { code: NameRuleCode; reason: string }
  | { code: "NAME_BAD_YEARS"; reason: string }
  | { code: "NAME_FEE_MISMATCH"; due: bigint; got: bigint }
  | { code: "NAME_TAKEN"; expiry: number }
  | { code: "NAME_IN_GRACE"; until: number }
  | { code: "NAME_NOT_FOUND"; reason?: string }
  | { code: "NAME_NOT_OWNER" }
  | { code: "NAME_SAME_OWNER" }
  | { code: "NAME_EXPIRED"; expiry: number }
  | { code: "NAME_TERM_TOO_LONG"; expiry: number; max: number }
  | { code: "NAME_LIMIT"; max: number }
  // assets and points (docs/ASSETS.md 5)
  | { code: "ASSET_BAD_CREATE"; reason: string }
  | { code: "ASSET_BAD_FLAGS"; flags: number }
  | { code: "ASSET_NOT_FOUND" }
  | { code: "ASSET_EXISTS" }
  | { code: "ASSET_NOT_ADMIN" }
  | { code: "ASSET_ISSUER_NOT_ALLOWED" }
  | { code: "ASSET_FLAG_NOT_ALLOWED"; flags: number }
  | { code: "ASSET_NOT_MINTABLE" }
  | { code: "ASSET_OVER_MAX_SUPPLY"; supply: bigint; max: bigint; mint: bigint }
  | { code: "ASSET_NOT_TRANSFERABLE" }
  | { code: "ASSET_FROZEN" }
  | { code: "ASSET_NOT_FREEZABLE" }
  | { code: "ASSET_ALREADY_FROZEN" }
  | { code: "ASSET_NOT_FROZEN" }
  | { code: "ASSET_NO_CLAWBACK" }
  | { code: "ASSET_INSUFFICIENT"; balance: bigint; needed: bigint };

/** An action error code as a tx error code: "ACTION_" in front, unless it starts so already. */
export type ActionTxCode<C extends string> = C extends `ACTION_${string}` ? C : `ACTION_${C}`;

export type TxErrorCode = TxErrorType["code"];

export class TxError extends ParleyError<TxErrorType> {}

/**
 * A tx refusal is a result, never thrown, and gossip produces thousands a second (duplicates,
 * stale nonces): capturing a stack trace for each cost more than the check that made it.
 */
export function txError(type: TxErrorType): TxError {
  return withoutStack(() => new TxError(type));
}

/** An action's refusal as the tx's error: the code keeps the action's (failed txs store only the code). */
export function actionTxError(e: ActionError): TxError {
  const code = (e.code.startsWith("ACTION_") ? e.code : `ACTION_${e.code}`) as ActionTxCode<ActionErrorCode>;
  return txError({ code, reason: e.message });
}
