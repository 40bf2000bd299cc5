// The automatic-actions SDK: send an action tx (its stateless rules checked here first, so bad
// input fails before it costs a fee), read an action's record (action_get, action_list), check
// its state proof, and wait until it reaches a state. Browser-safe: @noble only. The bodies
// come from action-bodies.ts.
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeActionRecord, type ActionRecord } from "../chain/actions/records.js";
import { recordKey } from "../chain/actions/state-keys.js";
import { decodeProof, verifyProof } from "../chain/state/smt/proof.js";
import { DEFAULT_PARAMS } from "../chain/params.js";
import type { TxKindName } from "../chain/tx/kinds.js";
import { specOf } from "../chain/tx/registry.js";
import { StateNs } from "../chain/tx/spec.js";
import type { TxBodies } from "../chain/tx/types.js";
import { concatBytes, fromHex, toHex } from "../util/bytes.js";
import { ActionClientError, badInput, toBytes32 } from "./action-bodies.js";
import type { Identity } from "./keys.js";
import { ParleyClient } from "./parley-client.js";
import { RpcClientError, WsRpcClient } from "./rpc-client.js";
import { httpToWs, type Watcher, type WatchOptions } from "./chat.js";

/** The tx kinds of automatic actions. */
export type ActionTxKind = "escrow" | "scheduledPayment" | "sharedAccount" | "redPacket" | "bounty" | "rewardPool";

/** action_get's answer (docs/RPC.md "Automatic actions"): the record's fields vary by kind. */
export interface ActionJson {
  id: string;
  kind: string;
  status: string;
  locked: string;
  height: number;
  proof?: { stateRoot: string; height: number; key: string; value: string; smtProof: string };
  [field: string]: unknown;
}

export interface ActionPage {
  address: string;
  actions: Array<ActionJson & { createdAt: string }>;
  before: string | null;
  height: number;
}

/** A subscribe_actions notification: the record after the block that created or changed it. */
export interface ActionUpdate extends ActionJson {
  /** Block time (ms) of that block; `height` is its height. */
  time: number;
}

const isActionJson = (v: unknown): v is ActionUpdate => {
  if (typeof v !== "object" || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a["id"] === "string" && typeof a["kind"] === "string" && typeof a["status"] === "string" && Number.isSafeInteger(a["height"]);
};

export interface SentAction {
  /** The tx id, 0x-hex; for a creation also the action's id. */
  id: string;
  height: number | null;
}

export class ActionsClient {
  readonly client: ParleyClient;

  constructor(client: ParleyClient | string) {
    this.client = typeof client === "string" ? new ParleyClient(client) : client;
  }

  /** The head height: CLI flags like --timeout N count blocks from it. */
  async height(): Promise<number> {
    return (await this.client.rpc.call<{ height: number }>("chain_getHead")).height;
  }

  /**
   * Signs and sends an action tx (minimum fee: size plus condition cost) and waits until final.
   * The kind's stateless rules run first (they read no chain parameter), so input the chain
   * would refuse throws BAD_INPUT here, before any fee is paid.
   */
  async submit<K extends ActionTxKind>(identity: Identity, kind: K, body: TxBodies[K], opts: { fee?: bigint; wait?: boolean } = {}): Promise<SentAction> {
    const tx = await this.client.build(identity, kind, body, opts.fee === undefined ? {} : { fee: opts.fee });
    const refused = specOf(kind as TxKindName).checkStateless(tx.stx.tx as never, DEFAULT_PARAMS);
    if (refused) throw badInput(kind, refused.message);
    const id = await this.client.send(tx);
    if (opts.wait === false) return { id, height: null };
    const st = await this.client.waitFinal(id);
    return { id, height: st.height ?? null };
  }

  /** The action's record at the node's head, or null when there is none. */
  async get(id: Uint8Array | string, opts: { proof?: boolean } = {}): Promise<ActionJson | null> {
    const idHex = "0x" + toHex(toBytes32(id, "id"));
    try {
      return await this.client.rpc.call<ActionJson>("action_get", [idHex, opts.proof ?? false]);
    } catch (e) {
      if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.reason === "ACTION_NOT_FOUND") return null;
      throw e;
    }
  }

  /** Like get, but a missing action throws ACTION_NOT_FOUND. */
  async require(id: Uint8Array | string): Promise<ActionJson> {
    const got = await this.get(id);
    if (!got) throw new ActionClientError({ code: "ACTION_NOT_FOUND", id: String(typeof id === "string" ? id : "0x" + toHex(id)) }, `no action with id ${typeof id === "string" ? id : "0x" + toHex(id)}`);
    return got;
  }

  /** Actions `address` is a party to, newest last; pass `before` from a page to go back. */
  list(address: string, opts: { limit?: number; before?: string } = {}): Promise<ActionPage> {
    const params: Record<string, unknown> = { address, limit: opts.limit ?? 20 };
    if (opts.before !== undefined) params["before"] = opts.before;
    return this.client.rpc.call<ActionPage>("action_list", params);
  }

  /**
   * Calls `onUpdate` for every block that creates or changes an action concerning `target` (an
   * action id, a party's address or a channel id): subscribe_actions. A notification that is not
   * an action record goes to opts.onError, as does the connection closing.
   */
  async watch(target: string, onUpdate: (a: ActionUpdate) => void, opts: WatchOptions = {}): Promise<Watcher> {
    const ws = await WsRpcClient.connect(opts.wsUrl ?? httpToWs(this.client.url));
    let closed = false;
    ws.onClose((e) => {
      if (!closed) opts.onError?.(e);
    });
    try {
      await ws.subscribe("actions", [target], (json) => {
        if (closed) return;
        if (isActionJson(json)) onUpdate(json);
        else opts.onError?.(new ActionClientError({ code: "BAD_NODE_DATA", reason: "an actions notification is not an action record" }, "the node sent a malformed action notification"));
      });
    } catch (e) {
      closed = true;
      ws.close();
      throw e;
    }
    return {
      close: () => {
        closed = true;
        ws.close();
      },
    };
  }

  /** Polls until the action's record satisfies `done` (e.g. a status), or throws TIMEOUT. */
  async waitFor(id: Uint8Array | string, done: (a: ActionJson) => boolean, timeoutMs = 30_000, pollMs = 100): Promise<ActionJson> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const a = await this.get(id);
      if (a && done(a)) return a;
      if (Date.now() >= deadline) throw new ActionClientError({ code: "TIMEOUT", id: String(id), ms: timeoutMs }, `action ${String(id)} did not reach the state asked for in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

/**
 * Checks action_get's proof against a state root the caller trusts (a verified header's) and
 * returns the proven record. Throws BAD_NODE_DATA when the proof or the record does not check out.
 */
export function verifyActionProof(a: ActionJson, stateRoot: Uint8Array): ActionRecord {
  const bad = (reason: string) => new ActionClientError({ code: "BAD_NODE_DATA", reason }, `action ${a.id}: ${reason}`);
  if (!a.proof) throw bad("no proof (ask action_get with proof: true)");
  const id = fromHex(a.id);
  const value = fromHex(a.proof.value);
  const proof = fromHex(a.proof.smtProof);
  const decoded = proof && decodeProof(proof);
  if (!id || id.length !== 32 || !value || !decoded) throw bad("malformed proof");
  const key = sha256(concatBytes(Uint8Array.of(StateNs.action), recordKey(id)));
  if (!verifyProof(stateRoot, key, sha256(value), decoded, sha256)) throw bad("the proof does not lead to this state root");
  const record = decodeActionRecord(value);
  if (typeof record === "string") throw bad(`the proven record does not decode: ${record}`);
  return record;
}
