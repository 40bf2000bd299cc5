// A small chain for the action kinds' tests: blocks run through the real executor (kind apply,
// the actions end-block hook, fees), one height and one second of block time apart, with
// nonces tracked per sender. Reads decode the stored action records.
import { loadAction } from "../../../../../src/chain/actions/action-store.js";
import type { ActionRecord } from "../../../../../src/chain/actions/records.js";
import type { ExecTx, ExecutionResult } from "../../../../../src/chain/execution/executor.js";
import type { ChainParams } from "../../../../../src/chain/params.js";
import type { TxKindName } from "../../../../../src/chain/tx/kinds.js";
import type { StateNsByte } from "../../../../../src/chain/tx/spec.js";
import type { TxBodies } from "../../../../../src/chain/tx/types.js";
import type { Identity } from "../../../../../src/client/keys.js";
import { toHex } from "../../../../../src/util/bytes.js";
import { failures, MapState, runBlock, tx } from "../../execution/harness.js";

export const START_BALANCE = 10_000_000n;
/** Covers the size fee and any condition cost of the txs these tests send. */
export const SIM_FEE = 100_000n;

export class ActionSim {
  readonly state = new MapState();
  /** Height of the next block. */
  height = 1;
  private pending = new Map<string, number>();

  /** `params`: the chain's parameters when a test needs others than the defaults (short name periods). */
  constructor(funded: Identity[], balance = START_BALANCE, readonly params?: ChainParams) {
    for (const who of funded) this.state.fund(who, balance);
  }

  /** A signed tx with the sender's next nonce (counting txs built since the last block). */
  tx<K extends TxKindName>(from: Identity, kind: K, body: TxBodies[K], fee = SIM_FEE): ExecTx {
    const k = toHex(from.publicKey);
    const n = this.pending.get(k) ?? 0;
    this.pending.set(k, n + 1);
    return tx(from, kind, body, { nonce: this.state.account(from).nonce + n, fee, expiry: this.height + 100 });
  }

  /** Executes and commits the next block; its time is `height * 1000` ms and its parent hash zeros unless given. */
  block(txs: ExecTx[] = [], time?: number, parentHash?: Uint8Array): ExecutionResult {
    this.pending.clear();
    const height = this.height++;
    return runBlock(this.state, txs, { height, time: time ?? height * 1_000, ...(parentHash ? { parentHash } : {}), ...(this.params ? { params: this.params } : {}) });
  }

  /** Runs empty blocks until the next block's height is `height`. */
  until(height: number): void {
    while (this.height < height) this.block();
  }

  balance(who: Identity): bigint {
    return this.state.account(who).balance;
  }

  record(id: Uint8Array): ActionRecord | undefined {
    return loadAction({ get: (ns, key) => this.state.get(ns as StateNsByte, key), set: () => undefined }, id);
  }

  /** Every entry of an action namespace, to assert an action left nothing behind. */
  entries(ns: StateNsByte): number {
    let n = 0;
    for (const k of this.state.map.keys()) if (k.charCodeAt(0) === ns) n++;
    return n;
  }
}

/** The failure codes of a block's failed txs, in order. */
export function failedCodes(r: ExecutionResult): string[] {
  return failures(r).map((f) => f.code);
}

/** Runs one tx in its own block and returns its failure code, or null when it took effect. */
export function outcome(sim: ActionSim, t: ExecTx): string | null {
  const r = sim.block([t]);
  if (r.rejected.length > 0) return `rejected:${r.rejected[0]!.error.code}`;
  return r.included[0]?.failure?.code ?? null;
}
