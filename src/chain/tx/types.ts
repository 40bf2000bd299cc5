import type { TxKindName } from "./kinds.js";

export type Address = Uint8Array; // 32-byte Ed25519 public key

export interface TransferBody {
  to: Address;
  amount: bigint;
  /** Optional memo, encrypted to `to` like a message envelope (opaque to the node). */
  memo: Uint8Array | null;
}

export interface MessageBody {
  to: Address;
  /** Encrypted envelope (docs/ENCRYPTION.md); the node never sees plaintext. */
  envelope: Uint8Array;
  /** Payment carried by the message, atomic with it; 0 = none. */
  amount: bigint;
  /** Optional copy of the message encrypted to the sender, so its other devices can read what it sent. */
  selfEnvelope: Uint8Array | null;
}

export interface WrappedKey {
  member: Address;
  /** The channel key of the epoch, wrapped to this member with the DM scheme. */
  wrappedKey: Uint8Array;
}

export interface ChannelCreateBody {
  /** Channel metadata (name, ...) encrypted with the epoch-0 channel key. */
  meta: Uint8Array;
  /** Every member including the creator, each with the epoch-0 key wrapped to them. */
  members: WrappedKey[];
}

export interface ChannelInviteBody {
  channel: Uint8Array; // 32-byte channel id
  epoch: number; // must be the channel's current epoch
  members: WrappedKey[]; // new members, each with the current epoch key
}

export interface ChannelRemoveBody {
  channel: Uint8Array;
  removed: Address[];
  /** The next epoch's key wrapped to exactly the remaining members. */
  members: WrappedKey[];
}

export interface ChannelPostBody {
  channel: Uint8Array;
  epoch: number;
  envelope: Uint8Array;
}

export interface KeyPublishBody {
  prekey: Uint8Array; // X25519 public key
  signature: Uint8Array; // Ed25519 by the identity over the prekey (verifiable off-chain)
}

export interface AnchorBody {
  hash: Uint8Array; // SHA-256 of the anchored content
  tag: string;
}

export const VoteAction = { add: 0, remove: 1 } as const;
export type VoteActionName = keyof typeof VoteAction;

export interface ValidatorVoteBody {
  action: VoteActionName;
  validator: Address;
}

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
