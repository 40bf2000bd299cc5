// The one table from a kind to everything about it (ethereumjs-style factory): codec, rules,
// block hooks, index rows, notification parties, JSON, chat facts. Its type requires a complete
// spec for every kind in ./kinds.ts, so a kind cannot be half added.
import { TxKind, type TxKindName } from "./kinds.js";
import type { BlockHooks, TxKindSpec } from "./spec.js";
import type { UnsignedTx } from "./types.js";
import { transferKind } from "./kinds/transfer.js";
import { messageKind } from "./kinds/message.js";
import { channelCreateKind } from "./kinds/channel-create.js";
import { channelInviteKind } from "./kinds/channel-invite.js";
import { channelRemoveKind } from "./kinds/channel-remove.js";
import { channelPostKind } from "./kinds/channel-post.js";
import { keyPublishKind } from "./kinds/key-publish.js";
import { anchorKind } from "./kinds/anchor.js";
import { validatorVoteKind } from "./kinds/validator-vote.js";
import { escrowKind } from "./kinds/escrow.js";
import { scheduledPaymentKind } from "./kinds/scheduled-payment.js";
import { sharedAccountKind } from "./kinds/shared-account.js";
import { redPacketKind } from "./kinds/red-packet.js";
import { bountyKind } from "./kinds/bounty.js";
import { rewardPoolKind } from "./kinds/reward-pool.js";
import { deviceAddKind } from "./kinds/device-add.js";
import { deviceRevokeKind } from "./kinds/device-revoke.js";
import { mlsKeyPackageKind } from "./kinds/mls-key-package.js";
import { mlsCommitKind } from "./kinds/mls-commit.js";
import { mlsWelcomeKind } from "./kinds/mls-welcome.js";
import { mlsMessageKind } from "./kinds/mls-message.js";
import { workKind } from "./kinds/work.js";
import { nameKind } from "./kinds/name.js";
import { assetKind } from "./kinds/asset.js";

type SpecTable = { readonly [K in TxKindName]: TxKindSpec<K> };

export const TX_SPECS: SpecTable = {
  transfer: transferKind,
  message: messageKind,
  channelCreate: channelCreateKind,
  channelInvite: channelInviteKind,
  channelRemove: channelRemoveKind,
  channelPost: channelPostKind,
  keyPublish: keyPublishKind,
  anchor: anchorKind,
  validatorVote: validatorVoteKind,
  escrow: escrowKind,
  scheduledPayment: scheduledPaymentKind,
  sharedAccount: sharedAccountKind,
  redPacket: redPacketKind,
  bounty: bountyKind,
  rewardPool: rewardPoolKind,
  deviceAdd: deviceAddKind,
  deviceRevoke: deviceRevokeKind,
  mlsKeyPackage: mlsKeyPackageKind,
  mlsCommit: mlsCommitKind,
  mlsWelcome: mlsWelcomeKind,
  mlsMessage: mlsMessageKind,
  work: workKind,
  name: nameKind,
  asset: assetKind,
};

/** Kind names in type-byte order: the fixed order block hooks run in. */
const KINDS_BY_BYTE: readonly TxKindName[] = (Object.keys(TxKind) as TxKindName[]).sort((a, b) => TxKind[a] - TxKind[b]);

const BY_BYTE = new Map<number, TxKindName>(KINDS_BY_BYTE.map((name) => [TxKind[name], name]));

export function kindByByte(byte: number): TxKindName | undefined {
  return BY_BYTE.get(byte);
}

export function specOf<K extends TxKindName>(kind: K): TxKindSpec<K> {
  return TX_SPECS[kind] as TxKindSpec<K>;
}

/**
 * The spec of a tx's own kind, typed to take any tx. Sound because a tx only ever meets the
 * spec of its own kind; TypeScript cannot see that pairing through the union of kinds.
 */
export function specFor(tx: UnsignedTx): TxKindSpec<TxKindName> {
  return TX_SPECS[tx.kind] as unknown as TxKindSpec<TxKindName>;
}

/** Every kind's block hooks, in type-byte order (docs/PROTOCOL.md, "Executing a block"). */
export const BLOCK_HOOKS: readonly BlockHooks[] = KINDS_BY_BYTE.flatMap((k) => {
  const hooks = TX_SPECS[k].blockHooks;
  return hooks ? [hooks] : [];
});
