// One engine under test on a virtual clock; the test plays the other validators by hand,
// signing their proposals and votes with noble, and reads what the engine broadcast.
import { sha256 } from "@noble/hashes/sha2.js";
import type { CommitCertificate } from "../../../src/consensus/certificate.js";
import { ConsensusEngine } from "../../../src/consensus/engine.js";
import {
  signProposal,
  signVote,
  type ConsensusMessage,
  type Equivocation,
  type SignedProposal,
  type SignedVote,
  type VoteType,
} from "../../../src/consensus/messages.js";
import { DEFAULT_TIMEOUTS } from "../../../src/consensus/timeouts.js";
import type { ConsensusHost } from "../../../src/consensus/host.js";
import type { ProposalValue } from "../../../src/consensus/types.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { MemoryWal } from "../../../src/consensus/wal.js";
import { bytesEqual, utf8 } from "../../../src/util/bytes.js";
import { makeKeys, nobleSigner, nobleVerify, type TestKey } from "./keys.js";
import { VirtualClock } from "./virtual-clock.js";

export const BENCH_CHAIN = "parley-bench";

export function testValue(tag: string): ProposalValue {
  const id = sha256(utf8(tag));
  return { id, bytes: id.slice() };
}

export interface BenchOptions {
  n?: number;
  /** Index of the engine's own key; null = an observer without a signer. */
  me?: number | null;
  height?: number;
}

export class Bench implements ConsensusHost {
  readonly clock = new VirtualClock();
  readonly keys: TestKey[];
  readonly set: ValidatorSet;
  readonly engine: ConsensusEngine;
  readonly wal = new MemoryWal();
  readonly sent: ConsensusMessage[] = [];
  readonly commits: { height: number; value: ProposalValue; cert: CommitCertificate }[] = [];
  readonly evidence: Equivocation[] = [];
  readonly invalid = new Set<string>();
  readonly behind: number[] = [];
  /** What buildValue returns when the engine proposes. */
  nextValue: ProposalValue = testValue("built");

  constructor(opts: BenchOptions = {}) {
    this.keys = makeKeys(opts.n ?? 4, "bench");
    this.set = ValidatorSet.from(this.keys.map((k) => k.publicKey));
    const me = opts.me === undefined ? 0 : opts.me;
    this.engine = new ConsensusEngine(
      {
        chainId: BENCH_CHAIN,
        signer: me === null ? null : nobleSigner(this.keys[me]!),
        verify: nobleVerify,
        wal: this.wal,
        clock: this.clock,
        timeouts: DEFAULT_TIMEOUTS,
        rebroadcastMs: null,
      },
      this,
    );
    this.engine.start(opts.height ?? 1);
  }

  // ---- the other validators ----

  vote(from: number, type: VoteType, round: number, value: ProposalValue | null, height = 1, chainId = BENCH_CHAIN): SignedVote {
    return signVote(chainId, { type, height, round, valueId: value?.id ?? null, validator: this.keys[from]!.publicKey }, nobleSigner(this.keys[from]!));
  }

  proposal(round: number, value: ProposalValue, validRound = -1, height = 1): SignedProposal {
    const proposer = this.set.proposer(height, round);
    const key = this.keys.find((k) => bytesEqual(k.publicKey, proposer))!;
    return signProposal(BENCH_CHAIN, { height, round, validRound, value, proposer }, nobleSigner(key));
  }

  /** Delivers votes of `type` for `value` from each listed validator. */
  votes(from: number[], type: VoteType, round: number, value: ProposalValue | null): void {
    for (const i of from) this.engine.onVote(this.vote(i, type, round, value));
  }

  /** The engine's own vote of (round, type), if it sent one. */
  ownVote(type: VoteType, round: number, height = 1): SignedVote | undefined {
    return this.sent.find((m): m is SignedVote => m.kind === "vote" && m.type === type && m.round === round && m.height === height);
  }

  settle(): Promise<void> {
    return this.clock.settle();
  }

  // ---- ConsensusHost ----

  validatorsAt(): ValidatorSet {
    return this.set;
  }

  async buildValue(): Promise<ProposalValue> {
    return this.nextValue;
  }

  async validateValue(_h: number, _r: number, value: ProposalValue): Promise<boolean> {
    return !this.invalid.has(Buffer.from(value.id).toString("hex"));
  }

  async commit(height: number, value: ProposalValue, cert: CommitCertificate): Promise<void> {
    this.commits.push({ height, value, cert });
  }

  broadcast(msg: SignedProposal | SignedVote): void {
    this.sent.push(msg);
  }

  onEvidence(e: Equivocation): void {
    this.evidence.push(e);
  }

  onFallenBehind(height: number): void {
    this.behind.push(height);
  }
}
