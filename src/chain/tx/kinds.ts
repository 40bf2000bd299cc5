// One type byte per tx kind: the wire byte, and (through this table's keys) the list of kind
// names the spec table must cover. Adding a kind: docs/ADDING-A-KIND.md. Numbers are never
// reused: retire a kind by commenting its row out.
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
  // Automatic actions (docs/ACTIONS.md): one kind per action type, an op enum in the body.
  escrow: 0x0a,
  scheduledPayment: 0x0b,
  sharedAccount: 0x0c,
  redPacket: 0x0d,
  bounty: 0x0e,
  rewardPool: 0x0f,
  // Assets and points (docs/ASSETS.md): one kind, an op enum in the body; 0x11-0x13 kept for assets.
  asset: 0x10,
  // Devices of an identity (issue 15; docs/PROTOCOL.md 3 "Devices"): 0x1c-0x1f are theirs.
  deviceAdd: 0x1c,
  deviceRevoke: 0x1d,
  // MLS groups ordered by the chain (docs/ENCRYPTION.md, "MLS groups"); 0x24-0x27 reserved for them.
  mlsKeyPackage: 0x20,
  mlsCommit: 0x21,
  mlsWelcome: 0x22,
  mlsMessage: 0x23,
  // Works and licences (docs/WORKS.md): one kind, an op enum in the body; 0x19-0x1b kept for works.
  work: 0x18,
  // Names (docs/NAMES.md): one kind, an op enum in the body; 0x15-0x17 kept for names.
  name: 0x14,
} as const;

export type TxKindName = keyof typeof TxKind;
export type TxKindByte = (typeof TxKind)[TxKindName];
