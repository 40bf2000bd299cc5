// The shape of a transaction. Each kind's body type lives in its own file (./kinds/<kind>.ts);
// TxBodies maps kind names to them, one row per kind (docs/ADDING-A-KIND.md).
import type { TxKindName } from "./kinds.js";
import type { TransferBody } from "./kinds/transfer.js";
import type { MessageBody } from "./kinds/message.js";
import type { ChannelCreateBody } from "./kinds/channel-create.js";
import type { ChannelInviteBody } from "./kinds/channel-invite.js";
import type { ChannelRemoveBody } from "./kinds/channel-remove.js";
import type { ChannelPostBody } from "./kinds/channel-post.js";
import type { KeyPublishBody } from "./kinds/key-publish.js";
import type { AnchorBody } from "./kinds/anchor.js";
import type { ValidatorVoteBody } from "./kinds/validator-vote.js";
import type { EscrowBody } from "./kinds/escrow.js";
import type { ScheduledPaymentBody } from "./kinds/scheduled-payment.js";
import type { SharedAccountBody } from "./kinds/shared-account.js";
import type { RedPacketBody } from "./kinds/red-packet.js";
import type { BountyBody } from "./kinds/bounty.js";
import type { RewardPoolBody } from "./kinds/reward-pool.js";
import type { DeviceAddBody } from "./kinds/device-add.js";
import type { DeviceRevokeBody } from "./kinds/device-revoke.js";
import type { MlsKeyPackageBody } from "./kinds/mls-key-package.js";
import type { MlsCommitBody } from "./kinds/mls-commit.js";
import type { MlsWelcomeBody } from "./kinds/mls-welcome.js";
import type { MlsMessageBody } from "./kinds/mls-message.js";
import type { WorkBody } from "./kinds/work.js";
import type { NameBody } from "./kinds/name.js";
import type { AssetBody } from "./kinds/asset.js";

export type { TransferBody, MessageBody, ChannelCreateBody, ChannelInviteBody, ChannelRemoveBody, ChannelPostBody, KeyPublishBody, AnchorBody, ValidatorVoteBody };
export type { EscrowBody, ScheduledPaymentBody, SharedAccountBody, RedPacketBody, BountyBody, RewardPoolBody };
export type { DeviceAddBody, DeviceRevokeBody };
export type { MlsKeyPackageBody, MlsCommitBody, MlsWelcomeBody, MlsMessageBody };
export type { WorkBody, NameBody };
export type { WrappedKey } from "./kinds/channel-state.js";
export type { VoteActionName } from "./kinds/validator-vote.js";

export type Address = Uint8Array; // 32-byte Ed25519 public key

/** Body type per kind. A kind without a row here fails to compile (TxKindSpec indexes this by kind). */
export interface TxBodies {
  transfer: TransferBody;
  message: MessageBody;
  channelCreate: ChannelCreateBody;
  channelInvite: ChannelInviteBody;
  channelRemove: ChannelRemoveBody;
  channelPost: ChannelPostBody;
  keyPublish: KeyPublishBody;
  anchor: AnchorBody;
  validatorVote: ValidatorVoteBody;
  escrow: EscrowBody;
  scheduledPayment: ScheduledPaymentBody;
  sharedAccount: SharedAccountBody;
  redPacket: RedPacketBody;
  bounty: BountyBody;
  rewardPool: RewardPoolBody;
  deviceAdd: DeviceAddBody;
  deviceRevoke: DeviceRevokeBody;
  mlsKeyPackage: MlsKeyPackageBody;
  mlsCommit: MlsCommitBody;
  mlsWelcome: MlsWelcomeBody;
  mlsMessage: MlsMessageBody;
  work: WorkBody;
  name: NameBody;
  asset: AssetBody;
}

interface TxCommon {
  chainId: string;
  from: Address;
  /** Strict per-account sequence: the account's next nonce, no gaps. */
  nonce: number;
  /** Whole fee is paid to the proposer; must cover feeBase + feePerByte * size. */
  fee: bigint;
  /** Last height at which the tx may be included. */
  expiry: number;
}

export type UnsignedTx<K extends TxKindName = TxKindName> = {
  [P in K]: TxCommon & { kind: P; body: TxBodies[P] };
}[K];

/** A decoded, signed transaction, with the bytes it came from (decode once, keep the bytes). */
export interface SignedTx<K extends TxKindName = TxKindName> {
  tx: UnsignedTx<K>;
  /** The signed payload: canonical msgpack of the unsigned tx. id = SHA-256(payload). */
  payload: Uint8Array;
  sig: Uint8Array;
  /** Wire bytes: sig (64) || payload. */
  bytes: Uint8Array;
}
