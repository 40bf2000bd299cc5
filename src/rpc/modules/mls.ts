// MLS groups ordered by the chain: a group's on-chain record (epoch, member count, last commit,
// submit key) with its state proof, an account's latest key package, and the group's log
// (commits, welcomes, messages in chain order) as opaque MLS bytes: members decrypt.
import { s } from "../schema.js";
import { MESSAGE_PAGE } from "./result-schemas.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { StateNs } from "../../chain/tx/spec.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/proof.js";
import { decodeGroupRecord, decodeKeyPackageRecord, groupKey, keyPackageKey } from "../../chain/tx/kinds/mls-state.js";
import { hex } from "./format.js";
import { entryPage, pageParam, type PageArg } from "./msg.js";

const GROUP = s.object(
  {
    groupId: s.hash(), epoch: s.uint(), members: s.uint(), lastCommit: s.hash(), submitKey: s.hash(), creator: s.address(), createdHeight: s.uint(),
    height: s.uint(), stateRoot: s.hash(), value: s.hex(), proof: s.hex(),
  },
  { required: ["groupId", "epoch", "members", "lastCommit", "height", "stateRoot", "value", "proof"] },
);

export class MlsModule {
  static readonly namespace = "mls";
  static readonly methods: MethodTable<MlsModule> = {
    group: [["groupId", p.hash()]],
    keyPackage: [["address", p.address()]],
    log: [["groupId", p.hash()], ["page", pageParam]],
  };
  static readonly docs: DocTable<MlsModule> = {
    group: {
      summary: "A group's on-chain record (the epoch the next commit must name, member count, last commit) with its sparse-Merkle proof under the head's state root",
      result: GROUP,
      errors: ["NOT_FOUND"],
    },
    keyPackage: {
      summary: "An account's latest published MLS key package (from its mls.keyPackage tx)",
      result: s.object({ address: s.address(), txId: s.hash(), height: s.uint(), keyPackage: s.hex() }, { required: ["address", "txId", "height", "keyPackage"] }),
      errors: ["NOT_FOUND"],
    },
    log: { summary: "The group's log, oldest first: the commits that took effect, welcomes and messages, in chain order", result: MESSAGE_PAGE, errors: ["NOT_FOUND"] },
  };

  constructor(private readonly node: NodeView) {}

  /** The record with a proof: value is the record's bytes, proof proves sha256(value) at (ns mls, 0x02 || groupId). */
  async group(groupId: Uint8Array): Promise<JsonObject> {
    // Head and value read in the same tick belong together; the root's nodes stay for --state-history heights.
    const head = this.node.chain.head;
    const key = groupKey(groupId);
    const value = this.node.chain.state.get(StateNs.mls, key);
    const g = value && decodeGroupRecord(value);
    if (!value || !g) throw rpcError("NOT_FOUND", "GROUP_NOT_FOUND", { groupId: hex(groupId) });
    const proof = await this.node.chain.smt.prove(head.header.stateRoot, smtKey(StateNs.mls, key));
    return {
      groupId: hex(groupId), epoch: g.epoch, members: g.members, lastCommit: hex(g.lastCommit), submitKey: hex(g.submitKey), creator: formatAddress(g.creator), createdHeight: g.createdHeight,
      height: head.height, stateRoot: hex(head.header.stateRoot), value: hex(value), proof: hex(encodeProof(proof)),
    };
  }

  async keyPackage(address: Uint8Array): Promise<JsonObject> {
    const raw = this.node.chain.state.get(StateNs.mls, keyPackageKey(address));
    const rec = raw && decodeKeyPackageRecord(raw);
    const tx = rec ? await this.node.chain.txs.get(rec.txId) : undefined;
    if (!rec || !tx || tx.stx.tx.kind !== "mlsKeyPackage") throw rpcError("NOT_FOUND", "KEY_PACKAGE_NOT_FOUND", { address: formatAddress(address) });
    return { address: formatAddress(address), txId: hex(rec.txId), height: rec.height, keyPackage: hex(tx.stx.tx.body.keyPackage) };
  }

  log(groupId: Uint8Array, page: PageArg): Promise<JsonObject> {
    if (!this.node.chain.state.get(StateNs.mls, groupKey(groupId))) throw rpcError("NOT_FOUND", "GROUP_NOT_FOUND", { groupId: hex(groupId) });
    return entryPage(this.node, "mlsGroupLog", groupId, page);
  }
}
