// Connects the BFT engine to the chain: builds proposals from the mempool, validates others'
// proposals by executing them, commits decided blocks with their certificate, and paces the
// start of each height (block time under load, heartbeat while idle, or at once when peers
// have already moved on).
import { bytesEqual, toHex } from "../util/bytes.js";
import { verifyEd25519 } from "../crypto/native.js";
import { blockHash, type BlockTxSource, type Chain, type PreparedBlock } from "../chain/chain.js";
import { BlockError, decodeBlock, encodeBlock } from "../chain/block/codec.js";
import { ConsensusEngine } from "../consensus/engine.js";
import { ValidatorSet } from "../consensus/validator-set.js";
import { decodeCertificate, encodeCertificate, verifyCertificate, type CommitCertificate } from "../consensus/certificate.js";
import type { ConsensusHost } from "../consensus/host.js";
import type { ProposalValue } from "../consensus/types.js";
import type { Equivocation, SignedProposal, SignedVote } from "../consensus/messages.js";
import type { BlockPipeline } from "./block-pipeline.js";
import type { Pacer } from "./pacing.js";
import type { Logger } from "../util/logger.js";
import type { Address } from "../chain/tx/types.js";
import type { EvidenceStore } from "./evidence.js";

// Prepared blocks kept per height: ours plus a few proposals from others (faulty proposers
// may send several); everything below the head is dropped.
const MAX_PREPARED = 16;

// Block faults that follow from the block and our head alone (execution is deterministic), so
// every honest node sees them: the signed proposer provably built a bad block.
const PROVABLE_BLOCK_FAULTS: ReadonlySet<string> = new Set(["BAD_TX", "BAD_ROOT", "TOO_LARGE", "BAD_BLOCK_ENCODING"]);

export class ChainConsensusHost implements ConsensusHost {
  engine: ConsensusEngine | null = null;
  private readonly prepared = new Map<string, PreparedBlock>();
  private readonly abort = new AbortController();
  private peerHeight = 0;

  constructor(
    private readonly chain: Chain,
    private readonly txSource: BlockTxSource,
    private readonly pipeline: BlockPipeline,
    private readonly pacer: Pacer,
    private readonly me: Address | null,
    private readonly publish: (msg: SignedProposal | SignedVote) => void,
    private readonly evidence: EvidenceStore,
    private readonly log: Logger,
  ) {}

  validatorsAt(height: number): ValidatorSet {
    // The engine asks for the current height and height + 1; changes take effect two heights
    // after they are decided, so both are known from the head state.
    return ValidatorSet.from(this.chain.validatorsAfterHead(height));
  }

  async buildValue(height: number): Promise<ProposalValue> {
    this.log.debug({ height }, "building proposal");
    const lastCommit = height > 1 ? ((await this.chain.blocks.commit(height - 1)) ?? null) : null;
    const p = await this.pipeline.propose(this.me!, lastCommit);
    this.remember(p);
    return { id: p.hash, bytes: encodeBlock(p.block) };
  }

  async validateValue(height: number, _round: number, value: ProposalValue): Promise<boolean> {
    return this.validate(height, value, this.now());
  }

  /** `now`: the clock a block may be at most 10 s ahead of; a decided block is not held to it. */
  private async validate(height: number, value: ProposalValue, now: number): Promise<boolean> {
    const known = this.prepared.get(toHex(value.id));
    if (known) return known.block.header.height === height;
    const decoded = decodeBlock(value.bytes, this.chain.params.maxBlockBytes + 1024 * 1024);
    if (!decoded.ok) return false;
    const block = decoded.value;
    this.log.debug({ height, txs: block.txs.length }, "validating proposal");
    // [REJECT] the id the proposer signed is the hash of the block it sent.
    if (!bytesEqual(blockHash(block.header), value.id) || block.header.height !== height) return false;
    // [REJECT] a block carries a valid certificate of its parent (none for height 1).
    if (!(await this.checkLastCommit(height, block.lastCommit))) return false;
    const t0 = performance.now();
    const checked = await this.chain.checkBlock(block, this.txSource, now);
    this.log.debug({ height, txs: block.txs.length, ms: Math.round(performance.now() - t0), ok: checked.ok }, "proposal checked");
    if (!checked.ok) {
      this.log.warn({ height, err: checked.error.message }, "invalid proposal");
      // Only faults any honest node at our head sees too are the proposer's: not its clock or parent.
      if (PROVABLE_BLOCK_FAULTS.has(checked.error.code)) this.onMisbehaviour?.(block.header.proposer, `invalid block: ${checked.error.code}`);
      return false;
    }
    this.remember(checked.value);
    return true;
  }

  private async checkLastCommit(height: number, lastCommit: Uint8Array | null): Promise<boolean> {
    if (height === 1) return lastCommit === null;
    if (lastCommit === null) return false;
    const cert = decodeCertificate(lastCommit);
    if (!cert.ok) return false;
    const parent = this.chain.head;
    if (cert.value.height !== height - 1 || !bytesEqual(cert.value.valueId, parent.hash)) return false;
    return verifyCertificate(cert.value, ValidatorSet.from(await this.chain.validatorsAt(height - 1)), this.chain.chainId, verifyEd25519).ok;
  }

