// The chain facade: opens storage, builds and checks blocks by executing them, and commits a
// finalized block with all its effects (block, txs, state, SMT nodes, indexes, head) in ONE
// atomic, flushed LevelDB batch. Consensus decides *which* block; this decides what it means.
import { bytesEqual, toHex, utf8 } from "../util/bytes.js";
import { err, ok, type Result } from "../util/errors.js";
import { sha256, verifyEd25519 } from "../crypto/native.js";
import { encode } from "./codec.js";
import { BlockError, encodeHeader } from "./block/codec.js";
import { merkleRoot } from "./block/merkle.js";
import { txRootEntries } from "./block/tx-entry.js";
import { BLOCK_VERSION, ZERO_HASH, type Block, type BlockHeader } from "./block/types.js";
import type { Genesis } from "./genesis.js";
import type { ChainParams } from "./params.js";
import { Database, WriteBatch } from "./storage/db.js";
import { BlockStore } from "./storage/block-store.js";
import { IndexStore } from "./storage/index-store.js";
import { TxRepository } from "./storage/tx-repository.js";
import { Bucket, bucketKey } from "./storage/buckets.js";
import { checkDataDirFormat, corruptDataDir, isCorruption, putDataDirFormat } from "./storage/data-dir-format.js";
import { StateStore, isDelete, smtKey, stateMapKey, type StateChange } from "./state/state-store.js";
import { SparseMerkleTree, EMPTY_ROOT, type SmtNodeStore, type SmtNodeWrite } from "./state/smt/tree.js";
import { StaleNodeLog } from "./state/smt/prune.js";
import { encodeAccount } from "./state/account.js";
import { StateNs, type StateNsByte } from "./tx/spec.js";
import type { Address, SignedTx } from "./tx/types.js";
import { decodeTx, signingMessage, SIG_LEN } from "./tx/codec.js";
import { executeBlock, type BlockMove, type ExecTx, type ExecutionResult } from "./execution/executor.js";
import { validatorsForHeight, validatorsHash } from "./execution/validators.js";
import { BlockIndexWriter } from "./execution/indexer.js";
import { channelKeyRows } from "./execution/channel-key-rows.js";
import { ChannelKeyStore } from "./storage/channel-key-store.js";
import { decodeChannelState } from "./tx/kinds/channel-state.js";
import { GOV_KEY_SET, encodeAddressList, decodeAddressList } from "./tx/kinds/governance-state.js";
import { actionsDue } from "./actions/block-hook.js";
import { changedActions } from "./actions/action-store.js";
import type { ActionRecord } from "./actions/records.js";
import type { ActionState } from "./actions/state-keys.js";

/** A block executed against the current head, ready to commit without re-executing. */
export interface PreparedBlock {
  block: Block;
  hash: Uint8Array;
  txs: ExecTx[];
  exec: ExecutionResult;
  smtNodes: SmtNodeWrite[];
  /** Stored tree nodes the block's root no longer holds (what pruning may delete later). */
  smtSuperseded: Uint8Array[];
}

/**
 * Where a block's txs get their signature check: `known` returns the decoded tx for ids whose
 * signature was already checked (mempool admission), so they are neither decoded nor verified
 * twice; `verify` checks the rest and may answer later (a worker thread), so every verify of a
 * block is requested before the first answer is awaited.
 */
export interface BlockTxSource {
  known(id: Uint8Array): SignedTx | undefined;
  verify(stx: SignedTx, id: Uint8Array): boolean | Promise<boolean>;
}

/** No mempool, verify on the calling thread: replay tools and tests. */
export const INLINE_TX_SOURCE: BlockTxSource = {
  known: () => undefined,
  verify: txSignatureValid,
};

export interface CommittedBlock {
  block: Block;
  hash: Uint8Array;
  txs: ExecTx[];
  /** Automatic actions the block created or changed (by a tx or its end-block hook), decoded. */
  actions: Array<{ id: Uint8Array; record: ActionRecord }>;
  /** What those actions locked and paid out, in block order (subscribe_assets). */
  moves: BlockMove[];
}

export interface HeadInfo {
  height: number;
  hash: Uint8Array;
  header: BlockHeader;
}

type Listener = (b: CommittedBlock) => void;

// Clocks of consortium members drift; a proposal from further ahead than this is refused.
const MAX_FUTURE_DRIFT_MS = 10_000;
const VSET_PREFIX = utf8("vset:");

