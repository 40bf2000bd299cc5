// Executes a block's txs against the committed state. The same code builds a proposal (txs that
// cannot be charged are left out and reported; txs whose effect fails are included as failed)
// and checks one (a tx that cannot be charged makes the block invalid), so proposer and
// validators can never disagree on what a tx does.
import type { BlockContext, ExecContext } from "../tx/spec.js";
import type { ChainParams } from "../params.js";
import type { SignedTx } from "../tx/types.js";
import type { ActionEvent } from "../actions/events.js";
import type { ActionMove } from "../actions/moves.js";
import { BLOCK_HOOKS, specOf } from "../tx/registry.js";
import { txError, type TxError } from "../tx/errors.js";
import type { Address } from "../tx/types.js";
import { BlockOverlay } from "./overlay.js";
import { addWithin } from "../tx/kinds/funds.js";
import type { StateChange, StateReader } from "../state/state-store.js";

export interface ExecTx {
  stx: SignedTx;
  id: Uint8Array;
  /**
   * Set when the tx is in the block but its own effect failed: the fee is paid and the nonce
   * used, nothing else changed. Its txRoot entry says so (failedTxEntry), so no proof can show
   * it as done.
   */
  failure?: TxError;
}

export interface BlockEnv {
  chainId: string;
  params: ChainParams;
  height: number;
  /** The block's header time (ms): the proposer's clock, checked by validators (chain.ts). */
  time: number;
  /** The parent block's hash. */
  parentHash: Uint8Array;
  proposer: Address;
  /** Validator set governing this height. */
  validators: readonly Address[];
}

export interface ExecutionResult {
  /** Every tx of the block in order, the failed ones (with `failure`) among them. */
  included: ExecTx[];
  /** Txs that cannot be in the block at all (nonce, fee, expiry, chain): nobody pays for them. */
  rejected: Array<{ tx: ExecTx; error: TxError }>;
  changes: StateChange[];
  fees: bigint;
  /** What automatic actions locked and paid out, in block order; `index`: the tx's, null for a hook. */
  moves: BlockMove[];
}

export interface BlockMove extends ActionMove {
  index: number | null;
}

/** Moves noted by the tx or hook running now, kept when its writes are (MoveLog.keep). */
class MoveLog {
  readonly kept: BlockMove[] = [];
  private pending: ActionMove[] = [];
  readonly note = (m: ActionMove): void => {
    this.pending.push(m);
  };
  // Most txs move nothing through an action: no allocation for them.
  keep(index: number | null): void {
    if (this.pending.length === 0) return;
    for (const m of this.pending) this.kept.push({ ...m, index });
    this.pending = [];
  }
  drop(): void {
    if (this.pending.length > 0) this.pending = [];
  }
}

/** Minimum fee for a tx of `size` wire bytes. */
export function minFee(params: ChainParams, size: number): bigint {
  return params.feeBase + params.feePerByte * BigInt(size);
}

/** Checks on a tx's common fields that need no state beyond the height. */
export function checkCommon(stx: SignedTx, env: { chainId: string; params: ChainParams; height: number }): TxError | null {
  const { tx } = stx;
  // [REJECT] a tx signed for another chain never executes here.
  if (tx.chainId !== env.chainId) return txError({ code: "WRONG_CHAIN", expected: env.chainId, got: tx.chainId });
  // [REJECT] expiry bounds replay: past its last height a tx is dead.
  if (tx.expiry < env.height) return txError({ code: "EXPIRED", expiry: tx.expiry, height: env.height });
  // [REJECT] an expiry far in the future would defeat the replay bound.
  if (tx.expiry > env.height + env.params.maxExpiryWindow)
    return txError({ code: "EXPIRY_TOO_FAR", expiry: tx.expiry, max: env.height + env.params.maxExpiryWindow });
  const spec = specOf(tx.kind);
  // [REJECT] fee covers base + per byte, so every byte on chain is paid for, plus what the
  // kind's own work costs (an action's condition, docs/ACTIONS.md 1 "Cost").
  const min = minFee(env.params, stx.bytes.length) + spec.extraFee(tx as never);
  if (tx.fee < min) return txError({ code: "FEE_TOO_LOW", min, got: tx.fee });
  return spec.checkStateless(tx as never, env.params);
}

/**
 * The part of a tx that makes it includable: common rules, the nonce, the fee paid up front.
 * A tx failing here is not in the block and costs nothing, so these checks are all cheap and
 * admission runs them too.
 */
