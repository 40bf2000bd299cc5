import { s } from "../schema.js";
import { ACCOUNT, PLACED_TX } from "./result-schemas.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { StateNs } from "../../chain/tx/spec.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import { accountJson, hex } from "./format.js";
import { namedTxJson } from "./tx-names.js";
import { toHex } from "../../util/bytes.js";
import { formatAddress } from "../../chain/address.js";
import { parseCursor, formatCursor } from "../../chain/storage/index-store.js";
import { rpcError } from "../errors.js";

// Most txs one page returns; more is refused OUT_OF_RANGE (as msg_inbox pages are), not
// silently cut, so a client never mistakes a short page for the end of the history.
const MAX_PAGE = 200;

export class AccountModule {
  static readonly namespace = "account";
  static readonly methods: MethodTable<AccountModule> = {
    get: [
      ["address", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    history: [
      ["address", p.address()],
      ["limit", p.withDefault(p.uint({ min: 1, max: MAX_PAGE }), 50)],
      ["before", p.optional(p.string({ max: 32 }))],
    ],
  };
  static readonly docs: DocTable<AccountModule> = {
    get: { summary: "Balance, nonce, pending nonce and prekey at the head; with proof, a sparse Merkle proof", result: ACCOUNT },
    history: {
      summary: "Every finalized tx from or to the account, newest last; `before` pages back",
      result: s.object({ address: s.address(), txs: s.array(PLACED_TX), before: s.nullable(s.string("cursor")) }, { required: ["address", "txs", "before"] }),
    },
  };

  constructor(private readonly node: NodeView) {}

  /**
   * Balance and nonce at the head; `pendingNonce` is what a wallet should sign next. With
   * proof: the account's encoded value and a sparse Merkle proof against the head's stateRoot.
   */
  async get(address: Uint8Array, proof: boolean): Promise<JsonObject> {
    const { chain, pool } = this.node;
    const head = chain.head;
    const out: JsonObject = { ...accountJson(address, chain.state.account(address)), pendingNonce: pool.pendingNonce(address), height: head.height };
    if (proof) {
      const raw = chain.state.get(StateNs.account, address);
      const pr = await chain.smt.prove(head.header.stateRoot, smtKey(StateNs.account, address));
      out["proof"] = { stateRoot: hex(head.header.stateRoot), height: head.height, value: raw ? hex(raw) : null, smtProof: hex(encodeProof(pr)) };
    }
    return out;
  }

  /** Every finalized tx from or to the account, newest last; `before` pages back. */
  async history(address: Uint8Array, limit: number, before: string | undefined): Promise<JsonObject> {
    const pos = before === undefined ? undefined : parseCursor(before);
    if (pos === null) throw rpcError("INVALID_PARAMS", "BAD_FORMAT", { param: "before", detail: "cursor is <height>.<index>" });
    const page = await this.node.chain.indexes.page("txByAccount", address, { limit, before: pos });
    const found = await this.node.chain.txs.getAll(page.entries.map((e) => e.txId));
    return {
      address: formatAddress(address),
      txs: page.entries.map((e, i) => ({ height: e.pos.height, index: e.pos.index, ...namedTxJson(this.node, found[i]!.stx, toHex(e.txId)) })),
      before: page.older ? formatCursor(page.older) : null,
    };
  }
}
