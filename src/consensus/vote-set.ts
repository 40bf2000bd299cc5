// Vote counting for one height: each validator counts once per (round, type); a second vote
// with a different id from the same validator is equivocation evidence and is not counted.
// Adding is two-phase (classify, then add after the signature checked out) so duplicates
// are dropped before paying for a signature verification.
import { toHex } from "../util/bytes.js";
import type { SignedVote, VoteType } from "./messages.js";
import type { Equivocation } from "./types.js";

const NIL = "nil";

export function idKey(id: Uint8Array | null): string {
  return id === null ? NIL : toHex(id);
}

export type VoteClass =
  | { status: "new" }
  | { status: "duplicate" }
  | { status: "conflict"; existing: SignedVote };

export class VoteSet {
  private readonly byValidator = new Map<string, SignedVote>();
  private readonly counts = new Map<string, number>();
  private readonly equivocators = new Set<string>();

  constructor(
    readonly type: VoteType,
    readonly round: number,
    readonly quorum: number,
  ) {}

  /** What adding this vote would do; a conflict already reported counts as a duplicate. */
  classify(vote: SignedVote): VoteClass {
    const who = toHex(vote.validator);
    const existing = this.byValidator.get(who);
    if (existing === undefined) return { status: "new" };
    if (idKey(existing.valueId) === idKey(vote.valueId) || this.equivocators.has(who)) return { status: "duplicate" };
    return { status: "conflict", existing };
  }

  /**
   * Adds a vote whose signature the caller verified. Returns evidence when it conflicts with
   * the validator's counted vote (first time only); the counted vote stays the first one.
   */
  add(vote: SignedVote): { added: boolean; evidence?: Equivocation } {
    const c = this.classify(vote);
    if (c.status === "duplicate") return { added: false };
    if (c.status === "conflict") {
      this.equivocators.add(toHex(vote.validator));
      return { added: false, evidence: { vote1: c.existing, vote2: vote } };
    }
    this.byValidator.set(toHex(vote.validator), vote);
    const key = idKey(vote.valueId);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return { added: true };
  }

  /** Distinct validators counted, whatever they voted for. */
  get total(): number {
    return this.byValidator.size;
  }

  count(id: Uint8Array | null): number {
    return this.counts.get(idKey(id)) ?? 0;
  }

  hasQuorumFor(id: Uint8Array | null): boolean {
    return this.count(id) >= this.quorum;
  }

  hasQuorumAny(): boolean {
    return this.total >= this.quorum;
  }

  /**
   * The id (or null for nil) that has a quorum, if any. At most one can: each validator
   * counts once and 2Q > n.
   */
  quorumKey(): string | undefined {
    for (const [key, n] of this.counts) if (n >= this.quorum) return key;
    return undefined;
  }

  votesFor(id: Uint8Array | null): SignedVote[] {
    const key = idKey(id);
    return [...this.byValidator.values()].filter((v) => idKey(v.valueId) === key);
  }

  all(): SignedVote[] {
    return [...this.byValidator.values()];
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

  roundNumbers(): number[] {
    return [...this.rounds.keys()].sort((a, b) => a - b);
  }
}
