// The Tendermint state machine ("The latest gossip on BFT consensus", Algorithm 1) for one
// height at a time. Rule numbers are those of CONSENSUS.md (rules.ts holds rules 2-9). Every input (message, timeout,
// host answer) updates the height state and then re-evaluates the rules until none fires,
// which is the paper's "upon" semantics without tracking which condition each input touched.
import { bytesEqual, toHex } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import { checkNextHeight, checkProposal, checkVote, type SignatureContext } from "./admission.js";
import { buildCertificate } from "./certificate.js";
import { FutureBuffer } from "./future-buffer.js";
import { HeightState } from "./height-state.js";
import { signProposal, signVote, type ConsensusMessage, type SignedProposal, type SignedVote, type VoteType } from "./messages.js";
import { nextAction, type Action } from "./rules.js";
import { DEFAULT_TIMEOUTS, timeoutFor, type TimeoutConfig } from "./timeouts.js";
import type {
  Clock,
  ConsensusHost,
  ConsensusLogger,
  ConsensusStatus,
  ProposalValue,
  Signer,
  Step,
  TimerHandle,
  VerifyFn,
} from "./types.js";
import type { ValidatorSet } from "./validator-set.js";
import { ACCEPT, ignore, type Verdict } from "./verdict.js";
import type { SigningWal } from "./wal.js";
import { idKey } from "./vote-set.js";

export { MAX_PROPOSALS_PER_ROUND, ROUND_WINDOW } from "./admission.js";

export interface ConsensusEngineOptions {
  chainId: string;
  /** null = observer: follows votes to learn commits, never signs. */
  signer: Signer | null;
  verify: VerifyFn;
  wal: SigningWal;
  clock: Clock;
  timeouts?: TimeoutConfig;
  /**
   * Re-send our own messages of the current round this often (plus the round's prevote
   * timeout), because the rules assume every message eventually arrives. null = never.
   */
  rebroadcastMs?: number | null;
  logger?: ConsensusLogger;
}

export type EngineErrorType = { code: "ALREADY_STARTED" } | { code: "NO_VALIDATORS"; height: number };
export class EngineError extends ParleyError<EngineErrorType> {}

const silentLogger: ConsensusLogger = { debug() {}, info() {}, warn() {}, error() {} };

export class ConsensusEngine {
  private readonly chainId: string;
  private readonly signer: Signer | null;
  private readonly verify: VerifyFn;
  private readonly wal: SigningWal;
  private readonly clock: Clock;
  private readonly timeouts: TimeoutConfig;
  private readonly rebroadcastMs: number | null;
  private readonly log: ConsensusLogger;

  private running = false;
  private hs: HeightState | null = null;
  private readonly timers = new Set<TimerHandle>();
  private readonly future = new FutureBuffer();
  private nextSet: { height: number; set: ValidatorSet } | null = null;
  private behindReported = -1;
  // Re-entrancy guard: rules run to a fixpoint; an input arriving meanwhile just asks for another pass.
  private evaluating = false;
  private dirty = false;

  constructor(
    opts: ConsensusEngineOptions,
    private readonly host: ConsensusHost,
  ) {
    this.chainId = opts.chainId;
    this.signer = opts.signer;
    this.verify = opts.verify;
    this.wal = opts.wal;
    this.clock = opts.clock;
    this.timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
    // 1 s on top of the prevote timeout: often enough to heal a lost vote within a round or
    // two, rare enough to be noise next to the votes themselves.
    this.rebroadcastMs = opts.rebroadcastMs === undefined ? 1000 : opts.rebroadcastMs;
    this.log = opts.logger ?? silentLogger;
  }

  /** Starts deciding `height` (the host has committed everything below it). */
  start(height: number): void {
    if (this.running) throw new EngineError({ code: "ALREADY_STARTED" });
    this.running = true;
    this.enterHeight(height);
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
  }

  /**
   * The host committed everything below `height` itself (sync brought blocks with verified
   * certificates): drop the current height and start deciding `height`. False if not ahead.
   */
  skipTo(height: number): boolean {
    if (!this.running || this.hs === null || height <= this.hs.height) return false;
    this.enterHeight(height);
    return true;
  }

  get status(): ConsensusStatus {
    const hs = this.hs;
    return {
      height: hs?.height ?? 0,
      round: hs?.round ?? 0,
      step: hs?.step ?? "propose",
      lockedRound: hs?.lockedRound ?? -1,
      validRound: hs?.validRound ?? -1,
      decided: hs?.decided ?? false,
    };
  }

  onVote(v: SignedVote): Verdict {
    const gate = this.gate(v.height, v);
    return gate ?? this.admitVote(v, false);
  }

