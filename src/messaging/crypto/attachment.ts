// What a message or channel post says when it carries files (docs/ENCRYPTION.md "Attachments").
// The plaintext sealed in the envelope (padded and encrypted as every message is) is either
// plain UTF-8 text, as before, or:
//
//   plaintext  = 0xFF || 0x01 || msgpack([text, [attachment, ...]])
//   attachment = [blobHash(bin 32), size(uint), mediaType(str), fileName(str), key(bin 32),
//                 chunkSize(uint), thumbnail(bin | nil)]
//
// 0xFF never occurs in UTF-8, so an older reader sees a non-text message (NOT_UTF8) rather than
// garbage, and no text can be mistaken for attachments. msgpack is the chain's canonical form
// (src/chain/codec.ts): one encoding per content. The thumbnail is made by the sender's client
// (a small JPEG or PNG); nodes never see the file's plaintext.
import { decodeUnknown, encode, isCanonical, readArray, readBytes, readString, readUint } from "../../chain/codec.js";
import { fromUtf8 } from "../../util/bytes.js";
import { BLOB_KEY_LEN, validChunkSize } from "./blob-cipher.js";

export const RICH_MARKER = 0xff;
export const RICH_VERSION = 0x01;
export const MAX_ATTACHMENTS = 8;
export const MAX_MEDIA_TYPE = 127;
export const MAX_FILE_NAME = 255;
// A message carries the plaintext twice (to the recipient and the self copy) in an 80 KiB tx.
export const MAX_THUMBNAIL_BYTES = 24 * 1024;
// Sizes travel as msgpack integers; 2^53 is far beyond any node's cap.
const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;

export interface Attachment {
  /** SHA-256 of the blob (the ciphertext): its id in every node's store. */
  blobHash: Uint8Array;
  /** Plaintext size in bytes. */
  size: number;
  mediaType: string;
  fileName: string;
  /** The file key (blob-cipher.ts). */
  key: Uint8Array;
  chunkSize: number;
  /** A small preview image the sender made, or null. */
  thumbnail: Uint8Array | null;
}

export interface MessageContent {
  text: string;
  attachments: Attachment[];
}

/** Plain text when there are no attachments (readable by every client), the rich form otherwise. */
export function encodeContent(content: MessageContent): Uint8Array {
  if (content.attachments.length === 0) return new TextEncoder().encode(content.text);
  if (content.attachments.length > MAX_ATTACHMENTS) throw new RangeError(`at most ${MAX_ATTACHMENTS} attachments`);
  for (const a of content.attachments) checkAttachment(a);
  const body = encode([content.text, content.attachments.map((a) => [a.blobHash, a.size, a.mediaType, a.fileName, a.key, a.chunkSize, a.thumbnail])]);
  const out = new Uint8Array(2 + body.length);
  out[0] = RICH_MARKER;
  out[1] = RICH_VERSION;
  out.set(body, 2);
  return out;
}

function checkAttachment(a: Attachment): void {
  if (a.blobHash.length !== 32 || a.key.length !== BLOB_KEY_LEN) throw new RangeError("blobHash and key are 32 bytes");
  if (!Number.isSafeInteger(a.size) || a.size < 0) throw new RangeError("size must be a non-negative integer");
  if (!validChunkSize(a.chunkSize)) throw new RangeError("bad chunk size");
  if (a.mediaType.length > MAX_MEDIA_TYPE || a.fileName.length > MAX_FILE_NAME) throw new RangeError("media type or file name too long");
  if (a.thumbnail && a.thumbnail.length > MAX_THUMBNAIL_BYTES) throw new RangeError(`thumbnail over ${MAX_THUMBNAIL_BYTES} bytes`);
}

/** Null when the bytes are neither UTF-8 text nor a well-formed rich message. */
export function decodeContent(plain: Uint8Array): MessageContent | null {
  if (plain[0] !== RICH_MARKER) {
    const text = fromUtf8(plain);
    return text === null ? null : { text, attachments: [] };
  }
  if (plain[1] !== RICH_VERSION) return null;
  const body = plain.subarray(2);
  const value = decodeUnknown(body);
  const f = readArray(value, 2);
  const text = f && readString(f[0], 65_535);
  const list = f && readArray(f[1]);
  if (text === undefined || !list || list.length === 0 || list.length > MAX_ATTACHMENTS || !isCanonical(value, body)) return null;
  const attachments: Attachment[] = [];
  for (const item of list) {
    const a = decodeAttachment(item);
    if (!a) return null;
    attachments.push(a);
  }
  return { text, attachments };
}

function decodeAttachment(item: unknown): Attachment | null {
  const f = readArray(item, 7);
  if (!f) return null;
  const blobHash = readBytes(f[0], 32);
  const size = readUint(f[1]);
  const mediaType = readString(f[2], MAX_MEDIA_TYPE);
  const fileName = readString(f[3], MAX_FILE_NAME);
  const key = readBytes(f[4], BLOB_KEY_LEN);
  const chunkSize = readUint(f[5]);
  const thumbnail = f[6] === null ? null : readBytes(f[6]);
  if (!blobHash || size === undefined || size > MAX_FILE_SIZE || mediaType === undefined || fileName === undefined || !key) return null;
  if (chunkSize === undefined || !validChunkSize(chunkSize) || thumbnail === undefined || (thumbnail && thumbnail.length > MAX_THUMBNAIL_BYTES)) return null;
  return { blobHash, size, mediaType, fileName, key, chunkSize, thumbnail };
}
