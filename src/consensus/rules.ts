// Rules 2-10 of docs/CONSENSUS.md as functions over the height state: which rule fires next, if
// any, and what it asks for. They change nothing themselves (apart from asking the host to
// validate a value, through `validity`); the engine applies the Action and, for rules 2-9, asks
// again until nothing fires.
import { bytesEqual, toHex } from "../util/bytes.js";
import type { Action } from "./actions.js";
import type { HeightState } from "./height-state.js";
import type { ProposalValue, Step } from "./types.js";
import { idKey } from "./vote-set.js";

/** Validity of a value, asking the host the first time; "pending" until it answers. */
export type ValidityFn = (value: ProposalValue, round: number) => boolean | "pending";

export function nextAction(hs: HeightState, validity: ValidityFn): Action | null {
  return (
    ruleCommit(hs, validity) ??
    ruleRoundSkip(hs) ??
    ruleProposalPrevote(hs, validity) ??
    rulePrevoteTimeout(hs) ??
    ruleLock(hs, validity) ??
    ruleNilPrecommit(hs) ??
    rulePrecommitTimeout(hs)
  );
}

/** Rule 8: a valid proposed value with Q precommits in ANY round is decided. */
function ruleCommit(hs: HeightState, validity: ValidityFn): Action | null {
  for (const round of hs.votes.roundNumbers()) {
    const key = hs.votes.get(round, "precommit").quorumKey();
    if (key === undefined || key === idKey(null)) continue;
    // The value may have been proposed in another round: the id names it either way.
    for (const value of hs.values.variants(key)) {
      if (validity(value, round) === true) return { rule: 8, kind: "decide", round, value };
    }
  }
  return null;
}

/** Rule 9: f+1 validators sent something in a higher round: join the highest such round. */
function ruleRoundSkip(hs: HeightState): Action | null {
  let target = -1;
  for (const round of hs.votes.roundNumbers()) {
    if (round > hs.round && hs.votes.sendersIn(round) >= hs.validators.fPlusOne) target = round;
  }
  return target < 0 ? null : { rule: 9, kind: "startRound", round: target };
}

/** Rules 2 and 3: in step propose, prevote on the round's proposal. */
function ruleProposalPrevote(hs: HeightState, validity: ValidityFn): Action | null {
  if (hs.step !== "propose") return null;
  for (const p of hs.proposalsIn(hs.round)) {
    const id = p.value.id;
    const vr = p.msg.validRound;
    let unlocked: boolean;
    if (vr === -1) {
      // Rule 2: a fresh value; only our lock can stand against it.
      unlocked = hs.lockedRound === -1 || bytesEqual(hs.lockedId!, id);
    } else {
      // Rule 3: Q prevotes for it in round vr override a lock taken in round <= vr.
      if (!hs.votes.get(vr, "prevote").hasQuorumFor(id)) continue;
      unlocked = hs.lockedRound <= vr || bytesEqual(hs.lockedId!, id);
    }
    const valid = validity(p.value, hs.round);
    if (valid === "pending") continue;
    return { rule: vr === -1 ? 2 : 3, kind: "prevote", id: valid && unlocked ? id : null };
  }
  return null;
}

/** Rule 4: Q prevotes for anything in step prevote, first time: arm timeoutPrevote. */
function rulePrevoteTimeout(hs: HeightState): Action | null {
  if (hs.step !== "prevote" || hs.prevoteTimeoutStarted.has(hs.round)) return null;
  if (!hs.votes.get(hs.round, "prevote").hasQuorumAny()) return null;
  return { rule: 4, kind: "armPrevoteTimeout" };
}

/** Rule 5: the round's valid proposal has Q prevotes, step >= prevote, first time. */
function ruleLock(hs: HeightState, validity: ValidityFn): Action | null {
  if (hs.step === "propose" || hs.lockRuleFired.has(hs.round)) return null;
  const key = hs.votes.get(hs.round, "prevote").quorumKey();
  if (key === undefined || key === idKey(null)) return null;
  const p = hs.proposalsIn(hs.round).find((s) => toHex(s.value.id) === key);
  if (p === undefined || validity(p.value, hs.round) !== true) return null;
  return { rule: 5, kind: "lock", value: p.value };
}

/** Rule 6: Q nil prevotes in step prevote. */
function ruleNilPrecommit(hs: HeightState): Action | null {
  if (hs.step !== "prevote" || !hs.votes.get(hs.round, "prevote").hasQuorumFor(null)) return null;
  return { rule: 6, kind: "precommitNil" };
}

/** Rule 7: Q precommits for anything in this round, first time, any step: arm timeoutPrecommit. */
function rulePrecommitTimeout(hs: HeightState): Action | null {
  if (hs.precommitTimeoutStarted.has(hs.round)) return null;
  if (!hs.votes.get(hs.round, "precommit").hasQuorumAny()) return null;
  return { rule: 7, kind: "armPrecommitTimeout" };
}

/**
 * Rule 10: what the timeout of `step` armed in `round` does when it expires, or null when the
 * height moved on to a decision or another round, or (propose, prevote) to another step.
 */
export function timeoutAction(hs: HeightState, step: Step, round: number): Action | null {
  if (hs.decided || hs.round !== round) return null;
  if (step === "propose") return hs.step === "propose" ? { rule: 10, kind: "prevote", id: null } : null;
  if (step === "prevote") return hs.step === "prevote" ? { rule: 10, kind: "precommitNil" } : null;
  // As in the paper, timeoutPrecommit checks (h, r) only: rule 7 can arm it in any step.
  return { rule: 10, kind: "startRound", round: round + 1 };
}
