// A simulated network of consensus engines on a virtual clock: every link can delay, drop,
// reorder (random delays) and partition messages, driven by a seeded PRNG so a failing seed
// replays exactly. Each node's host keeps a chain of committed values, relays what its engine
// accepts (as gossipsub forwards validated messages) and syncs committed blocks with their
// certificates from peers when it falls behind. The harness records every message any engine
// broadcast, every decision and every certificate check, so tests can assert safety globally.
import { verifyCertificate, type CommitCertificate } from "../../../src/consensus/certificate.js";
import { ConsensusEngine } from "../../../src/consensus/engine.js";
import type { ConsensusHost } from "../../../src/consensus/host.js";
import type { ConsensusMessage, Equivocation, SignedProposal, SignedVote } from "../../../src/consensus/messages.js";
import type { TimeoutConfig } from "../../../src/consensus/timeouts.js";
import type { ProposalValue, Signer } from "../../../src/consensus/types.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { MemoryWal, type SigningWal } from "../../../src/consensus/wal.js";
import { bytesEqual, toHex } from "../../../src/util/bytes.js";
import { makeKeys, memoVerify, nativeSigner, type TestKey } from "./keys.js";
import { VirtualClock } from "./virtual-clock.js";

export const CHAIN_ID = "parley-sim";

/** mulberry32: tiny, fast, good enough to drive a network simulation reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LinkConfig {
  drop: number;
  minDelay: number;
  maxDelay: number;
}

export const FAST_TIMEOUTS: TimeoutConfig = {
  propose: { baseMs: 1000, deltaMs: 500 },
  prevote: { baseMs: 500, deltaMs: 250 },
  precommit: { baseMs: 500, deltaMs: 250 },
};

export interface SimOptions {
  n: number;
  seed?: number;
  link?: LinkConfig;
  /** Nodes relay messages their engine accepted (default true). */
  relay?: boolean;
  timeouts?: TimeoutConfig;
  rebroadcastMs?: number | null;
  /** Virtual ms a host takes to build a block and to check one (a starved machine: large). */
  buildMs?: number;
  validateMs?: number;
}

export class SimNode implements ConsensusHost {
  engine: ConsensusEngine | null = null;
  wal: SigningWal = new MemoryWal();
  readonly chain: { value: ProposalValue; cert: CommitCertificate }[] = [];
  up = false;
  /** Byzantine hook: sees every outgoing message; return true to replace the default broadcast. */
  outbound: ((msg: ConsensusMessage) => boolean) | null = null;
  readonly signer: Signer;
  private syncPending = false;

  constructor(
    readonly sim: Sim,
    readonly index: number,
    readonly key: TestKey,
  ) {
    this.signer = nativeSigner(key);
  }

  get height(): number {
    return this.chain.length;
  }

  /** (Re)starts the engine after the last committed height, with whatever the WAL holds. */
  boot(): void {
    this.engine = new ConsensusEngine(
      {
        chainId: CHAIN_ID,
        signer: this.signer,
        verify: this.sim.verify,
        wal: this.wal,
        clock: this.sim.clock,
        timeouts: this.sim.timeouts,
        rebroadcastMs: this.sim.rebroadcastMs,
      },
      this,
    );
    this.up = true;
    this.engine.start(this.height + 1);
  }

  /** The process dies: its engine state is gone, its WAL and chain stay. */
  kill(): void {
    this.engine?.stop();
    this.engine = null;
    this.up = false;
  }

  // ---- ConsensusHost ----

  validatorsAt(): ValidatorSet {
    return this.sim.set;
  }

  async buildValue(): Promise<ProposalValue> {
    await this.sim.work(this.sim.buildMs);
    const id = new Uint8Array(32);
    for (let i = 0; i < 32; i++) id[i] = Math.floor(this.sim.rand() * 256);
    return { id, bytes: id.slice() };
  }

  async validateValue(_h: number, _r: number, value: ProposalValue): Promise<boolean> {
    await this.sim.work(this.sim.validateMs);
    return bytesEqual(value.id, value.bytes) && !this.sim.invalid.has(toHex(value.id));
  }

