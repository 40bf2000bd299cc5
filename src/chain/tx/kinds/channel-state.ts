// Channel membership lives in authenticated state (namespace `channel`), so light clients can
// prove who was a member of which epoch.
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../../codec.js";
import { bytesEqual, toHex } from "../../../util/bytes.js";
import type { Address } from "../types.js";

export interface WrappedKey {
  member: Address;
  /** The channel key of the epoch, wrapped to this member with the DM scheme. */
  wrappedKey: Uint8Array;
}

export interface ChannelState {
  owner: Address;
  epoch: number;
  members: Address[];
  createdHeight: number;
}

export function encodeChannelState(c: ChannelState): Uint8Array {
  return encode([c.owner, c.epoch, c.members, c.createdHeight]);
}

export function decodeChannelState(bytes: Uint8Array): ChannelState | undefined {
  const f = readArray(decodeUnknown(bytes), 4);
  if (!f) return undefined;
  const owner = readBytes(f[0], 32);
  const epoch = readUint(f[1]);
  const rawMembers = readArray(f[2]);
  const createdHeight = readUint(f[3]);
  if (!owner || epoch === undefined || !rawMembers || createdHeight === undefined) return undefined;
  const members: Address[] = [];
  for (const m of rawMembers) {
    const a = readBytes(m, 32);
    if (!a) return undefined;
    members.push(a);
  }
  return { owner, epoch, members, createdHeight };
}

export function isMember(c: ChannelState, who: Address): boolean {
  return c.members.some((m) => bytesEqual(m, who));
}

export function encodeWrapped(list: WrappedKey[]): unknown[] {
  return list.map((w) => [w.member, w.wrappedKey]);
}

export function decodeWrapped(v: unknown, maxKeyBytes = 1024): WrappedKey[] | string {
  const list = readArray(v);
  if (!list) return "members must be an array";
  const out: WrappedKey[] = [];
  for (const item of list) {
    const pair = readArray(item, 2);
    const member = pair && readBytes(pair[0], 32);
    const wrappedKey = pair && readBytes(pair[1]);
    if (!member || !wrappedKey || wrappedKey.length > maxKeyBytes) return "each member is [address(32), wrappedKey(bytes)]";
    out.push({ member, wrappedKey });
  }
  return out;
}

/** null when the list names each member once; otherwise why not. */
export function duplicateMember(list: { member: Address }[]): string | null {
  const seen = new Set<string>();
  for (const w of list) {
    const k = toHex(w.member);
    if (seen.has(k)) return "a member is listed twice";
    seen.add(k);
  }
  return null;
}
