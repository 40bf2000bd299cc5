// mls.commit: the one commit of a group's epoch. Validators read only the clear PrivateMessage
// header (group id, epoch, content type = commit) and the epoch's submit signature, and accept
// exactly one commit per (group, epoch): the first in chain order moves the group to the next
// epoch, any later one for a taken epoch is included as failed (EPOCH_TAKEN, STALE_EPOCH), so
// every member processes the same sequence and groups cannot fork. Epoch 0 creates the group.
// A commit too large for a tx (a big tree with blank nodes) is sent as a blob (`commitBlob`):
// `commit` then holds only its clear header, and the submit signature covers the header and
// the blob reference (signedCommitBytes), so validators check it all without the blob.
import { hexJson } from "../../../util/json.js";
import { readBytes, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, StateNs, type TxKindSpec } from "../spec.js";
import { blobRefFields, blobRefJson, blobRefProblem, checkPrivateMessage, loadGroup, readBlobRef } from "./mls-common.js";
import { encodeGroupRecord, GROUP_ID_BYTES, groupKey, PRIVATE_HEADER_BYTES, signedCommitBytes, submitMessage, submitSignatureValid, type MlsBlobRef } from "./mls-state.js";
import { ContentType } from "./mls-wire.js";

export interface MlsCommitBody {
  groupId: Uint8Array;
  /** The epoch the commit was made in (the group moves to epoch + 1). */
  epoch: number;
  /** Members after this commit, as the committer counts them (members check it). */
  members: number;
  /** An MLSMessage PrivateMessage whose content is a Commit. */
  commit: Uint8Array;
  /** The next epoch's submit key (Ed25519, from the next epoch's MLS exporter). */
  nextSubmitKey: Uint8Array;
  /** Signature by this epoch's submit key over submitMessage(...); ignored at epoch 0. */
  submitSig: Uint8Array;
  /** The whole commit as a blob, `commit` then being its clear header only; absent for an inline commit. */
  commitBlob?: MlsBlobRef | null;
}

export const mlsCommitKind: TxKindSpec<"mlsCommit"> = {
  name: "mlsCommit",
  label: "mls.commit",
  // Six fields for an inline commit (the original layout, unchanged bytes), seven with a commit blob.
  encodeBody: (b) => {
    const fields: unknown[] = [b.groupId, b.epoch, b.members, b.commit, b.nextSubmitKey, b.submitSig];
    return b.commitBlob ? [...fields, blobRefFields(b.commitBlob)] : fields;
  },
  decodeBody(f) {
    if (f.length !== 6 && f.length !== 7) return "mls.commit has 6 fields (7 with a commit blob)";
    const groupId = readBytes(f[0], GROUP_ID_BYTES);
    const epoch = readUint(f[1]);
    const members = readUint(f[2]);
    const commit = readBytes(f[3]);
    const nextSubmitKey = readBytes(f[4], 32);
    const submitSig = readBytes(f[5], 64);
    if (!groupId) return "groupId must be 32 bytes";
    if (epoch === undefined || members === undefined) return "epoch and members must be non-negative integers";
    if (!commit) return "commit must be bytes";
    if (!nextSubmitKey || !submitSig) return "nextSubmitKey is 32 bytes and submitSig 64";
    if (f.length === 6) return { groupId, epoch, members, commit, nextSubmitKey, submitSig };
    const commitBlob = readBlobRef(f[6]);
    if (!commitBlob) return "commitBlob is [blobHash(32), key(32), size, chunkSize]";
    return { groupId, epoch, members, commit, nextSubmitKey, submitSig, commitBlob };
  },
  checkStateless(tx) {
    // [REJECT] a group has at least its committer.
    if (tx.body.members < 1) return txError({ code: "BAD_MLS", reason: "members must be at least 1" });
    const blob = tx.body.commitBlob;
    if (blob) {
      // [REJECT] a commit by blob carries exactly its clear header inline, and a fetchable reference.
      if (tx.body.commit.length !== PRIVATE_HEADER_BYTES) return txError({ code: "BAD_MLS", reason: `with commitBlob, commit is the ${PRIVATE_HEADER_BYTES}-byte clear header only` });
      const bad = blobRefProblem(blob);
      if (bad) return txError({ code: "BAD_MLS", reason: `commitBlob: ${bad}` });
    }
    // [REJECT] the carried message is this group's commit of this epoch (clear header only).
    return checkPrivateMessage(tx.body.commit, tx.body.groupId, tx.body.epoch, [ContentType.commit]);
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const b = tx.body;
    const key = groupKey(b.groupId);
    if (b.epoch === 0) {
      // [REJECT] epoch 0 creates the group; a group id is taken by its first commit.
      if (ctx.get(StateNs.mls, key)) return txError({ code: "EPOCH_TAKEN", epoch: 0, current: 1 });
      ctx.set(StateNs.mls, key, encodeGroupRecord({ epoch: 1, members: b.members, lastCommit: ctx.txId, submitKey: b.nextSubmitKey, creator: tx.from, createdHeight: ctx.height }));
      return null;
    }
    const g = loadGroup(ctx, b.groupId);
    if (!("epoch" in g)) return g;
    // [REJECT] one commit per (group, epoch): the epoch just taken by another commit ...
    if (b.epoch === g.epoch - 1) return txError({ code: "EPOCH_TAKEN", epoch: b.epoch, current: g.epoch });
    // [REJECT] ... or an older one ...
    if (b.epoch < g.epoch) return txError({ code: "STALE_EPOCH", epoch: b.epoch, current: g.epoch });
    // [REJECT] ... and never an epoch the group has not reached.
    if (b.epoch > g.epoch) return txError({ code: "EPOCH_AHEAD", epoch: b.epoch, current: g.epoch });
    // [REJECT] only members of the epoch hold its submit key: outsiders cannot take an epoch.
    if (!submitSignatureValid(g.submitKey, submitMessage(ctx.chainId, tx.from, b.groupId, b.epoch, signedCommitBytes(b.commit, b.commitBlob), b.nextSubmitKey), b.submitSig))
      return txError({ code: "NOT_GROUP_MEMBER" });
    ctx.set(StateNs.mls, key, encodeGroupRecord({ ...g, epoch: b.epoch + 1, members: b.members, lastCommit: ctx.txId, submitKey: b.nextSubmitKey }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => out.row("mlsGroupLog", tx.body.groupId),
  parties: (tx) => ({ parties: [tx.from], channel: tx.body.groupId }),
  bodyJson: (tx) => ({
    groupId: hexJson(tx.body.groupId),
    epoch: tx.body.epoch,
    members: tx.body.members,
    commit: hexJson(tx.body.commit),
    nextSubmitKey: hexJson(tx.body.nextSubmitKey),
    submitSig: hexJson(tx.body.submitSig),
    ...(tx.body.commitBlob ? { commitBlob: blobRefJson(tx.body.commitBlob) } : {}),
  }),
  chatEntry: notChat,
};