  onProposal(p: SignedProposal): Verdict {
    const gate = this.gate(p.height, p);
    return gate ?? this.admitProposal(p, false);
  }

  // ---- admission ----

  /** Height checks shared by votes and proposals; null = handle it at the current height. */
  private gate(height: number, msg: ConsensusMessage): Verdict | null {
    const hs = this.hs;
    if (!this.running || hs === null) return ignore("NOT_RUNNING");
    // [IGNORE] an earlier height is decided already
    if (height < hs.height) return ignore("STALE_HEIGHT");
    // [IGNORE] more than one height ahead: sync, not consensus, catches us up
    if (height > hs.height + 1) return ignore("FUTURE_HEIGHT");
    if (height === hs.height + 1) return this.bufferFuture(height, msg);
    // [IGNORE] decided, waiting for the host to commit
    if (hs.decided) return ignore("DECIDED");
    return null;
  }

  private sigContext(verified: boolean): SignatureContext {
    return { chainId: this.chainId, verify: this.verify, verified };
  }

  private admitVote(v: SignedVote, verified: boolean): Verdict {
    const hs = this.hs!;
    const refused = checkVote(hs, v, this.sigContext(verified));
    if (refused !== null) return refused;
    const added = hs.votes.get(v.round, v.type).add(v);
    if (added.evidence !== undefined) {
      this.log.warn({ height: v.height, round: v.round, type: v.type, validator: toHex(v.validator) }, "equivocation");
      this.host.onEvidence?.(added.evidence);
    }
    // [IGNORE] an equivocator's further ids beyond what we keep
    if (!added.added) return ignore("EQUIVOCATION_CAP");
    hs.votes.noteSender(v.round, v.validator);
    this.evaluate();
    return added.evidence === undefined ? ACCEPT : { verdict: "accept", evidence: added.evidence };
  }

  private admitProposal(p: SignedProposal, verified: boolean): Verdict {
    const hs = this.hs!;
    const refused = checkProposal(hs, p, this.sigContext(verified));
    if (refused !== null) return refused;
    const value = hs.values.add(p.value);
    if (value === null) return ignore("TOO_MANY_PROPOSALS");
    if (hs.proposalsIn(p.round).length > 0) this.log.warn({ height: p.height, round: p.round }, "proposer sent conflicting proposals");
    hs.addProposal(p.round, { msg: p, value });
    hs.votes.noteSender(p.round, p.proposer);
    this.evaluate();
    return ACCEPT;
  }

  /** Next-height messages are verified against that height's set now and replayed later. */
  private bufferFuture(height: number, msg: ConsensusMessage): Verdict {
    let set: ValidatorSet;
    try {
      set = this.setAt(height);
    } catch {
      return ignore("NO_VALIDATOR_SET");
    }
    const refused = checkNextHeight(set, height, msg, this.future, this.sigContext(false));
    if (refused !== null) return refused;
    this.future.add(height, msg.kind === "vote" ? msg.validator : msg.proposer, msg);
    // f+1 senders there means the current height was decided; unless we are committing it
    // ourselves right now, we missed that and need the block from sync.
    if (this.future.senders(height) >= set.fPlusOne && this.behindReported < height && !this.hs!.decided) {
      this.behindReported = height;
      this.host.onFallenBehind?.(height);
    }
    return ACCEPT;
  }

  private setAt(height: number): ValidatorSet {
    if (this.nextSet?.height !== height) this.nextSet = { height, set: this.host.validatorsAt(height) };
    return this.nextSet.set;
  }

  // ---- heights and rounds ----

  private enterHeight(height: number): void {
    this.clearTimers();
    const validators = this.setAt(height);
    if (validators.size === 0) throw new EngineError({ code: "NO_VALIDATORS", height });
    const isValidator = this.signer !== null && validators.has(this.signer.publicKey);
    const hs = new HeightState(height, validators, isValidator);
    this.hs = hs;

    // Resume from what we signed before a restart: the highest round we took part in, our
    // lock (the last value we precommitted) and our votes, re-sent in case they were lost.
    const signed = this.wal.entriesAt(height);
    let round = 0;
    for (const e of signed) {
      round = Math.max(round, e.round);
      if (e.step === "precommit" && e.valueId !== null && e.round > hs.lockedRound) {
        hs.lockedRound = e.round;
        hs.lockedId = e.valueId;
      }
    }
    this.startRound(round);
    if (isValidator) {
      for (const e of signed) {
        if (e.step === "propose") continue; // re-sent only if we still hold the value (see propose)
        this.castVote(e.step, e.round, e.valueId);
        if (e.round === hs.round && stepIndex(e.step) > stepIndex(hs.step)) hs.step = e.step;
      }
    }
    this.scheduleRebroadcast(hs);

    for (const msg of this.future.take(height)) {
      if (this.hs !== hs || hs.decided) break;
      if (msg.kind === "vote") this.admitVote(msg, true);
      else this.admitProposal(msg, true);
    }
    this.evaluate();
  }

