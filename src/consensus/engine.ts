// The Tendermint state machine ("The latest gossip on BFT consensus", Algorithm 1) for one
// height at a time; rule numbers are those of docs/CONSENSUS.md. Every input (message,
// timeout, host answer) is recorded and turned into Actions (rules.ts, actions.ts), and
// `apply` is the one place that changes the height's state. After each input the rules are
// re-evaluated until none fires, which is the paper's "upon" semantics without tracking which
// condition each input touched.
import { toHex } from "../util/bytes.js";
import { formatAddress } from "../chain/address.js";
import { ParleyError } from "../util/errors.js";
import type { Action } from "./actions.js";
import { buildCertificate } from "./certificate.js";
import { HeightState } from "./height-state.js";
import type { ConsensusHost } from "./host.js";
import { MessageIntake } from "./intake.js";
import type { ConsensusMessage, SignedProposal, SignedVote } from "./messages.js";
import { Outbox } from "./outbox.js";
import { nextAction, timeoutAction } from "./rules.js";
import { resumePoint, WalGuardedSigner } from "./signing.js";
import { DEFAULT_TIMEOUTS, TimerSet, timeoutFor, type TimeoutConfig } from "./timeouts.js";
import {
  STEPS,
  type Clock,
  type ConsensusLogger,
  type ConsensusStatus,
  type ProposalValue,
  type Signer,
  type Step,
  type VerifyFn,
} from "./types.js";
import type { Verdict } from "./verdict.js";
import type { SigningWal } from "./wal.js";

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
  private readonly outbox: Outbox;
  private readonly wal: SigningWal;
  private readonly timeouts: TimeoutConfig;
  private readonly rebroadcastMs: number | null;
  private readonly log: ConsensusLogger;

  private running = false;
  private hs: HeightState | null = null;
  private readonly timers: TimerSet;
  private readonly intake: MessageIntake;
  // Re-entrancy guard: rules run to a fixpoint; an input arriving meanwhile just asks for another pass.
  private evaluating = false;
  private dirty = false;

  constructor(
    opts: ConsensusEngineOptions,
    private readonly host: ConsensusHost,
  ) {
    this.wal = opts.wal;
    this.timers = new TimerSet(opts.clock);
    this.timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
    // 1 s on top of the prevote timeout: often enough to heal a lost vote within a round or
    // two, rare enough to be noise next to the votes themselves.
    this.rebroadcastMs = opts.rebroadcastMs === undefined ? 1000 : opts.rebroadcastMs;
    this.log = opts.logger ?? silentLogger;
    const signing = opts.signer === null ? null : new WalGuardedSigner(opts.chainId, opts.signer, opts.wal, this.log);
    this.outbox = new Outbox(signing, host);
    this.intake = new MessageIntake({ chainId: opts.chainId, verify: opts.verify, host, log: this.log });
  }

  /** Starts deciding `height` (the host has committed everything below it). */
  start(height: number): void {
    if (this.running) throw new EngineError({ code: "ALREADY_STARTED" });
    this.running = true;
    this.enterHeight(height);
  }

  stop(): void {
    this.running = false;
    this.timers.clear();
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
    return this.receive(v);
  }

  onProposal(p: SignedProposal): Verdict {
    return this.receive(p);
  }

  /** Every message is recorded by the intake; one counted at this height can make a rule fire. */
  private receive(msg: ConsensusMessage): Verdict {
    const { verdict, counted } = this.intake.receive(this.running ? this.hs : null, msg);
    if (!counted) return verdict;
    if (msg.kind === "proposal") this.checkLateProposal(msg);
    this.evaluate();
    return verdict;
  }

  /**
   * Rule 2 asks for a proposal's validity only in step propose. One that came after
   * timeoutPropose (a large block on a starved machine) is checked too, in the background: a
   * later proposer without a validValue proposes it again (rule 1), and then every validator
   * that checked it prevotes at once instead of checking a new, larger block in time. Only
   * the current and the previous round's: a late block arrives within a round of its own, and
   * a faulty proposer must not make us check blocks for every round it had this height.
   */
  private checkLateProposal(msg: SignedProposal): void {
    const hs = this.hs!;
    if (msg.round > hs.round || msg.round < hs.round - 1 || (msg.round === hs.round && hs.step === "propose")) return;
    const stored = hs.proposalsIn(msg.round).find((s) => s.msg === msg);
    if (stored !== undefined) this.validity(stored.value, msg.round);
  }

  // ---- heights ----

  private enterHeight(height: number): void {
    this.timers.clear();
    const prev = this.hs;
    if (prev !== null && prev.decided && this.host.onHeightLeft) {
      this.host.onHeightLeft(prev.height, prev.validators.addresses, prev.validators.addresses.filter((a) => !prev.votes.heardFrom(a)));
    }
    const validators = this.intake.setAt(height);
    if (validators.size === 0) throw new EngineError({ code: "NO_VALIDATORS", height });
    const isValidator = this.outbox.isValidatorIn(validators);
    const hs = new HeightState(height, validators, isValidator);
    // The height starts where we stood before a restart: our highest round and our lock, and
    // our votes are sent again in case they were lost.
    const resumed = resumePoint(this.wal, height);
    hs.lockedRound = resumed.lockedRound;
    hs.lockedId = resumed.lockedId;
    this.hs = hs;
    this.apply({ rule: 1, kind: "startRound", round: resumed.round });
    if (isValidator) for (const entry of resumed.votes) this.apply({ rule: "wal", kind: "resendVote", entry });
    this.scheduleRebroadcast(hs);

    for (const msg of this.intake.takeFuture(height)) {
      if (this.hs !== hs || hs.decided) break;
      if (this.intake.count(hs, msg, true).counted) this.evaluate();
    }
    this.evaluate();
  }

  private decide(round: number, value: ProposalValue): void {
    const hs = this.hs!;
    hs.decided = true;
    this.timers.clear();
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

  // ---- rules: the one place the height's state changes ----

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
      case "startRound":
        hs.round = a.round;
        hs.step = "propose";
        this.log.debug({ height: hs.height, round: a.round }, "round");
        // "Who is down?": a round above 0 means the last round's proposer's block was not decided in time.
        if (a.round > 0) this.log.info({ height: hs.height, round: a.round, failedProposer: formatAddress(hs.validators.proposer(hs.height, a.round - 1)) }, "new round: the previous round's proposer did not get a block decided in time");
        // The proposer also arms timeoutPropose, in case building or signing its value fails.
        this.schedule("propose", a.round);
        if (this.outbox.isProposer(hs, a.round)) this.propose(a.round);
        break;
      case "propose": {
        const value = hs.values.add(a.value);
        if (value === null) break;
        // A block we built: the host built it from valid state, no need to execute it again
        // (a validValue re-proposed is known valid already).
        if (hs.values.validityOf(value) === undefined) hs.values.setValidity(value, true);
        this.outbox.propose(hs, a.round, value, a.validRound);
        break;
      }
      case "prevote":
        this.outbox.vote(hs, "prevote", hs.round, a.id);
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
          this.outbox.vote(hs, "precommit", hs.round, a.value.id);
          hs.step = "precommit";
        }
        hs.validValue = a.value;
        hs.validRound = hs.round;
        break;
      case "precommitNil":
        this.outbox.vote(hs, "precommit", hs.round, null);
        hs.step = "precommit";
        break;
      case "armPrecommitTimeout":
        hs.precommitTimeoutStarted.add(hs.round);
        this.schedule("precommit", hs.round);
        break;
      case "decide":
        this.decide(a.round, a.value);
        break;
      case "resendVote":
        this.outbox.vote(hs, a.entry.step, a.entry.round, a.entry.valueId);
        // Back in the step we had reached, so that no rule of an earlier step fires again.
        if (a.entry.round === hs.round && STEPS.indexOf(a.entry.step) > STEPS.indexOf(hs.step)) hs.step = a.entry.step;
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

  /**
   * Rule 1 for the proposer: validValue if we hold one, else the newest value proposed earlier
   * in this height that we found valid, else a new value from the host.
   */
  private propose(round: number): void {
    const hs = this.hs!;
    if (hs.validValue !== null) {
      this.apply({ rule: 1, kind: "propose", round, value: hs.validValue, validRound: hs.validRound });
      return;
    }
    // A round that failed because its block could not be built, sent and checked within
    // timeoutPropose leaves that block checked on most validators: proposing it again costs
    // them nothing, where a new block (larger: the mempool grew meanwhile) would cost a check
    // again, and on a starved machine fail the same way round after round.
    const checked = hs.newestProposedBefore(round, (v) => hs.values.validityOf(v) === true);
    if (checked !== null) {
      this.log.info({ height: hs.height, round, id: toHex(checked.id) }, "proposing again a block proposed earlier in this height");
      this.apply({ rule: 1, kind: "propose", round, value: checked, validRound: -1 });
      return;
    }
    this.host.buildValue(hs.height, round).then(
      (value) => {
        if (!this.running || this.hs !== hs || hs.decided) return;
        // Built after our own timeoutPropose (or a later round started): still proposed for
        // its round, so that the others check it meanwhile and a later proposer can propose it
        // again, instead of building a larger block in time round after round.
        this.apply({ rule: 1, kind: "propose", round, value, validRound: -1 });
        this.evaluate();
      },
      (e: unknown) => this.log.error({ height: hs.height, round, err: String(e) }, "buildValue failed"),
    );
  }

  // ---- timers ----

  /** Rule 10: the timeout's action goes through `apply` like any rule's. */
  private schedule(step: Step, round: number): void {
    const hs = this.hs!;
    this.timers.after(timeoutFor(this.timeouts, step, round), () => {
      const action = this.running && this.hs === hs ? timeoutAction(hs, step, round) : null;
      if (action === null) return;
      this.apply(action);
      this.evaluate();
    });
  }

  /** Our messages of the current and previous round again, for peers that lost them. */
  private scheduleRebroadcast(hs: HeightState): void {
    if (this.rebroadcastMs === null || !hs.isValidator) return;
    this.timers.after(this.rebroadcastMs + timeoutFor(this.timeouts, "prevote", hs.round), () => {
      if (!this.running || this.hs !== hs || hs.decided) return;
      this.outbox.resend(hs);
      this.scheduleRebroadcast(hs);
    });
  }
}
