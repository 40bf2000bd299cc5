// What the four channel kinds (create, invite, remove, post) share: loading a channel, the size
// and member-list rules, and the JSON of wrapped keys. The channel state itself: ./channel-state.ts.
import { formatAddress } from "../../address.js";
import { hexJson, type JsonObject } from "../../../util/json.js";
import type { ChainParams } from "../../params.js";
import { txError, type TxError } from "../errors.js";
import { StateNs, type ExecContext } from "../spec.js";
import { decodeChannelState, duplicateMember, type ChannelState, type WrappedKey } from "./channel-state.js";

export function loadChannel(ctx: ExecContext, id: Uint8Array): ChannelState | TxError {
  const raw = ctx.get(StateNs.channel, id);
  const state = raw && decodeChannelState(raw);
  return state ?? txError({ code: "CHANNEL_NOT_FOUND" });
}

export function checkEnvelope(size: number, params: ChainParams): TxError | null {
  if (size > params.maxEnvelopeBytes) return txError({ code: "ENVELOPE_TOO_LARGE", size, max: params.maxEnvelopeBytes });
  return null;
}

export function checkMemberList(list: { member: Uint8Array }[], params: ChainParams, allowEmpty: boolean): TxError | null {
  if (!allowEmpty && list.length === 0) return txError({ code: "BAD_MEMBERS", reason: "no members" });
  if (list.length > params.maxChannelMembers) return txError({ code: "BAD_MEMBERS", reason: `more than ${params.maxChannelMembers} members` });
  const dup = duplicateMember(list);
  return dup ? txError({ code: "BAD_MEMBERS", reason: dup }) : null;
}

export function wrappedJson(list: WrappedKey[]): JsonObject[] {
  return list.map((w) => ({ member: formatAddress(w.member), wrappedKey: hexJson(w.wrappedKey) }));
}

export function wrappedMembers(list: WrappedKey[]): Uint8Array[] {
  return list.map((m) => m.member);
}
