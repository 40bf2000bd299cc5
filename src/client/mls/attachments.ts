// Files in MLS group posts: the post's plaintext is the same content encoding as a direct
// message or channel post (docs/ENCRYPTION.md 10: plain UTF-8, or the rich form with
// attachments), and the stores keep each attachment as JSON (bytes in hex).
import type { Attachment } from "../../messaging/crypto/index.js";
import { fromHex, toHex } from "../../util/bytes.js";
import type { StoredAttachment } from "./store.js";

export type { StoredAttachment };

export function storedAttachment(a: Attachment): StoredAttachment {
  return { blobHash: toHex(a.blobHash), size: a.size, mediaType: a.mediaType, fileName: a.fileName, key: toHex(a.key), chunkSize: a.chunkSize, thumbnail: a.thumbnail ? toHex(a.thumbnail) : null };
}

/** The attachment a store kept; null if the record was damaged (it is skipped, not guessed). */
export function attachmentOf(s: StoredAttachment): Attachment | null {
  const blobHash = fromHex(s.blobHash);
  const key = fromHex(s.key);
  const thumbnail = s.thumbnail === null ? null : fromHex(s.thumbnail);
  if (!blobHash || !key || (s.thumbnail !== null && !thumbnail)) return null;
  return { blobHash, size: s.size, mediaType: s.mediaType, fileName: s.fileName, key, chunkSize: s.chunkSize, thumbnail };
}
