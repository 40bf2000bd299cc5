// mls.welcome: the Welcome (RFC 9420 12.4.3) for members a commit added, with the ratchet tree
// they need to join. It names the new members' addresses so each finds it in its history (this
// leaks who joins, which the commit's key packages would not hide from members anyway).
// Validators check only the framing and that the group has reached the epoch; the joiner's
// MLS library checks the GroupInfo signature inside. A large tree (a big group) travels as a
// blob instead (`treeBlob`, docs/ENCRYPTION.md 12.7): the tx then names the blob, its key and
// size, and `ratchetTree` is empty; the joiner fetches it from any node and checks its hash.
import { formatAddress } from "../../address.js";
import { hexJson } from "../../../util/json.js";
import { readArray, readBytes, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import { duplicateMember } from "./channel-state.js";
import { blobRefFields, blobRefJson, blobRefProblem, loadGroup, readBlobRef } from "./mls-common.js";
import { GROUP_ID_BYTES, MAX_WELCOME_MEMBERS, type MlsBlobRef } from "./mls-state.js";
import { hasWireFormat, WireFormat } from "./mls-wire.js";

export interface MlsWelcomeBody {
  groupId: Uint8Array;
  /** The epoch the new members join at (the epoch after the commit that added them). */
  epoch: number;
  to: Address[];
  /** An MLSMessage of wire format mls_welcome. */
  welcome: Uint8Array;
  /** The group's ratchet tree at `epoch` (RFC 9420 12.4.3.3 encoding), for the joiners; empty when `treeBlob` carries it. */
  ratchetTree: Uint8Array;
  /** The tree as a blob (encrypted like a file attachment, section 10 of ENCRYPTION.md); absent for an inline tree. */
  treeBlob?: TreeBlobRef | null;
}

/** Where a ratchet tree too large for the tx is: blob hash, file key, plaintext size, chunk size. */
export type TreeBlobRef = MlsBlobRef;

export const mlsWelcomeKind: TxKindSpec<"mlsWelcome"> = {
  name: "mlsWelcome",
  label: "mls.welcome",
  // Five fields for an inline tree (the original layout, unchanged bytes), six with a tree blob.
  encodeBody: (b) => (b.treeBlob ? [b.groupId, b.epoch, b.to, b.welcome, b.ratchetTree, blobRefFields(b.treeBlob)] : [b.groupId, b.epoch, b.to, b.welcome, b.ratchetTree]),
  decodeBody(f) {
    if (f.length !== 5 && f.length !== 6) return "mls.welcome has 5 fields (6 with a tree blob)";
    const groupId = readBytes(f[0], GROUP_ID_BYTES);
    const epoch = readUint(f[1]);
    const rawTo = readArray(f[2]);
    const welcome = readBytes(f[3]);
    const ratchetTree = readBytes(f[4]);
    if (!groupId) return "groupId must be 32 bytes";
    if (epoch === undefined) return "epoch must be a non-negative integer";
    if (!rawTo || rawTo.length > MAX_WELCOME_MEMBERS) return `to is a list of at most ${MAX_WELCOME_MEMBERS} addresses`;
    const to: Address[] = [];
    for (const a of rawTo) {
      const addr = readBytes(a, 32);
      if (!addr) return "each of to is a 32-byte address";
      to.push(addr);
    }
    if (!welcome || !ratchetTree) return "welcome and ratchetTree must be bytes";
    if (f.length === 5) return { groupId, epoch, to, welcome, ratchetTree };
    const treeBlob = readBlobRef(f[5]);
    if (!treeBlob) return "treeBlob is [blobHash(32), key(32), size, chunkSize]";
    return { groupId, epoch, to, welcome, ratchetTree, treeBlob };
  },
  checkStateless(tx) {
    // [REJECT] a welcome welcomes someone, each named once.
    if (tx.body.to.length === 0) return txError({ code: "BAD_MLS", reason: "to is empty" });
    const dup = duplicateMember(tx.body.to.map((member) => ({ member })));
    if (dup) return txError({ code: "BAD_MLS", reason: dup });
    // [REJECT] an MLSMessage Welcome (its contents are encrypted to the joiners).
    if (!hasWireFormat(tx.body.welcome, WireFormat.welcome)) return txError({ code: "BAD_MLS", reason: "welcome is not an MLS welcome" });
    // [REJECT] the tree is inline or in a blob, never both (and a blob holds at least one leaf).
    const blob = tx.body.treeBlob;
    if (blob && tx.body.ratchetTree.length > 0) return txError({ code: "BAD_MLS", reason: "ratchetTree must be empty when treeBlob carries the tree" });
    const bad = blob && blobRefProblem(blob);
    if (bad) return txError({ code: "BAD_MLS", reason: `treeBlob: ${bad}` });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const g = loadGroup(ctx, tx.body.groupId);
    if (!("epoch" in g)) return g;
    // [REJECT] a welcome joins an epoch the chain has ordered.
    if (tx.body.epoch > g.epoch) return txError({ code: "EPOCH_AHEAD", epoch: tx.body.epoch, current: g.epoch });
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows(tx, _id, out) {
    out.row("mlsGroupLog", tx.body.groupId);
    for (const a of tx.body.to) out.row("txByAccount", a);
  },
  parties: (tx) => ({ parties: [tx.from, ...tx.body.to], channel: tx.body.groupId }),
  bodyJson: (tx) => ({
    groupId: hexJson(tx.body.groupId),
    epoch: tx.body.epoch,
    to: tx.body.to.map(formatAddress),
    welcome: hexJson(tx.body.welcome),
    ratchetTree: hexJson(tx.body.ratchetTree),
    ...(tx.body.treeBlob ? { treeBlob: blobRefJson(tx.body.treeBlob) } : {}),
  }),
  chatEntry: notChat,
};