  async commit(height: number, value: ProposalValue, cert: CommitCertificate): Promise<void> {
    let p = this.prepared.get(toHex(value.id));
    if (!p) {
      // A quorum decided it: the future-time rule is for voting, and a clock behind must not stall us here.
      if (!(await this.validate(height, value, Number.MAX_SAFE_INTEGER))) throw new BlockError({ code: "BAD_COMMIT", reason: `decided value at ${height} does not validate` });
      p = this.prepared.get(toHex(value.id))!;
    }
    const block = p;
    this.onDecided?.(block.block.header.time, cert.round);
    this.log.debug({ height, round: cert.round, txs: block.txs.length, proposer: toHex(block.block.header.proposer).slice(0, 8) }, "committing");
    await this.locked(async () => {
      // Sync may have committed this height while the engine was deciding it.
      if (this.chain.head.height === height - 1) await this.storing(this.timedCommit(block, encodeCertificate(cert)));
    });
    this.prepared.clear();
    await this.paceNextHeight();
  }

  /** Commit a block learned by sync (already verified against its certificate). */
  async commitSynced(p: PreparedBlock, cert: Uint8Array): Promise<void> {
    await this.locked(async () => {
      if (this.chain.head.height === p.block.header.height - 1) await this.storing(this.timedCommit(p, cert));
    });
    this.prepared.clear();
    this.engine?.skipTo(this.chain.head.height + 1);
  }

  /** Set by the node: how long each commit took (parley_block_commit_seconds). */
  commitTimed: ((seconds: number) => void) | null = null;

  private async timedCommit(p: PreparedBlock, cert: Uint8Array): Promise<void> {
    const t0 = performance.now();
    await this.chain.commit(p, cert);
    this.commitTimed?.((performance.now() - t0) / 1000);
  }

  /** Set by the node: validators silent at a height this node decided (missed-vote metrics). */
  heightLeft: ((height: number, validators: readonly Address[], silent: readonly Address[]) => void) | null = null;

  onHeightLeft(height: number, validators: readonly Address[], silent: readonly Address[]): void {
    this.heightLeft?.(height, validators, silent);
  }

  /** The highest height peers were seen deciding (from consensus messages); 0 if none yet. */
  get peerDecidingHeight(): number {
    return this.peerHeight;
  }

  /**
   * A write that failed for another reason than the block (a full disk, an I/O error): the
   * node must stop rather than go on with state it could not persist. The batch was atomic, so
   * nothing on disk is half-written.
   */
  private async storing(write: Promise<void>): Promise<void> {
    try {
      await write;
    } catch (e) {
      if (!(e instanceof BlockError)) this.onStorageFailure?.(e);
      throw e;
    }
  }

  /** Set by the node: a storage write failed (stop cleanly; see ParleyNode.onFatal). */
  onStorageFailure: ((e: unknown) => void) | null = null;

  // Consensus and sync both commit; one at a time, each re-checking the head inside.
  private lock: Promise<void> = Promise.resolve();
  private locked(fn: () => Promise<void>): Promise<void> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  broadcast(msg: SignedProposal | SignedVote): void {
    this.publish(msg);
  }

  onEvidence(e: Equivocation): void {
    this.log.warn({ validator: toHex(e.vote1.validator), height: e.vote1.height, round: e.vote1.round, type: e.vote1.type }, "equivocation detected");
    void this.storing(this.evidence.record(e)).catch(() => undefined);
    this.onMisbehaviour?.(e.vote1.validator, "equivocation");
  }

  /** The node's block-time clock (chain-clock.ts); set by the node. */
  now: () => number = Date.now;
  /** Set by the node: a block decided by consensus (not sync), with its header time and the round that decided it. */
  onDecided: ((blockTime: number, round: number) => void) | null = null;

  /** Set by the node: strike a validator that signed something provably faulty. */
  onMisbehaviour: ((validator: Uint8Array, reason: string) => void) | null = null;

  onFallenBehind(height: number): void {
    this.peerHeight = Math.max(this.peerHeight, height);
    this.onBehind?.(height);
  }

  /** Set by the node: start a sync when the engine sees the network ahead of us. */
  onBehind: ((height: number) => void) | null = null;

  /** Peers are already deciding a height above our head. */
  peerAhead(): boolean {
    return this.peerHeight > this.chain.head.height;
  }

  /** A consensus message for a height above ours arrived: stop pacing and join. */
  sawHeight(height: number): void {
    if (height > this.chain.head.height) {
      this.peerHeight = Math.max(this.peerHeight, height);
      this.pacer.notify();
    }
  }

  private async paceNextHeight(): Promise<void> {
    const next = this.chain.head.height + 1;
    await this.pacer.waitForWork(this.chain.head.header.time, this.abort.signal, () => this.peerHeight >= next);
  }

  private remember(p: PreparedBlock): void {
    if (this.prepared.size >= MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value!);
    this.prepared.set(toHex(p.hash), p);
  }

  stop(): void {
    this.abort.abort();
    this.pacer.notify();
  }
}
