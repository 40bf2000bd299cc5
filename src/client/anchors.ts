// Proof of existence: anchor the SHA-256 of some content on chain; anyone holding the content
// can later show who anchored it first and when. Only the hash and a public tag go on chain.
import { sha256 } from "@noble/hashes/sha2.js";
import { fromHex, toHex } from "../util/bytes.js";
import { RpcClientError } from "./rpc-client.js";
import type { ChatBase, SendOptions, Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import type { Identity } from "./keys.js";

export interface AnchorInfo {
  hash: string;
  owner: string;
  height: number;
  /** Block time, ms since epoch. */
  time: number;
  tag: string;
  txId: string;
}

export interface Anchored extends Submitted {
  hash: string;
}

export function contentHash(content: Uint8Array): Uint8Array {
  return sha256(content);
}

function toHash(h: Uint8Array | string): Uint8Array {
  const bytes = typeof h === "string" ? fromHex(h.trim()) : h;
  if (!bytes || bytes.length !== 32) throw chatError({ code: "BAD_INPUT", reason: "hash must be 32 bytes" }, `not a SHA-256 hash: "${String(h)}" (expected 64 hex digits)`);
  return bytes;
}

/** Who first anchored `hash` (32 bytes or 64 hex digits; contentHash(bytes) for a file), or null. */
export async function verifyAnchor(base: ChatBase, hashOf: Uint8Array | string): Promise<AnchorInfo | null> {
  const hash = toHash(hashOf);
  try {
    return await base.client.rpc.call<AnchorInfo>("anchor_get", ["0x" + toHex(hash)]);
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.reason === "ANCHOR_NOT_FOUND") return null;
    throw e;
  }
}

/** Anchors sha256(content) with a public tag. Throws ANCHOR_EXISTS if someone anchored it already (the first anchor counts). */
export async function anchorContent(base: ChatBase, identity: Identity, content: Uint8Array, tag: string, opts: SendOptions = {}): Promise<Anchored> {
  const hash = contentHash(content);
  const existing = await verifyAnchor(base, hash);
  if (existing)
    throw chatError({ code: "ANCHOR_EXISTS", hash: existing.hash, owner: existing.owner, height: existing.height }, `already anchored by ${existing.owner} at height ${existing.height}`);
  const sent = await base.submitSealed(identity, "anchor", () => ({ hash, tag }), opts);
  return { ...sent, hash: "0x" + toHex(hash) };
}
