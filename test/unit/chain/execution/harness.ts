// Execution test harness: a Map-backed committed state, a block environment, and signed txs
// from named identities. `runBlock` executes and (like Chain) applies the changes it returns.
import { sha256 } from "@noble/hashes/sha2.js";
import { executeBlock, type ExecTx, type ExecutionResult } from "../../../../src/chain/execution/executor.js";
import { validatorsForHeight } from "../../../../src/chain/execution/validators.js";
import { DEFAULT_PARAMS, type ChainParams } from "../../../../src/chain/params.js";
import { decodeAccount, encodeAccount, EMPTY_ACCOUNT } from "../../../../src/chain/state/account.js";
import { stateMapKey, type StateChange, type StateReader } from "../../../../src/chain/state/state-store.js";
import { GOV_KEY_SET, encodeAddressList, sortValidators } from "../../../../src/chain/tx/kinds/governance-state.js";
import { StateNs, type Account, type StateNsByte } from "../../../../src/chain/tx/spec.js";
import type { TxKindName } from "../../../../src/chain/tx/kinds.js";
import type { TxBodies } from "../../../../src/chain/tx/types.js";
import type { Identity } from "../../../../src/client/keys.js";
import { buildTx } from "../../../../src/client/tx-builder.js";
import { toHex } from "../../../../src/util/bytes.js";
import { CHAIN_ID, identity } from "../tx/fixtures.js";

export { CHAIN_ID, identity };

export const PROPOSER = identity("proposer");
export const FEE = 50_000n;

export class MapState implements StateReader {
  readonly map = new Map<string, Uint8Array>();

  get(ns: StateNsByte, key: Uint8Array): Uint8Array | undefined {
    return this.map.get(stateMapKey(ns, key));
  }

  set(ns: StateNsByte, key: Uint8Array, value: Uint8Array): this {
    this.map.set(stateMapKey(ns, key), value);
    return this;
  }

  fund(who: Identity, balance: bigint, nonce = 0): this {
    return this.set(StateNs.account, who.publicKey, encodeAccount({ balance, nonce, prekey: null }));
  }

  setValidators(list: Identity[]): this {
    return this.set(StateNs.governance, GOV_KEY_SET, encodeAddressList(sortValidators(list.map((v) => v.publicKey))));
  }

  account(who: Identity): Account {
    const raw = this.get(StateNs.account, who.publicKey);
    return (raw && decodeAccount(raw)) ?? EMPTY_ACCOUNT;
  }

  apply(changes: readonly StateChange[]): void {
    // As the chain's state does: a zero-length value deletes the entry.
    for (const c of changes) {
      if (c.value.length === 0) this.map.delete(stateMapKey(c.ns, c.key));
      else this.set(c.ns, c.key, c.value);
    }
  }

  /** Every entry as hex, to assert that nothing at all changed. */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.map) out[Buffer.from(k, "latin1").toString("hex")] = toHex(v);
    return out;
  }
}

export interface TxOpts {
  nonce?: number;
  fee?: bigint;
  expiry?: number;
  chainId?: string;
}

/** A signed tx ready for the executor; nonce 0, fee FEE, expiry 1000 unless given. */
export function tx<K extends TxKindName>(from: Identity, kind: K, body: TxBodies[K], opts: TxOpts = {}): ExecTx {
  const built = buildTx(from, kind, body, {
    chainId: opts.chainId ?? CHAIN_ID,
    nonce: opts.nonce ?? 0,
    fee: opts.fee ?? FEE,
    expiry: opts.expiry ?? 1_000,
  });
  return { stx: built.stx, id: sha256(built.stx.payload) };
}

export interface RunOpts {
  height?: number;
  mode?: "build" | "verify";
  params?: ChainParams;
  /** Header time (default 1,000 ms per height). */
  time?: number;
  /** The parent's hash (default 32 zero bytes). */
  parentHash?: Uint8Array;
  /** Applies the changes to `state` (default true), as a committed block would. */
  commit?: boolean;
}

/** Executes one block at `height` (default 10) with the validators the state says govern it. */
export function runBlock(state: MapState, txs: ExecTx[], opts: RunOpts = {}): ExecutionResult {
  const height = opts.height ?? 10;
  const result = executeBlock(
    state,
    {
      chainId: CHAIN_ID, params: opts.params ?? DEFAULT_PARAMS, height, time: opts.time ?? height * 1_000, parentHash: opts.parentHash ?? new Uint8Array(32),
      proposer: PROPOSER.publicKey, validators: validatorsForHeight(state, height),
    },
    txs,
    opts.mode ?? "build",
  );
  if (opts.commit ?? true) state.apply(result.changes);
  return result;
}

/**
 * The error of the single refused tx of a result, whether it was left out (it could not pay or
 * its nonce was wrong) or included as failed (fee and nonce taken, no effect). Fails unless
 * exactly one tx was refused.
 */
export function rejection(result: ExecutionResult): ExecutionResult["rejected"][number]["error"]["type"] {
  const errors = [...result.rejected.map((r) => r.error), ...failures(result)];
  if (errors.length !== 1) throw new Error(`expected exactly one refused tx, got ${errors.length}`);
  return errors[0]!.type;
}

/** The errors of the txs included as failed, in block order. */
export function failures(result: ExecutionResult): NonNullable<ExecTx["failure"]>[] {
  return result.included.flatMap((t) => (t.failure ? [t.failure] : []));
}
