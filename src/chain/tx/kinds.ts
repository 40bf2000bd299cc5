// One type byte per tx kind. Adding a kind = one row here + one file in ./kinds/ + one entry
// in ./registry.ts. Numbers are never reused: retire a kind by commenting its row out.
export const TxKind = {
  transfer: 0x01,
  message: 0x02,
  channelCreate: 0x03,
  channelInvite: 0x04,
  channelRemove: 0x05,
  channelPost: 0x06,
  keyPublish: 0x07,
  anchor: 0x08,
  validatorVote: 0x09,
} as const;

export type TxKindName = keyof typeof TxKind;
export type TxKindByte = (typeof TxKind)[TxKindName];

/** Names as shown at the RPC edge and in docs. */
export const TX_KIND_LABEL: Record<TxKindName, string> = {
  transfer: "transfer",
  message: "message",
  channelCreate: "channel.create",
  channelInvite: "channel.invite",
  channelRemove: "channel.remove",
  channelPost: "channel.post",
  keyPublish: "key.publish",
  anchor: "anchor",
  validatorVote: "validator.vote",
};
