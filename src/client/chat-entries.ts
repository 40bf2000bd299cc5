// Turns the message entries a node returns (msg_*, channel_*, subscribe_messages) back into
// signed transactions the client checked itself. The sealed box does not say who sealed it;
// the tx signature does (docs/ENCRYPTION.md 4.4), so an envelope is only opened with the context
// of a tx whose id, chain and signature were verified here, not taken on the node's word.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeTx, signingMessage } from "../chain/tx/codec.js";
import type { ActionEntry, ChatEntry } from "../chain/tx/chat-entry.js";
import { specFor } from "../chain/tx/registry.js";
import type { SignedTx } from "../chain/tx/types.js";
import { isCanonicalSignature, isWeakPublicKey } from "../crypto/ed25519-rules.js";
import { fromHex, toHex } from "../util/bytes.js";
import { chatError } from "./chat-errors.js";

/** One entry of a message page: a tx's JSON plus its chain position (docs/RPC.md (Messaging)). */
export interface MessageEntryJson {
  id: string;
  kind: string;
  from: string;
  raw: string;
  height: number;
  index: number;
  time: number;
  cursor: string;
  body: Record<string, unknown>;
}

export interface EntryPageJson {
  messages: MessageEntryJson[];
  /** Pass as `before` for the page before this one; null at the start. */
  older: string | null;
  /** Pass as `after` to continue with what is newer (including what arrives later). */
  newer: string | null;
}

export interface VerifiedEntry {
  stx: SignedTx;
  /** Tx id, hex without 0x. */
  id: string;
  height: number;
  index: number;
  time: number;
  cursor: string;
}

/** Strict Ed25519 (the node's own admission rules): canonical S, no weak key, RFC 8032 decoding. */
export function verifyTxSignature(stx: SignedTx): boolean {
  const { tx, payload, sig } = stx;
  if (!isCanonicalSignature(sig) || isWeakPublicKey(tx.from)) return false;
  try {
    return ed25519.verify(sig, signingMessage(tx.chainId, payload), tx.from, { zip215: false });
  } catch {
    return false;
  }
}

function isEntry(v: unknown): v is MessageEntryJson {
  if (typeof v !== "object" || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e["id"] === "string" && typeof e["raw"] === "string" && Number.isSafeInteger(e["height"]) && Number.isSafeInteger(e["index"])
    && typeof e["time"] === "number" && typeof e["cursor"] === "string";
}

/** Throws ChatError BAD_NODE_DATA when the entry is malformed, of another chain, or not signed by its sender. */
export function verifyEntry(json: unknown, chainId: string, checkSignature: boolean): VerifiedEntry {
  const bad = (reason: string) => chatError({ code: "BAD_NODE_DATA", reason }, `the node returned a bad message entry: ${reason}`);
  if (!isEntry(json)) throw bad("missing id, raw, height, index, time or cursor");
  const bytes = fromHex(json.raw);
  if (!bytes) throw bad("raw is not hex");
  const d = decodeTx(bytes, Number.MAX_SAFE_INTEGER);
  if (!d.ok) throw bad(`raw does not decode (${d.error.code})`);
  const stx = d.value;
  const id = toHex(sha256(stx.payload));
  if ("0x" + id !== json.id.toLowerCase() && id !== json.id.toLowerCase()) throw bad("id is not the hash of the tx");
  if (stx.tx.chainId !== chainId) throw bad(`tx of chain ${stx.tx.chainId}, expected ${chainId}`);
  if (checkSignature && !verifyTxSignature(stx)) throw bad(`tx ${id} has a bad signature`);
  return { stx, id, height: json.height, index: json.index, time: json.time, cursor: json.cursor };
}

/** How the entry shows in chat, as its tx kind declares it (TxKindSpec.chatEntry); null: not a chat entry. */
export function chatFacts(e: VerifiedEntry): ChatEntry | null {
  const { tx } = e.stx;
  // e.id is the hex of the payload's hash, checked by verifyEntry: it always parses.
  return specFor(tx).chatEntry(tx, fromHex(e.id) ?? new Uint8Array(32));
}

export function isEntryPage(v: unknown): v is EntryPageJson {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  const cursor = (c: unknown) => c === null || typeof c === "string";
  return Array.isArray(p["messages"]) && cursor(p["older"]) && cursor(p["newer"]);
}

/** An automatic action offered in a conversation, as the chat shows it (a red packet, a pay-on-reply offer). */
export interface ChatOffer {
  action: ActionEntry["action"];
  /** The action's id, 0x-hex: ActionsClient.get shows its state (claims, paid or returned). */
  id: string;
  /** The packet's total or the bounty's amount, in base units of `asset`. */
  amount: bigint;
  /** The asset id, 0x-hex; null: the native token. */
  asset: string | null;
  shares: number;
}

export function chatOffer(a: ActionEntry): ChatOffer {
  return { action: a.action, id: "0x" + toHex(a.id), amount: a.amount, asset: a.asset && "0x" + toHex(a.asset), shares: a.shares };
}