  /** Rule 1. */
  private startRound(round: number): void {
    const hs = this.hs!;
    hs.round = round;
    hs.step = "propose";
    this.log.debug({ height: hs.height, round }, "round");
    // The proposer also arms timeoutPropose, in case building or signing its value fails.
    this.schedule("propose", round);
    if (hs.isValidator && bytesEqual(hs.validators.proposer(hs.height, round), this.signer!.publicKey)) this.propose(round);
  }

  private propose(round: number): void {
    const hs = this.hs!;
    if (hs.validValue !== null) {
      this.sendProposal(round, hs.validValue, hs.validRound);
      return;
    }
    this.host.buildValue(hs.height, round).then(
      (built) => {
        if (!this.running || this.hs !== hs || hs.decided || hs.round !== round || hs.step !== "propose") return;
        const value = hs.values.add(built);
        if (value === null) return;
        // Our own block: the host built it from valid state, no need to execute it again.
        if (hs.values.validityOf(value) === undefined) hs.values.setValidity(value, true);
        this.sendProposal(round, value, -1);
        this.evaluate();
      },
      (e: unknown) => this.log.error({ height: hs.height, round, err: String(e) }, "buildValue failed"),
    );
  }

  private sendProposal(round: number, value: ProposalValue, validRound: number): void {
    const hs = this.hs!;
    if (hs.proposalsIn(round).some((s) => bytesEqual(s.msg.proposer, this.signer!.publicKey))) return;
    if (!this.walAllows(round, "propose", value.id)) return;
    const msg = signProposal(
      this.chainId,
      { height: hs.height, round, validRound, value, proposer: this.signer!.publicKey },
      this.signer!,
    );
    hs.addProposal(round, { msg, value });
    hs.votes.noteSender(round, this.signer!.publicKey);
    this.host.broadcast(msg);
  }

  /**
   * Records the intent in the WAL, or finds what we recorded before a crash. Returns the id we
   * may sign for (h, r, step): the recorded one wins; undefined = do not sign at all.
   */
  private walIdFor(round: number, step: Step, id: Uint8Array | null): Uint8Array | null | undefined {
    const hs = this.hs!;
    const prev = this.wal.get(hs.height, round, step);
    if (prev !== undefined) {
      if (idKey(prev.valueId) !== idKey(id)) {
        this.log.warn({ height: hs.height, round, step }, "re-signing the id recorded before a restart");
      }
      return prev.valueId;
    }
    try {
      this.wal.record({ height: hs.height, round, step, valueId: id });
      return id;
    } catch (e) {
      this.log.error({ height: hs.height, round, step, err: String(e) }, "WAL write failed; not signing");
      return undefined;
    }
  }

  private walAllows(round: number, step: Step, id: Uint8Array): boolean {
    const got = this.walIdFor(round, step, id);
    // A different proposal was signed before a restart and we no longer have its bytes: stay silent.
    return got !== undefined && got !== null && bytesEqual(got, id);
  }

  /** Signs (if we are a validator), counts and broadcasts our vote. */
  private castVote(type: VoteType, round: number, id: Uint8Array | null): void {
    const hs = this.hs!;
    if (!hs.isValidator) return;
    const signedId = this.walIdFor(round, type, id);
    if (signedId === undefined) return;
    const vote = signVote(
      this.chainId,
      { type, height: hs.height, round, valueId: signedId, validator: this.signer!.publicKey },
      this.signer!,
    );
    hs.votes.get(round, type).add(vote);
    hs.votes.noteSender(round, vote.validator);
    this.host.broadcast(vote);
  }

  // ---- rules ----

  private evaluate(): void {
    if (this.evaluating) {
      this.dirty = true;
      return;
    }
    this.evaluating = true;
    try {
      do {
        this.dirty = false;
        // Each pass either fires a rule (which changes state or sets a first-time guard) or ends.
        while (this.running && this.hs !== null && !this.hs.decided && this.fireOne()) {}
      } while (this.dirty);
    } finally {
      this.evaluating = false;
    }
  }

  private fireOne(): boolean {
    const action = nextAction(this.hs!, (value, round) => this.validity(value, round));
    if (action === null) return false;
    this.apply(action);
    return true;
  }

