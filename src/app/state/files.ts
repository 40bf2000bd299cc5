// Files in the app (docs/APP.md "Files"): a thumbnail made here from a dropped image (nodes
// never see the picture), and downloading an attachment into a Blob the person saves. The file
// is encrypted in this tab before any byte leaves it (client/blobs.ts); a download is checked
// against its hash and decrypted here.
import { BlobClient, type Progress } from "../../client/blobs.js";
import type { ParleyClient } from "../../client/parley-client.js";
import { MAX_THUMBNAIL_BYTES, type Attachment } from "../../messaging/crypto/index.js";

// The longest side of a thumbnail: sharp in a chat bubble, a few KiB as JPEG.
const THUMB_SIDE = 240;

/** A JPEG preview of an image file, small enough for the envelope; null for other files or undecodable images. */
export async function makeThumbnail(file: File): Promise<Uint8Array | null> {
  if (!file.type.startsWith("image/")) return null;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, THUMB_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    for (const quality of [0.8, 0.6, 0.4, 0.25]) {
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/jpeg", quality));
      if (blob && blob.size <= MAX_THUMBNAIL_BYTES) return new Uint8Array(await blob.arrayBuffer());
    }
    return null;
  } catch {
    return null;
  }
}

/** Encrypts and uploads a dropped file; the attachment for the message. */
export async function uploadFile(client: ParleyClient, me: Parameters<BlobClient["attach"]>[0], file: File, onProgress: (p: Progress) => void): Promise<Attachment> {
  const thumbnail = await makeThumbnail(file);
  return new BlobClient(client).attach(me, { source: () => file.stream(), fileName: file.name, mediaType: file.type || "application/octet-stream", thumbnail }, { onProgress });
}

/** Downloads, checks and decrypts an attachment into a Blob (the browser holds the plaintext it will save). */
export async function downloadFile(client: ParleyClient, a: Attachment, onProgress: (p: Progress) => void): Promise<Blob> {
  const parts: Uint8Array[] = [];
  await new BlobClient(client).download(a, (p) => void parts.push(p), { onProgress });
  return new Blob(parts as BlobPart[], { type: a.mediaType });
}

/** Hands a Blob to the browser's download (the anchor-with-download-attribute way). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
