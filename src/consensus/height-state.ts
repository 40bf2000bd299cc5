// Everything the engine knows about the height it is deciding; thrown away when it moves on.
import { bytesEqual, toHex } from "../util/bytes.js";
import type { ConsensusMessage, SignedProposal } from "./messages.js";
import type { ProposalValue, Step } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";
import { HeightVoteSet } from "./vote-set.js";

/**
 * Distinct values seen this height, by id. Two byte strings under one id can only come from a
 * faulty proposer (the host checks id = hash(bytes)); keeping both stops a forged copy from
 * poisoning the validity of the real one. Capped, so a proposer cannot make us keep more.
 */
export class ValueStore {
  private static readonly MAX_VARIANTS = 2;
  private readonly byId = new Map<string, ProposalValue[]>();
  private readonly validity = new Map<ProposalValue, boolean | "pending">();

  /** The stored object for this value (existing one when already seen), or null when over the cap. */
  add(value: ProposalValue): ProposalValue | null {
    const key = toHex(value.id);
    const list = this.byId.get(key) ?? [];
    const same = list.find((v) => bytesEqual(v.bytes, value.bytes));
    if (same !== undefined) return same;
    if (list.length >= ValueStore.MAX_VARIANTS) return null;
    list.push(value);
    this.byId.set(key, list);
    return value;
  }

  variants(idKey: string): readonly ProposalValue[] {
    return this.byId.get(idKey) ?? [];
  }

  validityOf(value: ProposalValue): boolean | "pending" | undefined {
    return this.validity.get(value);
  }

  setValidity(value: ProposalValue, v: boolean | "pending"): void {
    this.validity.set(value, v);
  }
}

export interface StoredProposal {
  msg: SignedProposal;
  /** The ValueStore's object for msg.value (validity is tracked per object). */
  value: ProposalValue;
}

export class HeightState {
  round = 0;
  step: Step = "propose";
  /** Set when rule 8 fired; the engine waits for the host's commit and handles nothing else. */
  decided = false;
  lockedRound = -1;
  // The lock is kept as an id: after a restart it is rebuilt from the WAL, which has no bytes.
  lockedId: Uint8Array | null = null;
  validRound = -1;
  validValue: ProposalValue | null = null;

  readonly votes: HeightVoteSet;
  readonly values = new ValueStore();
  /** Per round, in arrival order; all from that round's proposer. */
  readonly proposals = new Map<number, StoredProposal[]>();

  // "first time" guards of rules 4, 5 and 7, per round.
  readonly prevoteTimeoutStarted = new Set<number>();
  readonly lockRuleFired = new Set<number>();
  readonly precommitTimeoutStarted = new Set<number>();

  constructor(
    readonly height: number,
    readonly validators: ValidatorSet,
    /** Whether our signer is a validator of this height (false for observers). */
    readonly isValidator: boolean,
  ) {
    this.votes = new HeightVoteSet(height, validators.quorum);
  }

  proposalsIn(round: number): StoredProposal[] {
    return this.proposals.get(round) ?? [];
  }

  addProposal(round: number, stored: StoredProposal): void {
    const list = this.proposals.get(round);
    if (list === undefined) this.proposals.set(round, [stored]);
    else list.push(stored);
  }

  /**
   * The value proposed in the highest round below `round` that `usable` accepts, or null: what a
   * proposer without a validValue proposes again (rule 1), since its peers have most likely
   * checked that value already.
   */
  newestProposedBefore(round: number, usable: (value: ProposalValue) => boolean): ProposalValue | null {
    let best: { round: number; value: ProposalValue } | null = null;
    for (const [r, list] of this.proposals) {
      if (r >= round || (best !== null && r <= best.round)) continue;
      const found = list.find((s) => usable(s.value));
      if (found !== undefined) best = { round: r, value: found.value };
    }
    return best?.value ?? null;
  }

  /** The proposals and votes `sender` signed in `round` (ours, to send again). */
  messagesBy(sender: Uint8Array, round: number): ConsensusMessage[] {
    const out: ConsensusMessage[] = [];
    for (const p of this.proposalsIn(round)) if (bytesEqual(p.msg.proposer, sender)) out.push(p.msg);
    for (const type of ["prevote", "precommit"] as const) {
      for (const v of this.votes.get(round, type).all()) if (bytesEqual(v.validator, sender)) out.push(v);
    }
    return out;
  }
}