export function blockHash(header: BlockHeader): Uint8Array {
  return sha256(encodeHeader(header));
}

export function txIdOf(stx: SignedTx): Uint8Array {
  return sha256(stx.payload);
}

/** Strict Ed25519 check of a tx's signature, on the calling thread. */
export function txSignatureValid(stx: SignedTx): boolean {
  return verifyEd25519(stx.tx.from, signingMessage(stx.tx.chainId, stx.payload), stx.sig);
}

export interface ChainOptions {
  /**
   * Superseded state-tree nodes are deleted once this many newer heights no longer need them,
   * so the roots of the last `stateHistory` heights stay whole (docs/OPERATIONS.md
   * `--state-history`). 0 keeps every node of every height (an archive).
   */
  stateHistory?: number;
}

/** Default of ChainOptions.stateHistory: an archive, as before pruning existed (DECISIONS.md 41 says why it is not on). */
export const DEFAULT_STATE_HISTORY = 0;

export class Chain {
  private listeners: Listener[] = [];
  private readonly pruning: StaleNodeLog | null;
  private headInfo!: HeadInfo;
  /** Finalized txs by id, decoded (the one reader of stored txs). */
  readonly txs: TxRepository;

  private constructor(
    readonly genesis: Genesis,
    readonly db: Database,
    readonly blocks: BlockStore,
    readonly indexes: IndexStore,
    readonly state: StateStore,
    readonly smt: SparseMerkleTree,
    stateHistory: number,
    /** The tree's nodes as stored (no cache): what a check that a root is whole on disk reads. */
    readonly smtStore: SmtNodeStore,
    readonly channelKeys: ChannelKeyStore = new ChannelKeyStore(db),
  ) {
    this.txs = new TxRepository(blocks);
    this.pruning = stateHistory > 0 ? new StaleNodeLog(stateHistory) : null;
  }

  /** Pruning's state for metrics: nodes awaiting deletion, nodes deleted since start; null when not pruning. */
  pruningStats(): { pending: number; deleted: number } | null {
    return this.pruning ? { pending: this.pruning.pendingCount, deleted: this.pruning.deletedTotal } : null;
  }

  get chainId(): string {
    return this.genesis.chainId;
  }
  get params(): ChainParams {
    return this.genesis.params;
  }
  get head(): HeadInfo {
    return this.headInfo;
  }

  /** Opens (or creates) the chain in `dataDir`; a damaged database is refused with DATA_DIR_CORRUPT. */
  static async open(dataDir: string, genesis: Genesis, opts: ChainOptions = {}): Promise<Chain> {
    const stateHistory = opts.stateHistory ?? DEFAULT_STATE_HISTORY;
    if (!Number.isSafeInteger(stateHistory) || stateHistory < 0) throw new RangeError(`stateHistory must be a whole number of heights >= 0, got ${stateHistory}`);
    let db: Database | null = null;
    try {
      db = await Database.open(dataDir);
      return await Chain.openOn(db, dataDir, genesis, stateHistory);
    } catch (e) {
      if (!isCorruption(e)) throw e;
      await db?.close().catch(() => undefined);
      throw corruptDataDir(dataDir, e);
    }
  }

  private static async openOn(db: Database, dataDir: string, genesis: Genesis, stateHistory: number): Promise<Chain> {
    await checkDataDirFormat(db, dataDir);
    const blocks = new BlockStore(db);
    // Only a pruning chain needs each block's superseded nodes.
    const smt = new SparseMerkleTree({ get: (h) => db.get(bucketKey(Bucket.smtNode, h)) }, { keyPrefix: Bucket.smtNode, trackSuperseded: stateHistory > 0 });
    const chain = new Chain(genesis, db, blocks, new IndexStore(db), await StateStore.load(db), smt, stateHistory, {
      get: (h) => db.get(bucketKey(Bucket.smtNode, h)),
      getMany: (hs) => db.getMany(hs.map((h) => bucketKey(Bucket.smtNode, h))),
    });
    const head = await blocks.headHeight();
    if (head === undefined) await chain.writeGenesis();
    else {
      const stored = await blocks.genesisHash();
      const header = await blocks.header(head);
      if (!header) throw new BlockError({ code: "BAD_BLOCK_ENCODING", reason: `head header ${head} missing: data dir is corrupt` });
      chain.headInfo = { height: head, hash: blockHash(header), header };
      const expected = blockHash((await blocks.header(0))!);
      if (stored && !bytesEqual(stored, expected)) throw new BlockError({ code: "BAD_PARENT", expected: toHex(stored), got: toHex(expected) });
    }
    return chain;
  }

