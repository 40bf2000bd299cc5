// Anchors from the app's side: hashing a file in the browser (WebCrypto; the file is never
// uploaded) and looking up who anchored a hash first, checked by the verifier when it can.
import { verifyAnchor, type AnchorInfo } from "../../client/anchors.js";
import { ChatBase } from "../../client/chat-base.js";
import { toHex } from "../../util/bytes.js";
import { nodeUrl } from "./config.js";
import type { ProofMark } from "./conversations.js";

export interface AnchorLookup {
  anchor: AnchorInfo | null;
  proof: ProofMark;
  note: string | null;
}

export type AnchorCheck = (hash: string, claimed: AnchorInfo | null) => Promise<{ proof: ProofMark; note: string | null }>;

let base: ChatBase | null = null;
let check: AnchorCheck | null = null;

export function setAnchorCheck(c: AnchorCheck | null): void {
  check = c;
}

export async function sha256File(f: Blob): Promise<string> {
  return "0x" + toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await f.arrayBuffer())));
}

export async function lookupAnchor(hash: string): Promise<AnchorLookup> {
  base ??= new ChatBase(nodeUrl());
  const anchor = await verifyAnchor(base, hash);
  if (!check) return { anchor, proof: "unverified", note: null };
  return { anchor, ...(await check(hash, anchor)) };
}