  async commit(height: number, value: ProposalValue, cert: CommitCertificate): Promise<void> {
    // A dead process commits nothing: never resolve, the engine object is dropped anyway.
    if (!this.up) return new Promise(() => {});
    this.accept(height, value, cert, "engine");
    // Resolve on the next clock event, as a real disk write would, so that a single validator
    // (which decides without timers) does not spin through heights inside one promise chain.
    return new Promise((resolve) => this.sim.clock.setTimeout(resolve, 0));
  }

  broadcast(msg: SignedProposal | SignedVote): void {
    if (!this.up) return;
    this.sim.sent.push({ from: this.index, msg });
    if (this.outbound?.(msg)) return;
    this.sim.broadcastFrom(this.index, msg);
  }

  onEvidence(evidence: Equivocation): void {
    this.sim.evidence.push(evidence);
  }

  onFallenBehind(): void {
    this.requestSync();
  }

  // ---- sync ----

  /** Asks peers for committed blocks after a round trip; a no-op if one is already pending. */
  requestSync(): void {
    if (this.syncPending) return;
    this.syncPending = true;
    this.sim.clock.setTimeout(() => {
      this.syncPending = false;
      this.syncNow();
    }, 200);
  }

  private syncNow(): void {
    if (!this.up || this.engine === null) return;
    let next = this.engine.status.height;
    const start = next;
    for (;;) {
      const peer = this.sim.nodes.find((p) => p !== this && p.up && this.sim.reachable(p.index, this.index) && p.chain.length >= next);
      if (peer === undefined) break;
      const block = peer.chain[next - 1]!;
      if (!this.accept(next, block.value, block.cert, "sync")) break;
      next++;
    }
    if (next > start) this.engine.skipTo(next);
  }

  /** Stores a committed block after checking its certificate; records safety violations. */
  private accept(height: number, value: ProposalValue, cert: CommitCertificate, via: string): boolean {
    const check = verifyCertificate(cert, this.sim.set, CHAIN_ID, this.sim.verify);
    if (!check.ok || cert.height !== height || !bytesEqual(cert.valueId, value.id)) {
      this.sim.violations.push(`node ${this.index} got a bad certificate for height ${height} via ${via}`);
      return false;
    }
    if (height <= this.chain.length) {
      if (!bytesEqual(this.chain[height - 1]!.value.id, value.id)) this.sim.violations.push(`node ${this.index} decided twice at ${height}`);
      return true;
    }
    if (height !== this.chain.length + 1) {
      this.sim.violations.push(`node ${this.index} committed ${height} after ${this.chain.length}`);
      return false;
    }
    this.chain.push({ value, cert });
    this.sim.recordDecision(this.index, height, value.id);
    return true;
  }
}

export class Sim {
  readonly clock = new VirtualClock();
  readonly rand: () => number;
  readonly keys: TestKey[];
  readonly set: ValidatorSet;
  readonly nodes: SimNode[];
  readonly verify = memoVerify();
  readonly timeouts: TimeoutConfig;
  readonly rebroadcastMs: number | null;
  readonly relay: boolean;
  readonly buildMs: number;
  readonly validateMs: number;
  link: LinkConfig;
  /** Everything any engine broadcast (own messages, re-sends included), for the equivocation check. */
  readonly sent: { from: number; msg: ConsensusMessage }[] = [];
  readonly evidence: Equivocation[] = [];
  readonly violations: string[] = [];
  /** Value ids that every honest host considers invalid. */
  readonly invalid = new Set<string>();
  private readonly decisions = new Map<number, string>();
  private readonly blocked = new Set<string>();
  private readonly links = new Map<string, LinkConfig>();

  constructor(opts: SimOptions) {
    this.rand = prng(opts.seed ?? 1);
    this.keys = makeKeys(opts.n, `sim-${opts.n}`);
    this.set = ValidatorSet.from(this.keys.map((k) => k.publicKey));
    this.nodes = this.keys.map((k, i) => new SimNode(this, i, k));
    this.link = opts.link ?? { drop: 0, minDelay: 5, maxDelay: 50 };
    this.relay = opts.relay ?? true;
    this.timeouts = opts.timeouts ?? FAST_TIMEOUTS;
    this.rebroadcastMs = opts.rebroadcastMs === undefined ? 1000 : opts.rebroadcastMs;
    this.buildMs = opts.buildMs ?? 0;
    this.validateMs = opts.validateMs ?? 0;
  }

