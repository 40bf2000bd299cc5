// The contract between the consensus engine and the node that hosts it. The engine decides
// one height at a time and knows nothing of blocks, storage or sockets: values are opaque
// (an id plus the bytes the host can decode), and everything else comes through this
// interface so tests can drive the engine with a virtual clock and an in-memory network.
import type { CommitCertificate } from "./certificate.js";
import type { Equivocation, SignedProposal, SignedVote } from "./messages.js";
import type { ProposalValue } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

export interface ConsensusHost {
  /**
   * The validator set of a height. Called for the current height and, to check buffered
   * messages, for height + 1 (set changes take effect two heights later, so it is known).
   */
  validatorsAt(height: number): ValidatorSet;
  /** Build a new value when we are the proposer and hold no validValue. */
  buildValue(height: number, round: number): Promise<ProposalValue>;
  /**
   * Full validity check (parent, height, proposer, txs, roots) and that `value.id` is the hash
   * of `value.bytes`. Called once per value id per height; `round` is the round of the first
   * proposal that carried it (a value re-proposed with validRound >= 0 was built earlier).
   * A rejected promise counts as invalid.
   */
  validateValue(height: number, round: number, value: ProposalValue): Promise<boolean>;
  /**
   * The value is decided: persist it with its certificate. The engine starts height + 1 when
   * the promise resolves (so the host can also pace block time here); if it rejects, the
   * engine stays at this height until the host calls `skipTo`.
   */
  commit(height: number, value: ProposalValue, cert: CommitCertificate): Promise<void>;
  /** Send our own signed message to peers. Relaying others' accepted messages is the network's job. */
  broadcast(msg: SignedProposal | SignedVote): void;
  onEvidence?(evidence: Equivocation): void;
  /**
   * f+1 validators (so at least one honest) already sent valid messages for `height`, above
   * ours: this height was decided without us seeing enough of it. The host should sync the
   * missing block with its certificate and call `skipTo`. Called once per height.
   */
  onFallenBehind?(height: number): void;
  /**
   * We decided `height` ourselves and move on: of its `validators`, `silent` are the validators of that height from
   * whom no vote or proposal of any round arrived (certificates carry only a quorum, so this is
   * the one place a down validator shows). Not called for heights skipped by sync.
   */
  onHeightLeft?(height: number, validators: readonly Uint8Array[], silent: readonly Uint8Array[]): void;
}