  /** Height 0: no txs, the genesis allocation as state. Every node derives the same hash. */
  private async writeGenesis(): Promise<void> {
    const g = this.genesis;
    const changes: StateChange[] = g.accounts.map((a) => ({ ns: StateNs.account, key: a.address, value: encodeAccount({ balance: a.balance, nonce: 0, prekey: null }) }));
    changes.push({ ns: StateNs.governance, key: GOV_KEY_SET, value: encodeAddressList(g.validators) });
    const { root, nodes } = await this.smt.update(EMPTY_ROOT, changes.map((c) => ({ key: smtKey(c.ns, c.key), valueHash: sha256(c.value) })));
    const vh = validatorsHash(g.validators);
    const header: BlockHeader = {
      version: BLOCK_VERSION, chainId: g.chainId, height: 0, time: g.genesisTime, parentHash: ZERO_HASH, proposer: ZERO_HASH,
      txRoot: merkleRoot(sha256, []), txCount: 0, stateRoot: root, validatorsHash: vh, nextValidatorsHash: vh, lastCommitHash: ZERO_HASH,
    };
    const block: Block = { header, txs: [], lastCommit: null };
    const hash = blockHash(header);
    const batch = new WriteBatch();
    this.blocks.putGenesisHash(batch, hash);
    putDataDirFormat(batch);
    await this.persist(batch, { block, hash, txs: [], exec: { included: [], rejected: [], changes, fees: 0n, moves: [] }, smtNodes: nodes, smtSuperseded: [] }, null);
  }

