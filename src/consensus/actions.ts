// Every change the engine makes to the state of its height, as data. The rules (rules.ts:
// rules 2-9 from the height state, rule 10 from a timeout), the host's answer to buildValue
// (rule 1) and the re-sending of our votes after a restart (the signing WAL) each produce an
// Action, and ConsensusEngine.apply is the one place that carries Actions out. `rule` is the
// rule's number in docs/CONSENSUS.md ("wal": its "Signing WAL" section).
import type { SignedVoteEntry } from "./signing.js";
import type { ProposalValue } from "./types.js";

export type Action =
  | { rule: 1; kind: "propose"; round: number; value: ProposalValue; validRound: number }
  | { rule: 8; kind: "decide"; round: number; value: ProposalValue }
  | { rule: 1 | 9 | 10; kind: "startRound"; round: number }
  | { rule: 2 | 3 | 10; kind: "prevote"; id: Uint8Array | null }
  | { rule: 4; kind: "armPrevoteTimeout" }
  | { rule: 5; kind: "lock"; value: ProposalValue }
  | { rule: 6 | 10; kind: "precommitNil" }
  | { rule: 7; kind: "armPrecommitTimeout" }
  | { rule: "wal"; kind: "resendVote"; entry: SignedVoteEntry };