function chargeTx(overlay: BlockOverlay, env: BlockEnv, item: ExecTx): TxError | null {
  const { tx } = item.stx;
  const common = checkCommon(item.stx, env);
  if (common) return common;
  const sender = overlay.getAccount(tx.from);
  // [REJECT] strict nonces: exactly the account's next one, no gaps, no replays.
  if (tx.nonce < sender.nonce) return txError({ code: "NONCE_TOO_LOW", expected: sender.nonce, got: tx.nonce });
  if (tx.nonce > sender.nonce) return txError({ code: "NONCE_GAP", expected: sender.nonce, got: tx.nonce });
  // [REJECT] the fee is paid up front from the sender's balance.
  if (sender.balance < tx.fee) return txError({ code: "INSUFFICIENT_FUNDS", balance: sender.balance, needed: tx.fee });
  overlay.setAccount(tx.from, { ...sender, balance: sender.balance - tx.fee, nonce: sender.nonce + 1 });
  return null;
}

function applyKind(ctx: BlockContext, item: ExecTx): TxError | null {
  const { tx } = item.stx;
  const txCtx: ExecContext = { ...ctx, txId: item.id };
  return specOf(tx.kind).apply(tx as never, txCtx);
}

/** The block's state as its hooks see it (TxKindSpec.blockHooks). */
function blockContext(overlay: BlockOverlay, env: BlockEnv, moves: MoveLog): BlockContext {
  return {
    params: env.params,
    chainId: env.chainId,
    height: env.height,
    time: env.time,
    parentHash: env.parentHash,
    getAccount: (a) => overlay.getAccount(a),
    setAccount: (a, acct) => overlay.setAccount(a, acct),
    get: (ns, k) => overlay.get(ns, k),
    set: (ns, k, v) => overlay.set(ns, k, v),
    validators: () => env.validators,
    noteMove: moves.note,
  };
}

/**
 * Runs every kind's hook of one phase, in type-byte order; each hook's writes are kept at once.
 * End hooks see the action events of the txs that took effect, in block order.
 */
function runHooks(overlay: BlockOverlay, ctx: BlockContext, moves: MoveLog, phase: "beginBlock" | "endBlock", events: readonly ActionEvent[] = []): void {
  for (const hooks of BLOCK_HOOKS) {
    if (phase === "beginBlock") hooks.beginBlock?.(ctx);
    else hooks.endBlock?.(ctx, events);
    overlay.commitTx();
    moves.keep(null);
  }
}

/**
 * mode "build": txs that cannot be included are dropped and reported; mode "verify": the first
 * such tx stops execution and is reported (the block is invalid). In both modes a tx whose own
 * effect fails is included as failed (fee and nonce taken, `failure` set).
 */
export function executeBlock(base: StateReader, env: BlockEnv, txs: readonly ExecTx[], mode: "build" | "verify"): ExecutionResult {
  const overlay = new BlockOverlay(base);
  // Order of a block (docs/PROTOCOL.md, "Executing a block"): begin hooks, txs, end hooks, fees.
  const moves = new MoveLog();
  const hookCtx = blockContext(overlay, env, moves);
  runHooks(overlay, hookCtx, moves, "beginBlock");
  const included: ExecTx[] = [];
  const events: ActionEvent[] = [];
  const pushEvent = (ev: ActionEvent): void => {
    events.push(ev);
  };
  const rejected: Array<{ tx: ExecTx; error: TxError }> = [];
  let fees = 0n;
  for (const item of txs) {
    const refused = chargeTx(overlay, env, item);
    if (refused) {
      overlay.revertTx();
      rejected.push({ tx: item, error: refused });
      if (mode === "verify") break;
      continue;
    }
    const failure = applyKind(hookCtx, item);
    if (failure) {
      // [FAIL] the kind's own rules refused it after the fee was taken: keep the fee and the
      // nonce (a failing tx is not free, so it cannot be repeated every block at no cost) and
      // drop everything else it wrote.
      overlay.revertTx();
      moves.drop();
      chargeTx(overlay, env, item);
      overlay.commitTx();
      fees += item.stx.tx.fee;
      included.push({ stx: item.stx, id: item.id, failure });
      continue;
    }
    overlay.commitTx();
    moves.keep(included.length);
    fees += item.stx.tx.fee;
    included.push(item);
    // What the tx means to automatic actions (a reply, a payment, a post): the end hook routes it.
    specOf(item.stx.tx.kind).actionEvents(item.stx.tx as never, pushEvent);
  }
  runHooks(overlay, hookCtx, moves, "endBlock", events);
  // Fees go to the proposer once per block (one account write, not one per tx). They cannot
  // overflow: genesis caps the total supply at U64_MAX and nothing mints the native token.
  if (fees > 0n) {
    const p = overlay.getAccount(env.proposer);
    overlay.setAccount(env.proposer, { ...p, balance: addWithin(p.balance, fees) });
    overlay.commitTx();
  }
  return { included, rejected, changes: overlay.changes(), fees, moves: moves.kept };
}
