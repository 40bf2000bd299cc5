// How a tx shows in chat, as its kind declares it (TxKindSpec.chatEntry). The chat SDK opens
// entries from these facts alone, and the RPC layer uses them to tell a message from other txs,
// so neither names a tx kind. Chat has two shapes: direct entries (listed in the recipient's
// inbox and the sender's sent index) and channel log entries, plus automatic actions offered in
// either (a red packet, a pay-on-reply offer).
import type { AssetRef } from "../assets/records.js";
import type { Address } from "./types.js";
import type { WrappedKey } from "./kinds/channel-state.js";
import type { DeviceEnvelope } from "./kinds/device-state.js";

export interface DirectEntry {
  readonly type: "direct";
  readonly to: Address;
  /** Amount moved to `to` with the entry (0 when none), in `asset`. */
  readonly amount: bigint;
  /** The asset of `amount` (docs/ASSETS.md); null: the native token. */
  readonly asset: Uint8Array | null;
  /** Envelope sealed to `to` (docs/ENCRYPTION.md 4), or null when the entry has no text. */
  readonly sealed: Uint8Array | null;
  /** Copy sealed to the sender's own identity, or null when the tx has none. */
  readonly selfSealed: Uint8Array | null;
  /** Copies sealed to devices of `to`, each to the device's own key (empty when none). */
  readonly deviceSealed: readonly DeviceEnvelope[];
}

/** What a channel log entry does, as the chat SDK shows it. */
export type ChannelAction = "create" | "invite" | "remove" | "post";

export interface ChannelLogEntry {
  readonly type: "channel";
  readonly action: ChannelAction;
  /** The channel the entry belongs to (a create's is its own tx id). */
  readonly channel: Uint8Array;
  /**
   * The epoch whose key the entry uses or wraps; null when it starts the next epoch (a remove):
   * a reader counts those along the log.
   */
  readonly epoch: number | null;
  /** create: every member; invite: those added; remove: those removed; post: none. */
  readonly members: readonly Address[];
  /** The epoch key wrapped to members (create, invite, remove); empty when none. */
  readonly wraps: readonly WrappedKey[];
  /** What the entry seals with the epoch key: a create's metadata, a post's text; null when nothing. */
  readonly sealed: Uint8Array | null;
}

/**
 * An automatic action opened in a conversation (docs/ACTIONS.md 7): a red packet to claim, or a
 * pay-on-reply offer. Listed like a message (inbox and sent for a direct chat, the channel log
 * for a channel) but sealed to nobody: the chat shows the offer and action_get its state.
 */
export interface ActionEntry {
  readonly type: "action";
  readonly action: "redPacket" | "bounty";
  /** The action's id: the tx's own id. */
  readonly id: Uint8Array;
  /** The conversation: a direct chat with `to` (channel null), or a channel (to null). */
  readonly to: Address | null;
  readonly channel: Uint8Array | null;
  /** What it holds: the packet's total, the bounty's amount, in base units of `asset`. */
  readonly amount: bigint;
  /** The asset it pays in; null: the native token. */
  readonly asset: AssetRef;
  /** Claims it pays: a red packet's shares, a bounty's 1. */
  readonly shares: number;
}

export type ChatEntry = DirectEntry | ChannelLogEntry | ActionEntry;