  on(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Validator set for `height` (<= head + 1), from the headers' validator hashes. */
  async validatorsAt(height: number): Promise<Address[]> {
    if (height === this.headInfo.height + 1) return validatorsForHeight(this.state, height);
    const header = await this.blocks.header(height);
    if (!header) return [];
    return decodeAddressList(await this.db.get(bucketKey(Bucket.meta, VSET_PREFIX, header.validatorsHash)));
  }

  /** Validator set of a height above the head, from the current set and scheduled changes. */
  validatorsAfterHead(height: number): Address[] {
    return validatorsForHeight(this.state, Math.max(height, this.headInfo.height + 1));
  }

  /**
   * Whether a block made now would run some due automatic action (a schedule, an expiry), so
   * the node makes one even with no tx waiting. Reads the head state; writes nothing.
   */
  actionsDue(nowMs: number): boolean {
    const time = Math.max(nowMs, this.headInfo.header.time + 1);
    return actionsDue(readOnlyActionState(this.state), this.headInfo.height + 1, time);
  }

  nextValidators(): Address[] {
    return validatorsForHeight(this.state, this.headInfo.height + 1);
  }

  /** Executes candidate txs (already verified) on top of the head; failing ones are left out. */
  async buildBlock(candidates: ExecTx[], proposer: Address, lastCommit: Uint8Array | null, now: number): Promise<{ prepared: PreparedBlock; rejected: ExecutionResult["rejected"] }> {
    const height = this.headInfo.height + 1;
    const validators = validatorsForHeight(this.state, height);
    // The time is fixed before execution: automatic actions read it (their time clock).
    const time = Math.max(now, this.headInfo.header.time + 1);
    const env = { chainId: this.chainId, params: this.params, height, time, parentHash: this.headInfo.hash, proposer, validators };
    const exec = executeBlock(this.state, env, candidates, "build");
    const prepared = await this.seal(height, time, proposer, lastCommit, exec, validators);
    return { prepared, rejected: exec.rejected };
  }

  private async seal(height: number, time: number, proposer: Address, lastCommit: Uint8Array | null, exec: ExecutionResult, validators: Address[]): Promise<PreparedBlock> {
    const { root, nodes, superseded } = await this.smt.update(this.headInfo.header.stateRoot, exec.changes.map(smtChange));
    const next = validatorsForHeight(new ChangesOverState(this.state, exec.changes), height + 1);
    const header: BlockHeader = {
      version: BLOCK_VERSION, chainId: this.chainId, height, time, parentHash: this.headInfo.hash, proposer,
      txRoot: merkleRoot(sha256, txRootEntries(exec.included)), txCount: exec.included.length, stateRoot: root,
      validatorsHash: validatorsHash(validators), nextValidatorsHash: validatorsHash(next),
      lastCommitHash: lastCommit ? sha256(lastCommit) : ZERO_HASH,
    };
    const block: Block = { header, txs: exec.included.map((t) => t.stx.bytes), lastCommit };
    return { block, hash: blockHash(header), txs: exec.included, exec, smtNodes: nodes, smtSuperseded: superseded };
  }

  /**
   * Full validity of a block proposed on top of the head: structure, parent, time, every tx
   * (decoding, signature, execution) and every root. Signatures are checked through `source`.
   */
  async checkBlock(block: Block, source: BlockTxSource, now: number): Promise<Result<PreparedBlock, BlockError>> {
    const h = block.header;
    const head = this.headInfo;
    if (h.chainId !== this.chainId || h.version !== BLOCK_VERSION) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "wrong chain or version" }));
    if (h.height !== head.height + 1) return err(new BlockError({ code: "BAD_HEIGHT", expected: head.height + 1, got: h.height }));
    if (!bytesEqual(h.parentHash, head.hash)) return err(new BlockError({ code: "BAD_PARENT", expected: toHex(head.hash), got: toHex(h.parentHash) }));
    if (h.time <= head.header.time) return err(new BlockError({ code: "BAD_TIME", reason: "not after parent" }));
    if (h.time > now + MAX_FUTURE_DRIFT_MS) return err(new BlockError({ code: "BAD_TIME", reason: "too far in the future" }));
    if (block.txs.length > this.params.maxBlockTxs) return err(new BlockError({ code: "TOO_LARGE", reason: "too many txs" }));
    const txs: ExecTx[] = [];
    // Indexes into txs of those whose signature is still being checked, with the pending answers.
    const pendingAt: number[] = [];
    const pending: Array<Promise<boolean>> = [];
    for (let i = 0; i < block.txs.length; i++) {
      const bytes = block.txs[i]!;
      const id = bytes.length > SIG_LEN ? sha256(bytes.subarray(SIG_LEN)) : new Uint8Array(32);
      const pooled = source.known(id);
      if (pooled && bytesEqual(pooled.bytes, bytes)) {
        txs.push({ stx: pooled, id });
        continue;
      }
      const d = decodeTx(bytes, this.params.maxTxBytes);
      if (!d.ok) return err(new BlockError({ code: "BAD_TX", index: i, reason: d.error.code }));
      // [REJECT] every tx carries a valid signature of its sender.
      const valid = source.verify(d.value, id);
      if (valid === false) return err(new BlockError({ code: "BAD_TX", index: i, reason: "BAD_SIGNATURE" }));
      if (valid !== true) {
        pendingAt.push(i);
        pending.push(valid);
      }
      txs.push({ stx: d.value, id });
    }
    if (pending.length > 0) {
      const answers = await Promise.all(pending);
      const bad = answers.indexOf(false);
      if (bad >= 0) return err(new BlockError({ code: "BAD_TX", index: pendingAt[bad]!, reason: "BAD_SIGNATURE" }));
      // The head may have moved while the signatures were checked (sync, another commit).
      if (this.headInfo !== head) return err(new BlockError({ code: "BAD_HEIGHT", expected: this.headInfo.height + 1, got: h.height }));
    }
    const validators = validatorsForHeight(this.state, h.height);
    const env = { chainId: this.chainId, params: this.params, height: h.height, time: h.time, parentHash: h.parentHash, proposer: h.proposer, validators };
    const exec = executeBlock(this.state, env, txs, "verify");
    const failed = exec.rejected[0];
    if (failed) return err(new BlockError({ code: "BAD_TX", index: txs.indexOf(failed.tx), reason: failed.error.message }));
    const prepared = await this.seal(h.height, h.time, h.proposer, block.lastCommit, exec, validators);
    if (!bytesEqual(prepared.hash, blockHash(h))) return err(new BlockError({ code: "BAD_ROOT", root: "header does not match execution (txRoot, stateRoot, validators or lastCommit)" }));
    return ok({ ...prepared, block });
  }

  /** Commits a prepared block with the certificate that finalized it. */
  async commit(prepared: PreparedBlock, commit: Uint8Array | null): Promise<void> {
    if (prepared.block.header.height !== this.headInfo.height + 1 || !bytesEqual(prepared.block.header.parentHash, this.headInfo.hash))
      throw new BlockError({ code: "BAD_PARENT", expected: toHex(this.headInfo.hash), got: toHex(prepared.block.header.parentHash) });
    await this.persist(new WriteBatch(), prepared, commit);
  }

  private async persist(batch: WriteBatch, p: PreparedBlock, commit: Uint8Array | null): Promise<void> {
    const { block, hash } = p;
    const height = block.header.height;
    this.blocks.putBlock(batch, block, hash, p.txs, commit);
    this.state.write(batch, p.exec.changes);
    // n.key is bucketKey(Bucket.smtNode, n.hash), built in the tree's slab (SmtOptions.keyPrefix).
    for (const n of p.smtNodes) batch.put(n.key, n.bytes);
    // Deletions ride in the block's own batch: on disk together with the block or not at all.
    const prune = this.pruning?.plan(height, p.smtNodes, p.smtSuperseded) ?? null;
    if (prune) for (const h of prune.deletions) batch.del(bucketKey(Bucket.smtNode, h));
    const indexWriter = new BlockIndexWriter(this.indexes, batch, height);
    for (let index = 0; index < p.txs.length; index++) {
      const t = p.txs[index]!;
      indexWriter.writeTx(t.stx, t.id, index, t.failure !== undefined);
    }
    // this.state is still the parent state here: the epochs before this block.
    for (const r of channelKeyRows(p.txs, (c) => channelEpoch(this.state, c))) this.channelKeys.put(batch, r.channel, r.member, { height, index: r.index }, r.txId, r.epoch);
    const next = validatorsForHeight(new ChangesOverState(this.state, p.exec.changes), height + 1);
    batch.put(bucketKey(Bucket.meta, VSET_PREFIX, block.header.validatorsHash), encode(height === 0 ? this.genesis.validators : validatorsForHeight(this.state, height)));
    batch.put(bucketKey(Bucket.meta, VSET_PREFIX, block.header.nextValidatorsHash), encode(next));
    await this.db.write(batch);
    if (prune) this.pruning!.apply(prune);
    this.state.apply(p.exec.changes);
    this.headInfo = { height, hash, header: block.header };
    const committed: CommittedBlock = { block, hash, txs: p.txs, actions: changedActions(p.exec.changes), moves: p.exec.moves };
    for (const l of this.listeners) l(committed);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** The head state for the due-queue check (DueQueue.hasDue), which only reads: writes go nowhere. */
function readOnlyActionState(state: StateStore): ActionState {
  return { get: (ns, key) => state.get(ns as StateNsByte, key), set: () => undefined };
}

/** A state change as the tree sees it: a zero-length value deletes the key (PROTOCOL.md 5). */
function smtChange(c: StateChange): { key: Uint8Array; valueHash: Uint8Array | null } {
  return { key: smtKey(c.ns, c.key), valueHash: isDelete(c) ? null : sha256(c.value) };
}

function channelEpoch(state: StateStore, channel: Uint8Array): number {
  const raw = state.get(StateNs.channel, channel);
  return (raw && decodeChannelState(raw)?.epoch) ?? 0;
}

/** State as it will be after `changes`: used to derive the next validator set before commit. */
class ChangesOverState {
  private readonly map = new Map<string, Uint8Array>();
  // Namespaces whose changes are in `map`. Indexed on first read of each: the only reader
  // (validatorsForHeight) reads governance, and a block's thousands of account and asset
  // changes need not be keyed twice per block for it.
  private readonly indexed = new Set<StateNsByte>();
  constructor(
    private readonly base: StateStore,
    private readonly changes: StateChange[],
  ) {}
  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined {
    if (!this.indexed.has(ns)) {
      this.indexed.add(ns);
      for (const c of this.changes) if (c.ns === ns) this.map.set(stateMapKey(c.ns, c.key), c.value);
    }
    const pending = this.map.get(stateMapKey(ns, key));
    if (pending === undefined) return this.base.get(ns, key);
    return pending.length === 0 ? undefined : pending;
  }
}
