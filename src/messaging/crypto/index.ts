// Client-side end-to-end encryption (docs/ENCRYPTION.md). Browser-safe: @noble/* only.
export { CryptoError, cryptoError, type CryptoErrorCode, type CryptoErrorType } from "./errors.js";
export { Label } from "./labels.js";
export {
  chooseRecipientKey, edPublicToX25519, edSecretToX25519, newPrekey, prekeyId, prekeySignature, prekeySignatureMessage,
  verifyPrekeySignature, x25519Public, PREKEY_ID_LEN,
  type RecipientKey, type RecipientKeyKind, type X25519KeyPair,
} from "./keys.js";
export { prepareKeyring, sharedSecretKey, type Keyring, type RecipientSecrets } from "./keyring.js";
export { calcPaddedLen, pad, paddedSize, unpad, DEFAULT_MAX_PLAINTEXT, type PaddingOptions } from "./padding.js";
export { ENVELOPE_VERSION, KeyType, boxSize, parseBox, type BoxRandom } from "./sealed-box.js";
export { directAdContext, openDirect, sealDirect, type DirectContext, type OpenDirectInput, type SealDirectInput, type SealedDirect } from "./envelope.js";
export { openHistory, sealHistory, MAX_HISTORY_BYTES, type HistoryContext } from "./history.js";
export {
  newChannelKey, openChannelMeta, openChannelPost, sealChannelMeta, sealChannelPost, unwrapChannelKey, wrapChannelKey,
  CHANNEL_ID_LEN, CHANNEL_KEY_LEN, PENDING_CHANNEL_ID,
  type ChannelContext, type OpenChannelInput, type SealChannelInput, type UnwrapChannelKeyInput, type WrapChannelKeyInput,
} from "./channel.js";
export {
  BlobDecryptor, BlobEncryptor, blobSize, chunkCount, decryptBlob, encryptBlob, newBlobKey, validChunkSize,
  BLOB_KEY_LEN, BLOB_TAG_LEN, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE,
} from "./blob-cipher.js";
export { decodeContent, encodeContent, MAX_ATTACHMENTS, MAX_THUMBNAIL_BYTES, type Attachment, type MessageContent } from "./attachment.js";
