// Automatic actions (docs/ACTIONS.md): one action's record, optionally with a state proof, and
// the actions an address is a party to. Records live in authenticated state (namespace 0x05),
// so a light client can check what action_get says against a header's stateRoot.
import { s } from "../schema.js";
import { ACTION } from "./result-schemas.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { loadAction } from "../../chain/actions/action-store.js";
import { actionRecordJson } from "../../chain/actions/record-json.js";
import { recordKey } from "../../chain/actions/state-keys.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import { formatCursor, parseCursor } from "../../chain/storage/index-store.js";
import { StateNs } from "../../chain/tx/spec.js";
import { hex } from "./format.js";
import { actionUnitOf } from "./action-unit.js";

// One page of action_list: each entry is one record read, so the cap keeps a page cheap.
const MAX_PAGE = 100;

export class ActionModule {
  static readonly namespace = "action";
  static readonly methods: MethodTable<ActionModule> = {
    get: [
      ["id", p.hash()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    list: [
      ["address", p.address()],
      ["limit", p.withDefault(p.uint({ min: 1, max: MAX_PAGE }), 20)],
      ["before", p.optional(p.string({ max: 32 }))],
    ],
  };
  static readonly docs: DocTable<ActionModule> = {
    get: { summary: "The automatic action created by a tx, at the head; with proof, its record and a sparse Merkle proof", result: ACTION, errors: ["NOT_FOUND"] },
    list: {
      summary: "The actions an address is a party to, newest last; `before` pages back",
      result: s.object({ address: s.address(), actions: s.array(ACTION), before: s.nullable(s.string("cursor")), height: s.uint() }, { required: ["address", "actions", "before"] }),
    },
  };

  constructor(private readonly node: NodeView) {}

  private state() {
    // The chain's head state is the ActionState shape; the RPC layer only reads it.
    const state = this.node.chain.state;
    return { get: (ns: number, key: Uint8Array) => state.get(ns as typeof StateNs.action, key), set: () => undefined };
  }

  /**
   * The action created by tx `id` at the head: its kind, status, locked amount and fields. With
   * proof: the stored record bytes and a sparse Merkle proof against the head's stateRoot.
   */
  async get(id: Uint8Array, proof: boolean): Promise<JsonObject> {
    const { chain } = this.node;
    const head = chain.head;
    const record = loadAction(this.state(), id);
    if (!record) throw rpcError("NOT_FOUND", "ACTION_NOT_FOUND", { id: hex(id) });
    const out: JsonObject = { ...actionRecordJson(id, record, actionUnitOf(chain, record)), height: head.height };
    if (proof) {
      const key = recordKey(id);
      const raw = chain.state.get(StateNs.action, key)!;
      const pr = await chain.smt.prove(head.header.stateRoot, smtKey(StateNs.action, key));
      out["proof"] = { stateRoot: hex(head.header.stateRoot), height: head.height, key: hex(key), value: hex(raw), smtProof: hex(encodeProof(pr)) };
    }
    return out;
  }

  /** The actions `address` is a party to (created, pays or may approve), newest last; `before` pages back. */
  async list(address: Uint8Array, limit: number, before: string | undefined): Promise<JsonObject> {
    const pos = before === undefined ? undefined : parseCursor(before);
    if (pos === null) throw rpcError("INVALID_PARAMS", "BAD_FORMAT", { param: "before", detail: "cursor is <height>.<index>" });
    const page = await this.node.chain.indexes.page("actions", address, { limit, before: pos });
    const state = this.state();
    const actions = page.entries.flatMap((e) => {
      const record = loadAction(state, e.txId);
      // Only a creation that took effect is indexed, and records are never deleted.
      return record ? [{ ...actionRecordJson(e.txId, record, actionUnitOf(this.node.chain, record)), createdAt: formatCursor(e.pos) }] : [];
    });
    return { address: formatAddress(address), actions, before: page.older ? formatCursor(page.older) : null, height: this.node.chain.head.height };
  }
}
