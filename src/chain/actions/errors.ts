// Every reason an automatic action refuses an input. A kind's apply() wraps one of these in
// its TxError (part 2 adds the wrapping code); the block hook never sees a refusal as fatal.
import { ParleyError, withoutStack } from "../../util/errors.js";

export type ActionErrorType =
  // condition trees
  | { code: "CONDITION_TOO_LARGE"; nodes: number; max: number }
  | { code: "CONDITION_TOO_DEEP"; depth: number; max: number }
  | { code: "BAD_CONDITION"; reason: string }
  // creating an action
  | { code: "BAD_AMOUNT"; reason: string }
  | { code: "BAD_PARAMS"; reason: string }
  // acting on an action
  | { code: "ACTION_CLOSED"; status: string }
  | { code: "NOT_AUTHORIZED"; role: string }
  | { code: "CONDITION_NOT_MET"; side: string }
  | { code: "BAD_CLAIM"; reason: string }
  | { code: "ALREADY_APPROVED" }
  | { code: "NOT_ELIGIBLE" }
  | { code: "ALREADY_CLAIMED" }
  | { code: "EXPIRED"; at: number }
  | { code: "PROPOSAL_NOT_FOUND"; id: number }
  | { code: "PROPOSALS_FULL"; max: number }
  | { code: "INSUFFICIENT_LOCKED"; available: bigint; needed: bigint }
  // shared indexes
  | { code: "WATCHERS_FULL"; max: number }
  | { code: "SCHEDULE_FULL"; tick: number };

export type ActionErrorCode = ActionErrorType["code"];

export class ActionError extends ParleyError<ActionErrorType> {}

/** Refusals are results on the execution path: built without a stack trace, like txError. */
export function actionError(type: ActionErrorType): ActionError {
  return withoutStack(() => new ActionError(type));
}

/**
 * The chain's own action state does not decode. No user can cause this (every write goes
 * through the encoders here), so it stops the node rather than guess at locked funds.
 */
export class ActionStateCorruptError extends ParleyError<{ code: "ACTION_STATE_CORRUPT"; key: string; reason: string }> {}
