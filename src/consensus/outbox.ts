// Our own proposals and votes: signed through the WAL guard (signing.ts), counted into the
// height state as a peer's would be, broadcast, and broadcast again for peers that lost them.
// The outgoing twin of intake.ts; an observer (no signer) sends nothing.
import { bytesEqual } from "../util/bytes.js";
import type { HeightState } from "./height-state.js";
import type { ConsensusHost } from "./host.js";
import type { SignedVote, VoteType } from "./messages.js";
import type { WalGuardedSigner } from "./signing.js";
import type { ProposalValue } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

export class Outbox {
  constructor(
    /** null = observer. */
    private readonly signing: WalGuardedSigner | null,
    private readonly host: Pick<ConsensusHost, "broadcast">,
  ) {}

  /** Whether we sign at a height with this set. */
  isValidatorIn(set: ValidatorSet): boolean {
    return this.signing !== null && set.has(this.signing.publicKey);
  }

  isProposer(hs: HeightState, round: number): boolean {
    return hs.isValidator && this.signing !== null && bytesEqual(hs.validators.proposer(hs.height, round), this.signing.publicKey);
  }

  /** Our proposal for `round`, once per round, if the WAL lets us sign it. */
  propose(hs: HeightState, round: number, value: ProposalValue, validRound: number): void {
    const me = this.signing;
    if (me === null || hs.proposalsIn(round).some((s) => bytesEqual(s.msg.proposer, me.publicKey))) return;
    const msg = me.proposal(hs.height, round, value, validRound);
    if (msg === null) return;
    hs.addProposal(round, { msg, value });
    hs.votes.noteSender(round, me.publicKey);
    this.host.broadcast(msg);
  }

  /** Our vote, if we are a validator of this height and the WAL lets us sign it. */
  vote(hs: HeightState, type: VoteType, round: number, id: Uint8Array | null): void {
    if (!hs.isValidator || this.signing === null) return;
    const vote = this.signing.vote(type, hs.height, round, id);
    if (vote === null) return;
    hs.votes.get(round, type).add(vote);
    hs.votes.noteSender(round, vote.validator);
    this.host.broadcast(vote);
  }

  /**
   * Everything we signed in the current and the previous round, again; and what a re-proposal
   * of a locked value rests on: our messages of the rounds we are locked and valid in, and the
   * prevotes that made that value locked or valid (the proof rule 3 asks for, signed by their
   * validators). Without them a validator that restarted or missed that round can never prevote
   * the re-proposed value: in the 30-minute soak two of four validators were locked on a round-0
   * block whose prevotes nobody else held, and height 53 never decided (RELIABILITY.md 8.7).
   */
  resend(hs: HeightState): void {
    const me = this.signing;
    if (me === null) return;
    const rounds = new Set([hs.round - 1, hs.round, hs.lockedRound, hs.validRound]);
    for (const round of rounds) {
      if (round >= 0) for (const msg of hs.messagesBy(me.publicKey, round)) this.host.broadcast(msg);
    }
    const proofs: Array<[number, Uint8Array | null | undefined]> = [[hs.lockedRound, hs.lockedId], [hs.validRound, hs.validValue?.id]];
    const sent = new Set<SignedVote>();
    for (const [round, id] of proofs) {
      if (round < 0 || !id) continue;
      for (const v of hs.votes.get(round, "prevote").votesFor(id)) {
        if (sent.has(v) || bytesEqual(v.validator, me.publicKey)) continue;
        sent.add(v);
        this.host.broadcast(v);
      }
    }
  }
}
