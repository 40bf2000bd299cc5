// Incoming proposals and votes: which height they belong to, the admission checks
// (admission.ts), and counting them into the height state, or holding next-height ones until
// the engine gets there. Recording an input is all this does: the engine evaluates the rules
// after every message counted here, and only the engine's `apply` changes round, step or lock.
import { toHex } from "../util/bytes.js";
import { checkNextHeight, checkProposal, checkVote, type SignatureContext } from "./admission.js";
import { FutureBuffer } from "./future-buffer.js";
import type { HeightState } from "./height-state.js";
import type { ConsensusHost } from "./host.js";
import type { ConsensusMessage, SignedProposal, SignedVote } from "./messages.js";
import type { ConsensusLogger, VerifyFn } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";
import { ACCEPT, ignore, type Verdict } from "./verdict.js";

export interface IntakeOptions {
  chainId: string;
  verify: VerifyFn;
  host: Pick<ConsensusHost, "validatorsAt" | "onEvidence" | "onFallenBehind">;
  log: ConsensusLogger;
}

/** The verdict for the network, and whether the message was counted at the current height. */
export interface Intake {
  verdict: Verdict;
  counted: boolean;
}

export class MessageIntake {
  private readonly future = new FutureBuffer();
  private nextSet: { height: number; set: ValidatorSet } | null = null;
  private behindReported = -1;

  constructor(private readonly opts: IntakeOptions) {}

  /** The validator set of `height`; the host is asked once per height. */
  setAt(height: number): ValidatorSet {
    if (this.nextSet?.height !== height) this.nextSet = { height, set: this.opts.host.validatorsAt(height) };
    return this.nextSet.set;
  }

  /** A message from the network; `hs` is the height being decided (null = engine not running). */
  receive(hs: HeightState | null, msg: ConsensusMessage): Intake {
    if (hs === null) return notCounted(ignore("NOT_RUNNING"));
    // [IGNORE] an earlier height is decided already
    if (msg.height < hs.height) return notCounted(ignore("STALE_HEIGHT"));
    // [IGNORE] more than one height ahead: sync, not consensus, catches us up
    if (msg.height > hs.height + 1) return notCounted(ignore("FUTURE_HEIGHT"));
    if (msg.height === hs.height + 1) return notCounted(this.bufferFuture(hs, msg));
    // [IGNORE] decided, waiting for the host to commit
    if (hs.decided) return notCounted(ignore("DECIDED"));
    return this.count(hs, msg, false);
  }

  /** Removes and returns the buffered messages of `height` (already verified), when the engine starts it. */
  takeFuture(height: number): ConsensusMessage[] {
    return this.future.take(height);
  }

  /** Counts a message of `hs`'s height; `verified` = its signature was checked when it was buffered. */
  count(hs: HeightState, msg: ConsensusMessage, verified: boolean): Intake {
    return msg.kind === "vote" ? this.countVote(hs, msg, verified) : this.countProposal(hs, msg, verified);
  }

  private sigContext(verified: boolean): SignatureContext {
    return { chainId: this.opts.chainId, verify: this.opts.verify, verified };
  }

  private countVote(hs: HeightState, v: SignedVote, verified: boolean): Intake {
    const bad = checkVote(hs, v, this.sigContext(verified));
    if (bad !== null) return notCounted(bad);
    const added = hs.votes.get(v.round, v.type).add(v);
    if (added.evidence !== undefined) {
      this.opts.log.warn({ height: v.height, round: v.round, type: v.type, validator: toHex(v.validator) }, "equivocation");
      this.opts.host.onEvidence?.(added.evidence);
    }
    // [IGNORE] an equivocator's further ids beyond what we keep
    if (!added.added) return notCounted(ignore("EQUIVOCATION_CAP"));
    hs.votes.noteSender(v.round, v.validator);
    return { verdict: added.evidence === undefined ? ACCEPT : { verdict: "accept", evidence: added.evidence }, counted: true };
  }

  private countProposal(hs: HeightState, p: SignedProposal, verified: boolean): Intake {
    const bad = checkProposal(hs, p, this.sigContext(verified));
    if (bad !== null) return notCounted(bad);
    const value = hs.values.add(p.value);
    if (value === null) return notCounted(ignore("TOO_MANY_PROPOSALS"));
    if (hs.proposalsIn(p.round).length > 0) this.opts.log.warn({ height: p.height, round: p.round }, "proposer sent conflicting proposals");
    hs.addProposal(p.round, { msg: p, value });
    hs.votes.noteSender(p.round, p.proposer);
    return { verdict: ACCEPT, counted: true };
  }

  /** Next-height messages are verified against that height's set now and replayed later. */
  private bufferFuture(hs: HeightState, msg: ConsensusMessage): Verdict {
    let set: ValidatorSet;
    try {
      set = this.setAt(msg.height);
    } catch {
      return ignore("NO_VALIDATOR_SET");
    }
    const bad = checkNextHeight(set, msg.height, msg, this.future, this.sigContext(false));
    if (bad !== null) return bad;
    this.future.add(msg.height, msg.kind === "vote" ? msg.validator : msg.proposer, msg);
    // f+1 senders there means the current height was decided; unless we are committing it
    // ourselves right now, we missed that and need the block from sync.
    if (this.future.senders(msg.height) >= set.fPlusOne && this.behindReported < msg.height && !hs.decided) {
      this.behindReported = msg.height;
      this.opts.host.onFallenBehind?.(msg.height);
    }
    return ACCEPT;
  }
}

/** Refused, or buffered for the next height: nothing for the rules to look at now. */
function notCounted(verdict: Verdict): Intake {
  return { verdict, counted: false };
}