  private apply(a: Action): void {
    const hs = this.hs!;
    switch (a.kind) {
      case "decide":
        this.decide(a.round, a.value);
        break;
      case "startRound":
        this.startRound(a.round);
        break;
      case "prevote":
        this.castVote("prevote", hs.round, a.id);
        hs.step = "prevote";
        break;
      case "armPrevoteTimeout":
        hs.prevoteTimeoutStarted.add(hs.round);
        this.schedule("prevote", hs.round);
        break;
      case "lock":
        hs.lockRuleFired.add(hs.round);
        if (hs.step === "prevote") {
          hs.lockedId = a.value.id;
          hs.lockedRound = hs.round;
          this.castVote("precommit", hs.round, a.value.id);
          hs.step = "precommit";
        }
        hs.validValue = a.value;
        hs.validRound = hs.round;
        break;
      case "precommitNil":
        this.castVote("precommit", hs.round, null);
        hs.step = "precommit";
        break;
      case "armPrecommitTimeout":
        hs.precommitTimeoutStarted.add(hs.round);
        this.schedule("precommit", hs.round);
        break;
    }
  }

  /** Validity of a value, asking the host the first time; "pending" until it answers. */
  private validity(value: ProposalValue, round: number): boolean | "pending" {
    const hs = this.hs!;
    const known = hs.values.validityOf(value);
    if (known !== undefined) return known;
    hs.values.setValidity(value, "pending");
    const settle = (valid: boolean) => {
      hs.values.setValidity(value, valid);
      if (this.running && this.hs === hs) this.evaluate();
    };
    this.host.validateValue(hs.height, round, value).then(settle, (e: unknown) => {
      this.log.warn({ height: hs.height, round, err: String(e) }, "validateValue failed");
      settle(false);
    });
    return "pending";
  }

  private decide(round: number, value: ProposalValue): void {
    const hs = this.hs!;
    hs.decided = true;
    this.clearTimers();
    const cert = buildCertificate(hs.height, round, value.id, hs.votes.get(round, "precommit").votesFor(value.id));
    this.log.info({ height: hs.height, round, id: toHex(value.id) }, "decided");
    this.host.commit(hs.height, value, cert).then(
      () => {
        if (!this.running || this.hs !== hs) return; // the host moved us on meanwhile (skipTo)
        try {
          // Keep the decided height's entries: they cost nothing and cover a restart before the
          // host's own commit is durable.
          this.wal.pruneBelow(hs.height);
        } catch (e) {
          this.log.warn({ err: String(e) }, "WAL prune failed");
        }
        try {
          this.enterHeight(hs.height + 1);
        } catch (e) {
          this.log.error({ height: hs.height + 1, err: String(e) }, "cannot start the next height; waiting for skipTo");
        }
      },
      (e: unknown) => this.log.error({ height: hs.height, err: String(e) }, "commit failed; waiting for skipTo"),
    );
  }

  // ---- timers ----

  /** Rule 10: each timeout acts only if the height, round (and step) are still the ones it was armed for. */
  private schedule(step: Step, round: number): void {
    const hs = this.hs!;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.running || this.hs !== hs || hs.decided || hs.round !== round) return;
      if (step === "propose" && hs.step === "propose") {
        this.castVote("prevote", round, null);
        hs.step = "prevote";
      } else if (step === "prevote" && hs.step === "prevote") {
        this.castVote("precommit", round, null);
        hs.step = "precommit";
      } else if (step === "precommit") {
        // As in the paper, timeoutPrecommit checks (h, r) only: rule 7 can arm it in any step.
        this.startRound(round + 1);
      }
      this.evaluate();
    }, timeoutFor(this.timeouts, step, round));
    this.timers.add(handle);
  }

  /** Our messages of the current and previous round again, for peers that lost them. */
  private scheduleRebroadcast(hs: HeightState): void {
    if (this.rebroadcastMs === null || !hs.isValidator) return;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.running || this.hs !== hs || hs.decided) return;
      for (const round of [hs.round - 1, hs.round]) {
        if (round < 0) continue;
        for (const p of hs.proposalsIn(round)) if (bytesEqual(p.msg.proposer, this.signer!.publicKey)) this.host.broadcast(p.msg);
        for (const type of ["prevote", "precommit"] as const) {
          for (const v of hs.votes.get(round, type).all()) if (bytesEqual(v.validator, this.signer!.publicKey)) this.host.broadcast(v);
        }
      }
      this.scheduleRebroadcast(hs);
    }, this.rebroadcastMs + timeoutFor(this.timeouts, "prevote", hs.round));
    this.timers.add(handle);
  }

  private clearTimers(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}

function stepIndex(step: Step): number {
  return step === "propose" ? 0 : step === "prevote" ? 1 : 2;
}
