// Vote counting for one height, per (round, type): a quorum for an id is Q distinct
// validators that signed a vote for that id, and "Q for anything" is Q distinct validators.
// A validator that signs two ids (equivocation) is reported as evidence and, as in the
// paper (which counts messages), its second vote also counts for its own id: otherwise an
// honest node that saw the other vote first could never see a proof-of-lock the rest of the
// network saw, and would stay stuck. Safety is unaffected: two ids with Q each need more than
// f equivocators. Adding is two-phase (classify, then add after the signature checked out),
// so duplicates are dropped before paying for a verification.
import { toHex } from "../util/bytes.js";
import type { Equivocation, SignedVote, VoteType } from "./messages.js";

const NIL = "nil";

// Votes kept per validator per (round, type) beyond its first: one conflicting vote, plus any
// that completes a quorum for its id. Bounds what an equivocator can make us store.
export const MAX_VOTES_PER_VALIDATOR = 2;

export function idKey(id: Uint8Array | null): string {
  return id === null ? NIL : toHex(id);
}

export type VoteClass =
  | { status: "new" }
  | { status: "duplicate" }
  | { status: "conflict"; existing: SignedVote };

export class VoteSet {
  private readonly byValidator = new Map<string, SignedVote[]>();
  private readonly counts = new Map<string, number>();
  private readonly reported = new Set<string>();

  constructor(
    readonly type: VoteType,
    readonly round: number,
    readonly quorum: number,
  ) {}

  /** What adding this vote would do: new voter, a vote already held, or a second id. */
  classify(vote: SignedVote): VoteClass {
    const held = this.byValidator.get(toHex(vote.validator));
    if (held === undefined) return { status: "new" };
    const key = idKey(vote.valueId);
    if (held.some((v) => idKey(v.valueId) === key)) return { status: "duplicate" };
    return { status: "conflict", existing: held[0]! };
  }

  /**
   * Adds a vote whose signature the caller verified. A second id from one validator yields
   * evidence (once per validator) and is counted unless over the per-validator cap.
   */
  add(vote: SignedVote): { added: boolean; evidence?: Equivocation } {
    const c = this.classify(vote);
    if (c.status === "duplicate") return { added: false };
    const who = toHex(vote.validator);
    const key = idKey(vote.valueId);
    let evidence: Equivocation | undefined;
    if (c.status === "conflict") {
      if (!this.reported.has(who)) {
        this.reported.add(who);
        evidence = { vote1: c.existing, vote2: vote };
      }
      const held = this.byValidator.get(who)!;
      if (held.length >= MAX_VOTES_PER_VALIDATOR && this.count(vote.valueId) + 1 < this.quorum) {
        return evidence === undefined ? { added: false } : { added: false, evidence };
      }
      held.push(vote);
    } else {
      this.byValidator.set(who, [vote]);
    }
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return evidence === undefined ? { added: true } : { added: true, evidence };
  }

  /** Distinct validators that voted, whatever for. */
  get total(): number {
    return this.byValidator.size;
  }

  /** Distinct validators that voted for this id (null = nil). */
  count(id: Uint8Array | null): number {
    return this.counts.get(idKey(id)) ?? 0;
  }

  hasQuorumFor(id: Uint8Array | null): boolean {
    return this.count(id) >= this.quorum;
  }

  hasQuorumAny(): boolean {
    return this.total >= this.quorum;
  }

  /** The key (hex id, or "nil") that has a quorum, if any; with at most f faulty there is at most one. */
  quorumKey(): string | undefined {
    for (const [key, n] of this.counts) if (n >= this.quorum) return key;
    return undefined;
  }

  votesFor(id: Uint8Array | null): SignedVote[] {
    const key = idKey(id);
    const out: SignedVote[] = [];
    for (const held of this.byValidator.values()) for (const v of held) if (idKey(v.valueId) === key) out.push(v);
    return out;
  }

  all(): SignedVote[] {
    return [...this.byValidator.values()].flat();
  }
}

/** Both vote types of every round of one height, plus who sent anything in each round (rule 9). */
export class HeightVoteSet {
  private readonly rounds = new Map<number, { prevote: VoteSet; precommit: VoteSet; senders: Set<string> }>();

  constructor(
    readonly height: number,
    readonly quorum: number,
  ) {}

  private roundEntry(round: number) {
    let e = this.rounds.get(round);
    if (e === undefined) {
      e = {
        prevote: new VoteSet("prevote", round, this.quorum),
        precommit: new VoteSet("precommit", round, this.quorum),
        senders: new Set(),
      };
      this.rounds.set(round, e);
    }
    return e;
  }

  get(round: number, type: VoteType): VoteSet {
    return this.roundEntry(round)[type];
  }

  /** Records that a validator sent a message (vote or proposal) in a round. */
  noteSender(round: number, validator: Uint8Array): void {
    this.roundEntry(round).senders.add(toHex(validator));
  }

  sendersIn(round: number): number {
    return this.rounds.get(round)?.senders.size ?? 0;
  }

  /** Whether a validator sent anything (vote or proposal) in any round of this height. */
  heardFrom(validator: Uint8Array): boolean {
    const k = toHex(validator);
    for (const e of this.rounds.values()) if (e.senders.has(k)) return true;
    return false;
  }

  roundNumbers(): number[] {
    return [...this.rounds.keys()].sort((a, b) => a - b);
  }
}
