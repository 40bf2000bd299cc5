// Everything the chat SDK refuses because of what a user asked for or what a node answered.
// Failures to open one envelope are not errors: they are reported on the message itself
// (ChatMessage.failure), because readers run over whole inboxes.
import { ParleyError } from "../util/errors.js";

export type ChatErrorType =
  | { code: "BAD_INPUT"; reason: string }
  /** The node answered with a tx whose id, chain or signature does not check out. */
  | { code: "BAD_NODE_DATA"; reason: string }
  | { code: "CHANNEL_NOT_FOUND"; channel: string }
  | { code: "NOT_CHANNEL_MEMBER"; channel: string }
  | { code: "NOT_CHANNEL_OWNER"; channel: string }
  /** No wrap of this epoch's key addressed to us could be opened (removed, or prekey secret lost). */
  | { code: "NO_CHANNEL_KEY"; channel: string; epoch: number }
  | { code: "ANCHOR_EXISTS"; hash: string; owner: string; height: number }
  | { code: "WORK_EXISTS"; workId: string; owner: string; height: number }
  // names (docs/NAMES.md): "@name" given for an address, or a name to register
  | { code: "NAME_NOT_FOUND"; name: string }
  | { code: "NAME_EXPIRED"; name: string }
  | { code: "NAME_TAKEN"; name: string; owner: string; expiry: number };

export type ChatErrorCode = ChatErrorType["code"];

export class ChatError extends ParleyError<ChatErrorType> {}

export function chatError(type: ChatErrorType, message?: string): ChatError {
  return new ChatError(type, message);
}
