// WAL-guarded signing (docs/CONSENSUS.md, "Signing WAL"): before our validator signs a
// proposal or a vote it durably records (height, round, step, id), and after a restart it signs
// again exactly what it recorded, so no crash can make it sign two ids at one
// (height, round, step). The engine signs only through WalGuardedSigner, and learns where it
// stood before a restart from `resumePoint`.
import { bytesEqual } from "../util/bytes.js";
import { signProposal, signVote, type SignedProposal, type SignedVote, type VoteType } from "./messages.js";
import type { ConsensusLogger, ProposalValue, Signer, Step } from "./types.js";
import { idKey } from "./vote-set.js";
import type { SigningWal, WalEntry } from "./wal.js";

/** A vote we signed at some height, as the WAL recorded it. */
export type SignedVoteEntry = WalEntry & { step: VoteType };

export class WalGuardedSigner {
  constructor(
    private readonly chainId: string,
    private readonly signer: Signer,
    private readonly wal: SigningWal,
    private readonly log: ConsensusLogger,
  ) {}

  get publicKey(): Uint8Array {
    return this.signer.publicKey;
  }

  /**
   * Our proposal of `value`, or null when we must not sign it: the WAL cannot record it, or a
   * different proposal was signed at (height, round) before a restart and we no longer have
   * its bytes (then we stay silent this round).
   */
  proposal(height: number, round: number, value: ProposalValue, validRound: number): SignedProposal | null {
    const id = this.idToSign(height, round, "propose", value.id);
    if (id === undefined || id === null || !bytesEqual(id, value.id)) return null;
    return signProposal(this.chainId, { height, round, validRound, value, proposer: this.signer.publicKey }, this.signer);
  }

  /**
   * Our vote of `type` at (height, round): for `id`, or for the id recorded there before a
   * restart if there is one. Null when the WAL cannot record it: then we must not sign.
   */
  vote(type: VoteType, height: number, round: number, id: Uint8Array | null): SignedVote | null {
    const signedId = this.idToSign(height, round, type, id);
    if (signedId === undefined) return null;
    return signVote(this.chainId, { type, height, round, valueId: signedId, validator: this.signer.publicKey }, this.signer);
  }

  /**
   * Records the intent in the WAL, or finds what we recorded before a crash. Returns the id we
   * may sign for (h, r, step): the recorded one wins; undefined = do not sign at all.
   */
  private idToSign(height: number, round: number, step: Step, id: Uint8Array | null): Uint8Array | null | undefined {
    const prev = this.wal.get(height, round, step);
    if (prev !== undefined) {
      if (idKey(prev.valueId) !== idKey(id)) {
        this.log.warn({ height, round, step }, "re-signing the id recorded before a restart");
      }
      return prev.valueId;
    }
    try {
      this.wal.record({ height, round, step, valueId: id });
      return id;
    } catch (e) {
      this.log.error({ height, round, step, err: String(e) }, "WAL write failed; not signing");
      return undefined;
    }
  }
}

/** Where we stood at a height before a restart, read from what we signed there. */
export interface ResumePoint {
  /** The highest round we signed anything in (0 when nothing). */
  round: number;
  /** Our lock: the last value we precommitted, as an id (the WAL holds no bytes); -1/null when none. */
  lockedRound: number;
  lockedId: Uint8Array | null;
  /** Our votes in the order we signed them, to send again in case they were lost. */
  votes: SignedVoteEntry[];
}

export function resumePoint(wal: SigningWal, height: number): ResumePoint {
  const signed = wal.entriesAt(height);
  const point: ResumePoint = { round: 0, lockedRound: -1, lockedId: null, votes: [] };
  for (const e of signed) {
    point.round = Math.max(point.round, e.round);
    if (e.step === "precommit" && e.valueId !== null && e.round > point.lockedRound) {
      point.lockedRound = e.round;
      point.lockedId = e.valueId;
    }
    // A proposal is signed again only if we propose the same value again (see proposal above).
    if (e.step !== "propose") point.votes.push({ ...e, step: e.step });
  }
  return point;
}
