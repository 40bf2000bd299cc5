// The one table that maps a type byte to its kind's codec and rules (ethereumjs-style factory).
import { TxKind, type TxKindName } from "./kinds.js";
import type { TxKindSpec } from "./spec.js";
import { transferKind } from "./kinds/transfer.js";
import { messageKind } from "./kinds/message.js";
import { channelCreateKind, channelInviteKind, channelRemoveKind, channelPostKind } from "./kinds/channel.js";
import { keyPublishKind } from "./kinds/key-publish.js";
import { anchorKind } from "./kinds/anchor.js";
import { validatorVoteKind } from "./kinds/validator-vote.js";

type SpecTable = { [K in TxKindName]: TxKindSpec<K> };

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
};

const BY_BYTE = new Map<number, TxKindName>(
  (Object.keys(TxKind) as TxKindName[]).map((name) => [TxKind[name], name]),
);

export function kindByByte(byte: number): TxKindName | undefined {
  return BY_BYTE.get(byte);
}

export function specOf<K extends TxKindName>(kind: K): TxKindSpec<K> {
  return TX_SPECS[kind] as TxKindSpec<K>;
}
