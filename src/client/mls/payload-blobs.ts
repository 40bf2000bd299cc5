// MLS payloads too large for a tx (docs/ENCRYPTION.md 12.7): a commit or a ratchet tree goes to
// the node's blob store, sealed like a file attachment, and the tx names it; members fetch it
// back and check hash, tags and size (and, for a commit, the clear header the chain ordered).
import type { MlsBlobRef } from "../../chain/tx/kinds/mls-state.js";
import { bytesEqual, concatBytes } from "../../util/bytes.js";
import { BlobClient } from "../blobs.js";
import type { ChatBase } from "../chat-base.js";
import type { Identity } from "../keys.js";
import { MlsError } from "./member.js";

/** Uploads a commit or ratchet tree as a blob; the tx's reference to it. */
export async function uploadMlsBlob(base: ChatBase, identity: Identity, bytes: Uint8Array): Promise<MlsBlobRef> {
  const a = await new BlobClient(base.client).attach(identity, { source: async function* () { yield bytes; }, fileName: "", mediaType: "application/vnd.parley.mls" });
  return { blobHash: a.blobHash, key: a.key, size: a.size, chunkSize: a.chunkSize };
}

/** Fetches a commit or tree blob from the node and checks it (hash, AEAD, size). */
export async function downloadMlsBlob(base: ChatBase, ref: MlsBlobRef): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await new BlobClient(base.client).download({ ...ref, mediaType: "", fileName: "", thumbnail: null }, (p) => {
    parts.push(p);
  });
  return concatBytes(...parts);
}

/** The whole commit: inline, or fetched by blob and checked to start with the header validators ordered. */
export async function fullCommit(base: ChatBase, inline: Uint8Array, blob: MlsBlobRef | null | undefined): Promise<Uint8Array> {
  if (!blob) return inline;
  const full = await downloadMlsBlob(base, blob);
  if (!bytesEqual(full.subarray(0, inline.length), inline)) throw new MlsError({ code: "MLS_DECODE", reason: "the commit blob's header differs from the one the chain ordered" });
  return full;
}