  /** Host work of `ms` virtual ms; none at 0, so hosts without it answer in the same tick as before. */
  async work(ms: number): Promise<void> {
    if (ms > 0) await new Promise<void>((resolve) => this.clock.setTimeout(() => resolve(), ms));
  }

  /** Boots every node except the listed ones (they stay silent until booted). */
  start(silent: number[] = []): void {
    for (const node of this.nodes) if (!silent.includes(node.index)) node.boot();
  }

  // ---- network ----

  setLink(from: number, to: number, cfg: LinkConfig): void {
    this.links.set(`${from}>${to}`, cfg);
  }

  /** Cuts every link between different groups; nodes in no group are cut from everyone. */
  partition(groups: number[][]): void {
    this.blocked.clear();
    const groupOf = (i: number) => groups.findIndex((g) => g.includes(i));
    for (const a of this.nodes) {
      for (const b of this.nodes) {
        const ga = groupOf(a.index);
        if (a !== b && (ga < 0 || ga !== groupOf(b.index))) this.blocked.add(`${a.index}>${b.index}`);
      }
    }
  }

  heal(): void {
    this.blocked.clear();
  }

  reachable(from: number, to: number): boolean {
    return !this.blocked.has(`${from}>${to}`);
  }

  broadcastFrom(from: number, msg: ConsensusMessage, except = -1): void {
    for (const node of this.nodes) if (node.index !== from && node.index !== except) this.send(from, node.index, msg);
  }

  send(from: number, to: number, msg: ConsensusMessage): void {
    if (!this.reachable(from, to)) return;
    const cfg = this.links.get(`${from}>${to}`) ?? this.link;
    if (this.rand() < cfg.drop) return;
    const delay = cfg.minDelay + this.rand() * (cfg.maxDelay - cfg.minDelay);
    this.clock.setTimeout(() => this.receive(to, from, msg), delay);
  }

  private receive(to: number, from: number, msg: ConsensusMessage): void {
    const node = this.nodes[to]!;
    if (!node.up || node.engine === null) return;
    const verdict = msg.kind === "vote" ? node.engine.onVote(msg) : node.engine.onProposal(msg);
    if (verdict.verdict === "reject") this.violations.push(`node ${to} rejected a message from ${from}: ${verdict.reason}`);
    else if (verdict.verdict === "accept" && this.relay) this.broadcastFrom(to, msg, from);
    else if (verdict.verdict === "ignore" && verdict.reason === "FUTURE_HEIGHT") node.requestSync();
  }

  // ---- observation ----

  recordDecision(node: number, height: number, id: Uint8Array): void {
    const hex = toHex(id);
    const prev = this.decisions.get(height);
    if (prev === undefined) this.decisions.set(height, hex);
    else if (prev !== hex) this.violations.push(`height ${height}: node ${node} decided ${hex.slice(0, 8)}, another node ${prev.slice(0, 8)}`);
  }

  decidedHeights(): number {
    return this.decisions.size;
  }

  /** Lowest committed height among the given nodes (default: all). */
  minHeight(indexes: number[] = this.nodes.map((n) => n.index)): number {
    return Math.min(...indexes.map((i) => this.nodes[i]!.height));
  }

  /** Runs virtual time for at most `ms`, stopping early once `done()` holds. */
  runUntil(done: () => boolean, ms: number): Promise<boolean> {
    return this.clock.run(this.clock.now() + ms, done);
  }

  /** Validators (by node index) that signed two different things for one (height, round, step). */
  equivocators(): number[] {
    const seen = new Map<string, string>();
    const bad = new Set<number>();
    // By signer, not sender: a validator re-sends the prevotes its lock rests on (outbox.ts),
    // others' signed votes that are no equivocation of its own.
    const signerIndex = new Map(this.keys.map((k, i) => [toHex(k.publicKey), i]));
    for (const { msg } of this.sent) {
      const from = signerIndex.get(toHex(msg.kind === "vote" ? msg.validator : msg.proposer)) ?? -1;
      const step = msg.kind === "vote" ? msg.type : "propose";
      const k = `${msg.height}/${msg.round}/${step}/${from}`;
      const id = msg.kind === "vote" ? (msg.valueId === null ? "nil" : toHex(msg.valueId)) : toHex(msg.value.id);
      const prev = seen.get(k);
      if (prev === undefined) seen.set(k, id);
      else if (prev !== id) bad.add(from);
    }
    return [...bad].sort();
  }
}
