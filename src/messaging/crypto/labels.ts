// Domain-separation labels (UTF-8, no terminator). Each key derivation and each associated-data
// block starts with its own label, so bytes made for one purpose (a DM, a key wrap, a channel
// post, channel metadata, a prekey signature) can never be accepted as another. The "-ad"
// labels are kept apart from the key labels so no HKDF info string equals an AD string.
// Changing any of these is a protocol version change (docs/ENCRYPTION.md).
export const Label = {
  prekeySignature: "parley/prekey/v1",
  dmKey: "parley/dm/v1",
  dmAd: "parley/dm-ad/v1",
  wrapKey: "parley/channel-wrap/v1",
  wrapAd: "parley/channel-wrap-ad/v1",
  postKey: "parley/channel-post/v1",
  postAd: "parley/channel-post-ad/v1",
  metaKey: "parley/channel-meta/v1",
  metaAd: "parley/channel-meta-ad/v1",
  blobKey: "parley/blob/v1",
  blobAd: "parley/blob-ad/v1",
  historyKey: "parley/history/v1",
  historyAd: "parley/history-ad/v1",
} as const;

export type LabelName = keyof typeof Label;
