// What an automatic action moved, and why: the units a creation or deposit locks, and each
// payout or refund out of the lock (by a tx, or by the block hook at a wake or a watched event).
// Execution hands them to subscribers (subscribe_assets, docs/RPC.md) beside the block; they
// are not state: balances and records under the state root stay the proof.
import type { AssetRef } from "../assets/records.js";
import type { ActionKindName } from "./records.js";
import type { ActionId, Address } from "./types.js";
import { bytesEqual } from "../../util/bytes.js";

/**
 * lock: from the sender into the action (a creation, a deposit). payout: out of the lock to a
 * payee. refund: out of the lock back to the action's funder. returned: a payout the payee
 * could not take (frozen in the asset since the action was made), credited to the funder
 * instead (docs/DECISIONS.md 37); `payee` names whom it was for.
 */
export type MoveWhat = "lock" | "payout" | "refund" | "returned";

export interface ActionMove {
  action: ActionId;
  actionKind: ActionKindName;
  asset: AssetRef;
  what: MoveWhat;
  /** Who paid in (lock), else null: the units come out of the action's lock. */
  from: Address | null;
  /** Who was credited (payout, refund, returned), else null: the units went into the lock. */
  to: Address | null;
  /** returned: whom the payout was for. */
  payee?: Address;
  amount: bigint;
}

/** Receives the moves of one tx or hook; the executor keeps them only if its writes are kept. */
export type MoveSink = (m: ActionMove) => void;

/**
 * What a credit out of a lock was: returned when it went to the funder for a payee who could not
 * take it, a refund when it went back to the funder, else a payout.
 */
export function creditMove(funder: Address | null, to: Address, returnedFor: Address | undefined): Pick<ActionMove, "what" | "to" | "payee"> {
  if (returnedFor) return { what: "returned", to, payee: returnedFor };
  return { what: funder && bytesEqual(funder, to) ? "refund" : "payout", to };
}
