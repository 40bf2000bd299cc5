// The high-level SDK: typed calls over JSON-RPC, tx building with the right nonce, fee and
// expiry, and waiting for finality. Browser-safe.
import type { TxKindName } from "../chain/tx/kinds.js";
import type { TxBodies } from "../chain/tx/types.js";
import { formatAddress } from "../chain/address.js";
import { specOf } from "../chain/tx/registry.js";
import { ParleyError } from "../util/errors.js";
import { toHex } from "../util/bytes.js";
import { HttpRpcClient } from "./rpc-client.js";
import type { Identity } from "./keys.js";
import { buildTx, feeFor, type BuiltTx } from "./tx-builder.js";

export interface NodeInfoJson {
  chainId: string;
  height: number;
  validator: string | null;
  validators: string[];
  peerId: string | null;
  peers: number;
  params: { blockTimeMs: number; feeBase: string; feePerByte: string; maxExpiryWindow: number; maxEnvelopeBytes: number; maxTxBytes: number; nativeSymbol?: string; nativeDecimals?: number };
}

export interface AccountJson {
  address: string;
  balance: string;
  nonce: number;
  pendingNonce: number;
  prekey: string | null;
  height: number;
}

export interface TxStatusJson {
  id: string;
  /** final: took effect; failed: in a block with its fee paid but no effect (see reason). */
  status: "pending" | "final" | "failed" | "rejected";
  height?: number;
  index?: number;
  reason?: string;
  message?: string;
  tx?: { kind: string; from: string; body: Record<string, unknown> } | null;
}

export class TxFailedError extends ParleyError<{ code: "TX_FAILED"; id: string; reason: string } | { code: "TX_TIMEOUT"; id: string; ms: number }> {}

// Default expiry: ~10 minutes of 1 s blocks; long enough for a slow network, short enough that a
// lost tx does not hang around to surprise its sender a day later.
const DEFAULT_EXPIRY_BLOCKS = 600;

export interface PendingVotesJson {
  height: number;
  validators: Array<{ address: string; peerId: string }>;
  ballots: Array<{ action: "add" | "remove"; validator: { address: string; peerId: string }; votes: number; needed: number; voters: string[]; missing: string[] }>;
  scheduled: Array<{ height: number; validators: string[] }>;
}

export class ParleyClient {
  readonly rpc: HttpRpcClient;
  private infoCache: NodeInfoJson | null = null;

  constructor(readonly url: string) {
    this.rpc = new HttpRpcClient(url);
  }

  /** Open validator.vote ballots with voters and votes still needed, and scheduled set changes (RPC validator_pendingVotes). */
  async pendingVotes(): Promise<PendingVotesJson> {
    return this.rpc.call<PendingVotesJson>("validator_pendingVotes");
  }

  async info(refresh = false): Promise<NodeInfoJson> {
    if (!this.infoCache || refresh) this.infoCache = await this.rpc.call<NodeInfoJson>("node_info");
    return this.infoCache;
  }

  account(address: Uint8Array | string): Promise<AccountJson> {
    return this.rpc.call<AccountJson>("account_get", [typeof address === "string" ? address : formatAddress(address)]);
  }

  /** Builds and signs a tx with the sender's pending nonce and the minimum fee (or `fee`). */
  async build<K extends TxKindName>(id: Identity, kind: K, body: TxBodies[K], opts: { fee?: bigint; nonce?: number } = {}): Promise<BuiltTx> {
    const [info, acct] = await Promise.all([this.info(), this.account(id.publicKey)]);
    const fields = { chainId: info.chainId, nonce: opts.nonce ?? acct.pendingNonce, fee: 0n, expiry: acct.height + Math.min(DEFAULT_EXPIRY_BLOCKS, info.params.maxExpiryWindow) };
    // The fee field has a fixed width, so the size of a draft is the size of the final tx.
    const draft = buildTx(id, kind, body, fields);
    // Plus what the kind's own work costs (an action's conditions), as the chain adds it.
    const fee = opts.fee ?? feeFor(draft.bytes.length, BigInt(info.params.feeBase), BigInt(info.params.feePerByte)) + specOf(kind).extraFee(draft.stx.tx as never);
    return buildTx(id, kind, body, { ...fields, fee });
  }

  async send(tx: BuiltTx): Promise<string> {
    const r = await this.rpc.call<{ id: string }>("tx_send", ["0x" + toHex(tx.bytes)]);
    return r.id;
  }

  txStatus(id: string): Promise<TxStatusJson> {
    return this.rpc.call<TxStatusJson>("tx_get", [id]);
  }

  /** Polls until the tx is final (returns its status) or rejected (throws TX_FAILED). */
  async waitFinal(id: string, timeoutMs = 60_000, pollMs = 100): Promise<TxStatusJson> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      let st: TxStatusJson | null = null;
      try {
        st = await this.txStatus(id);
      } catch (e) {
        // NOT_FOUND right after send can only mean another node; keep polling until the deadline.
        if (!(e instanceof ParleyError)) throw e;
      }
      if (st?.status === "final") return st;
      if (st?.status === "rejected") throw new TxFailedError({ code: "TX_FAILED", id, reason: st.reason ?? "unknown" }, `tx ${id} rejected: ${st.message ?? st.reason}`);
      if (st?.status === "failed")
        throw new TxFailedError({ code: "TX_FAILED", id, reason: st.reason ?? "unknown" }, `tx ${id} failed in block ${st.height} (${st.reason}): its fee was paid, nothing else happened`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
    throw new TxFailedError({ code: "TX_TIMEOUT", id, ms: timeoutMs }, `tx ${id} not final after ${timeoutMs} ms`);
  }

  /** build + send + wait: the common path for a CLI command. */
  async submit<K extends TxKindName>(id: Identity, kind: K, body: TxBodies[K], opts: { fee?: bigint; wait?: boolean; timeoutMs?: number } = {}): Promise<{ id: string; status: TxStatusJson | null }> {
    const tx = await this.build(id, kind, body, opts);
    const txId = await this.send(tx);
    const status = opts.wait === false ? null : await this.waitFinal(txId, opts.timeoutMs);
    return { id: txId, status };
  }
}

