// Executes a block's txs against the committed state. The same code builds a proposal (failing
// txs are left out and reported) and checks one (any failing tx makes the block invalid), so
// proposer and validators can never disagree on what a tx does.
import type { BlockContext, ExecContext } from "../tx/spec.js";
import type { ChainParams } from "../params.js";
import type { SignedTx } from "../tx/types.js";
import { BLOCK_HOOKS, specOf } from "../tx/registry.js";
import { txError, type TxError } from "../tx/errors.js";
import type { Address } from "../tx/types.js";
import { BlockOverlay } from "./overlay.js";
import type { StateChange, StateReader } from "../state/state-store.js";

export interface ExecTx {
  stx: SignedTx;
  id: Uint8Array;
}

export interface BlockEnv {
  chainId: string;
  params: ChainParams;
  height: number;
  proposer: Address;
  /** Validator set governing this height. */
  validators: readonly Address[];
}

export interface ExecutionResult {
  included: ExecTx[];
  rejected: Array<{ tx: ExecTx; error: TxError }>;
  changes: StateChange[];
  fees: bigint;
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
  // [REJECT] fee covers base + per byte, so every byte on chain is paid for.
  const min = minFee(env.params, stx.bytes.length);
  if (tx.fee < min) return txError({ code: "FEE_TOO_LOW", min, got: tx.fee });
  return specOf(tx.kind).checkStateless(tx as never, env.params);
}

function applyTx(overlay: BlockOverlay, env: BlockEnv, item: ExecTx): TxError | null {
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
  const ctx: ExecContext = {
    params: env.params,
    chainId: env.chainId,
    height: env.height,
    txId: item.id,
    getAccount: (a) => overlay.getAccount(a),
    setAccount: (a, acct) => overlay.setAccount(a, acct),
    get: (ns, k) => overlay.get(ns, k),
    set: (ns, k, v) => overlay.set(ns, k, v),
    validators: () => env.validators,
  };
  return specOf(tx.kind).apply(tx as never, ctx);
}

/** The block's state as its hooks see it (TxKindSpec.blockHooks). */
function blockContext(overlay: BlockOverlay, env: BlockEnv): BlockContext {
  return {
    params: env.params,
    chainId: env.chainId,
    height: env.height,
    getAccount: (a) => overlay.getAccount(a),
    setAccount: (a, acct) => overlay.setAccount(a, acct),
    get: (ns, k) => overlay.get(ns, k),
    set: (ns, k, v) => overlay.set(ns, k, v),
    validators: () => env.validators,
  };
}

/** Runs every kind's hook of one phase, in type-byte order; each hook's writes are kept at once. */
function runHooks(overlay: BlockOverlay, ctx: BlockContext, phase: "beginBlock" | "endBlock"): void {
  for (const hooks of BLOCK_HOOKS) {
    const hook = hooks[phase];
    if (!hook) continue;
    hook(ctx);
    overlay.commitTx();
  }
}

/**
 * mode "build": failing txs are dropped and reported; mode "verify": the first failing tx
 * stops execution and is reported (the block is invalid).
 */
export function executeBlock(base: StateReader, env: BlockEnv, txs: readonly ExecTx[], mode: "build" | "verify"): ExecutionResult {
  const overlay = new BlockOverlay(base);
  // Order of a block (docs/PROTOCOL.md, "Executing a block"): begin hooks, txs, end hooks, fees.
  const hookCtx = blockContext(overlay, env);
  runHooks(overlay, hookCtx, "beginBlock");
  const included: ExecTx[] = [];
  const rejected: Array<{ tx: ExecTx; error: TxError }> = [];
  let fees = 0n;
  for (const item of txs) {
    const error = applyTx(overlay, env, item);
    if (error) {
      overlay.revertTx();
      rejected.push({ tx: item, error });
      if (mode === "verify") break;
      continue;
    }
    overlay.commitTx();
    fees += item.stx.tx.fee;
    included.push(item);
  }
  runHooks(overlay, hookCtx, "endBlock");
  // Fees go to the proposer once per block (one account write, not one per tx).
  if (fees > 0n) {
    const p = overlay.getAccount(env.proposer);
    overlay.setAccount(env.proposer, { ...p, balance: p.balance + fees });
    overlay.commitTx();
  }
  return { included, rejected, changes: overlay.changes(), fees };
}
