// mls.message: an MLS PrivateMessage to a group: an application message (a post) or a
// proposal. Validators check the clear header against the body and that the group has reached
// the epoch; they cannot read it. Posts are not gated by the submit key: an outsider's post
// costs its fee and is dropped by members as undecryptable (docs/ENCRYPTION.md, "MLS groups").
import { hexJson } from "../../../util/json.js";
import { readBytes, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, type TxKindSpec } from "../spec.js";
import { checkPrivateMessage, loadGroup } from "./mls-common.js";
import { GROUP_ID_BYTES } from "./mls-state.js";
import { ContentType } from "./mls-wire.js";

export interface MlsMessageBody {
  groupId: Uint8Array;
  epoch: number;
  /** An MLSMessage PrivateMessage whose content is application data or a proposal. */
  message: Uint8Array;
}

export const mlsMessageKind: TxKindSpec<"mlsMessage"> = {
  name: "mlsMessage",
  label: "mls.message",
  encodeBody: (b) => [b.groupId, b.epoch, b.message],
  decodeBody(f) {
    if (f.length !== 3) return "mls.message has 3 fields";
    const groupId = readBytes(f[0], GROUP_ID_BYTES);
    const epoch = readUint(f[1]);
    const message = readBytes(f[2]);
    if (!groupId) return "groupId must be 32 bytes";
    if (epoch === undefined) return "epoch must be a non-negative integer";
    if (!message) return "message must be bytes";
    return { groupId, epoch, message };
  },
  // [REJECT] this group's application message or proposal of this epoch (clear header only).
  checkStateless: (tx) => checkPrivateMessage(tx.body.message, tx.body.groupId, tx.body.epoch, [ContentType.application, ContentType.proposal]),
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const g = loadGroup(ctx, tx.body.groupId);
    if (!("epoch" in g)) return g;
    // [REJECT] members cannot have keys for an epoch the chain has not ordered.
    if (tx.body.epoch > g.epoch) return txError({ code: "EPOCH_AHEAD", epoch: tx.body.epoch, current: g.epoch });
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => out.row("mlsGroupLog", tx.body.groupId),
  parties: (tx) => ({ parties: [tx.from], channel: tx.body.groupId }),
  bodyJson: (tx) => ({ groupId: hexJson(tx.body.groupId), epoch: tx.body.epoch, message: hexJson(tx.body.message) }),
  chatEntry: notChat,
};
