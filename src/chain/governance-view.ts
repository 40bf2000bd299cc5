// What governance is doing, read from the head state for operators (RPC validator_pendingVotes,
// `parley validator pending`): each open ballot with who voted and who has not, and changes
// already decided but not yet in force. Like Besu's qbft_getPendingVotes, plus the voters.
import { bytesEqual, compareBytes } from "../util/bytes.js";
import { StateNs } from "./tx/spec.js";
import type { Address } from "./tx/types.js";
import { GOV_KEY_SCHEDULED, decodeAddressList, decodeBallotKey, decodeScheduled } from "./tx/kinds/governance-state.js";
import { VoteAction, type VoteActionName } from "./tx/kinds/validator-vote.js";
import { validatorsForHeight } from "./execution/validators.js";

export interface GovernanceState {
  get(ns: typeof StateNs.governance, key: Uint8Array): Uint8Array | undefined;
  keysOf(ns: typeof StateNs.governance): Uint8Array[];
}

export interface PendingBallot {
  action: VoteActionName;
  validator: Address;
  /** Current validators that voted for this change (votes of removed validators no longer count). */
  voters: Address[];
  /** Current validators that have not voted. */
  missing: Address[];
  /** Votes that decide it: more than half of the current set. */
  needed: number;
}

export interface PendingGovernance {
  /** The height these answers are for (head + 1). */
  height: number;
  validators: Address[];
  ballots: PendingBallot[];
  /** Decided changes not yet in force: the set that governs from `height` on. */
  scheduled: Array<{ height: number; validators: Address[] }>;
}

const ACTION_NAMES = Object.fromEntries(Object.entries(VoteAction).map(([k, v]) => [v, k as VoteActionName])) as Record<number, VoteActionName>;

export function pendingGovernance(state: GovernanceState, headHeight: number): PendingGovernance {
  const height = headHeight + 1;
  const validators = validatorsForHeight(state, height);
  const isCurrent = (a: Address) => validators.some((v) => bytesEqual(v, a));
  const ballots: PendingBallot[] = [];
  for (const key of state.keysOf(StateNs.governance)) {
    const b = decodeBallotKey(key);
    const action = b && ACTION_NAMES[b.action];
    if (!b || !action) continue;
    // Votes are counted against the set in force when the next vote lands, as apply() does.
    const voters = decodeAddressList(state.get(StateNs.governance, key)).filter(isCurrent);
    if (voters.length === 0) continue;
    const missing = validators.filter((v) => !voters.some((x) => bytesEqual(x, v)));
    ballots.push({ action, validator: b.validator, voters, missing, needed: Math.floor(validators.length / 2) + 1 });
  }
  ballots.sort((a, b) => compareBytes(a.validator, b.validator) || a.action.localeCompare(b.action));
  const scheduled = decodeScheduled(state.get(StateNs.governance, GOV_KEY_SCHEDULED)).filter((c) => c.height > headHeight);
  return { height, validators, ballots, scheduled };
}
