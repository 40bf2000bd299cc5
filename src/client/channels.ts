// Group channels over the chat SDK (docs/ENCRYPTION.md 5-6). Each epoch has a random channel
// key, wrapped by the owner to every member; a reader finds each epoch's key in the wraps
// addressed to it (channel_keys), so a removed member still reads the epochs it was in but not
// the ones after. Browser-safe.
import { formatAddress } from "../chain/address.js";
import type { ActionEntry, ChannelAction, ChannelLogEntry } from "../chain/tx/chat-entry.js";
import type { WrappedKey } from "../chain/tx/types.js";
import {
  decodeContent, encodeContent, newChannelKey, openChannelMeta, openChannelPost, sealChannelMeta, sealChannelPost, unwrapChannelKey, wrapChannelKey,
  PENDING_CHANNEL_ID, type Attachment, type CryptoErrorCode, type Keyring,
} from "../messaging/crypto/index.js";
import { bytesEqual, fromHex, fromUtf8, toHex, utf8 } from "../util/bytes.js";
import { RpcClientError } from "./rpc-client.js";
import { pageParams, toAddress, type AddressLike, type ChatBase, type PageOptions, type SendOptions, type Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import { chatFacts, chatOffer, verifyEntry, type ChatOffer, type VerifiedEntry } from "./chat-entries.js";
import type { Identity } from "./keys.js";

export type ChannelIdLike = Uint8Array | string;

export interface CreatedChannel extends Submitted {
  /** The channel id: the create tx's id, 0x-hex. */
  channelId: string;
}

export interface ChannelInfo {
  id: string;
  owner: string;
  epoch: number;
  members: string[];
  createdHeight: number;
  /** Decrypted from the create tx's metadata; null unless we hold the epoch-0 key. */
  name: string | null;
}

export type ChannelEntryFailure = CryptoErrorCode | "NO_CHANNEL_KEY" | "NOT_UTF8" | "BAD_META";

export interface ChannelEntry {
  id: string;
  /** What the entry does; an offer (a red packet, a bounty) names its action. */
  kind: ChannelAction | ActionEntry["action"];
  from: string;
  /** The post's epoch; for create 0, invite the current epoch, remove the epoch it starts (null when we got no key of it). */
  epoch: number | null;
  /** Post text, or the channel name for create. */
  text: string | null;
  failure: ChannelEntryFailure | null;
  /** Files a post carries (BlobClient.download); empty otherwise. */
  attachments: Attachment[];
  /** create: every member; invite: those added; remove: those removed. */
  members: string[];
  /** A red packet or bounty offered in the channel (text null), else null. */
  offer: ChatOffer | null;
  height: number;
  index: number;
  time: number;
  cursor: string;
}

export interface ChannelPage {
  channel: string;
  entries: ChannelEntry[];
  older: string | null;
  newer: string | null;
}

interface ChannelStateJson {
  id: string;
  owner: string;
  epoch: number;
  members: string[];
  createdHeight: number;
}

export function toChannelId(c: ChannelIdLike): Uint8Array {
  const bytes = typeof c === "string" ? fromHex(c.trim()) : c;
  if (!bytes || bytes.length !== 32) throw chatError({ code: "BAD_INPUT", reason: "channel id must be 32 bytes" }, `not a channel id: "${String(c)}" (expected 64 hex digits)`);
  return bytes;
}

function uniqueAddresses(list: AddressLike[], what: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const a of list) {
    const addr = toAddress(a, what);
    if (!out.some((o) => bytesEqual(o, addr))) out.push(addr);
  }
  return out;
}

/** Runs a channel_* call, turning the node's CHANNEL_NOT_FOUND into a ChatError. */
async function onChannel<T>(id: Uint8Array, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.reason === "CHANNEL_NOT_FOUND")
      throw chatError({ code: "CHANNEL_NOT_FOUND", channel: "0x" + toHex(id) }, `channel 0x${toHex(id)} not found`);
    throw e;
  }
}

function channelState(base: ChatBase, id: Uint8Array): Promise<ChannelStateJson> {
  return onChannel(id, () => base.client.rpc.call<ChannelStateJson>("channel_get", ["0x" + toHex(id)]));
}

/** Wraps `channelKey` to each member's current key (latest prekey, else identity). */
async function wrapAll(
  base: ChatBase, members: Uint8Array[], ctx: { chainId: string; channelId: Uint8Array; epoch: number; from: Uint8Array },
): Promise<(nonce: number, channelKey: Uint8Array) => WrappedKey[]> {
  const keys = await Promise.all(members.map((m) => base.recipientKey(m)));
  return (nonce, channelKey) => members.map((member, i) => ({
    member,
    wrappedKey: wrapChannelKey({ ...ctx, txNonce: nonce, member, memberKey: keys[i]!.recipientKey, memberKeyKind: keys[i]!.recipientKeyKind, channelKey }),
  }));
}

export async function createChannel(base: ChatBase, identity: Identity, name: string, members: AddressLike[], opts: SendOptions = {}): Promise<CreatedChannel> {
  // The creator must be a member (the chain requires it), listed first.
  const all = uniqueAddresses([identity.publicKey, ...members], "member address");
  const chainId = await base.chainId();
  // Inside channel.create the id is not yet known: wraps and metadata use PENDING_CHANNEL_ID.
  const ctx = { chainId, channelId: PENDING_CHANNEL_ID, epoch: 0, from: identity.publicKey };
  const wrap = await wrapAll(base, all, ctx);
  const channelKey = newChannelKey();
  const meta = utf8(JSON.stringify({ name }));
  const sent = await base.submitSealed(identity, "channelCreate", ({ nonce }) => ({
    meta: sealChannelMeta({ ...ctx, txNonce: nonce, channelKey, plaintext: meta }),
    members: wrap(nonce, channelKey),
  }), opts);
  const channelId = sent.id.replace(/^0x/, "");
  // Remember the key only once the tx is final: a refused tx's key belongs to no channel.
  if (sent.height !== null) base.channelKeys.set(`${identity.address}/${channelId}`, new Map([[0, channelKey]]));
  return { ...sent, channelId: "0x" + channelId };
}

export async function inviteMembers(base: ChatBase, identity: Identity, channel: ChannelIdLike, members: AddressLike[], opts: SendOptions = {}): Promise<Submitted> {
  const id = toChannelId(channel);
  const added = uniqueAddresses(members, "member address");
  if (added.length === 0) throw chatError({ code: "BAD_INPUT", reason: "nobody to invite" });
  const state = await ownedChannel(base, identity, id);
  const already = added.find((a) => state.members.includes(formatAddress(a)));
  if (already) throw chatError({ code: "BAD_INPUT", reason: "already a member" }, `${formatAddress(already)} is already a member of channel ${state.id}`);
  // New members get the current epoch's key: they read from this epoch on.
  const channelKey = await epochKey(base, identity, id, state.epoch);
  const wrap = await wrapAll(base, added, { chainId: await base.chainId(), channelId: id, epoch: state.epoch, from: identity.publicKey });
  return base.submitSealed(identity, "channelInvite", ({ nonce }) => ({ channel: id, epoch: state.epoch, members: wrap(nonce, channelKey) }), opts);
}

export async function removeMembers(base: ChatBase, identity: Identity, channel: ChannelIdLike, members: AddressLike[], opts: SendOptions = {}): Promise<Submitted & { epoch: number }> {
  const id = toChannelId(channel);
  const removed = uniqueAddresses(members, "member address");
  if (removed.length === 0) throw chatError({ code: "BAD_INPUT", reason: "nobody to remove" });
  const state = await ownedChannel(base, identity, id);
  const removedText = removed.map(formatAddress);
  const notMember = removedText.find((r) => !state.members.includes(r));
  if (notMember) throw chatError({ code: "BAD_INPUT", reason: "not a member" }, `${notMember} is not a member of channel ${state.id}`);
  if (removedText.includes(state.owner)) throw chatError({ code: "BAD_INPUT", reason: "cannot remove the owner" }, "the owner cannot be removed from its channel");
  // A fresh key for the next epoch, wrapped to exactly the remaining members.
  const remaining = state.members.filter((m) => !removedText.includes(m)).map((m) => toAddress(m));
  const epoch = state.epoch + 1;
  const channelKey = newChannelKey();
  const wrap = await wrapAll(base, remaining, { chainId: await base.chainId(), channelId: id, epoch, from: identity.publicKey });
  const sent = await base.submitSealed(identity, "channelRemove", ({ nonce }) => ({ channel: id, removed, members: wrap(nonce, channelKey) }), opts);
  // Only a final remove owns epoch `epoch`: a concurrent one that won would have another key.
  if (sent.height !== null) cacheFor(base, identity, id).set(epoch, channelKey);
  return { ...sent, epoch };
}

export async function postToChannel(base: ChatBase, identity: Identity, channel: ChannelIdLike, text: string, opts: SendOptions & { attachments?: Attachment[] } = {}): Promise<Submitted & { epoch: number }> {
  const id = toChannelId(channel);
  const state = await channelState(base, id);
  if (!state.members.includes(identity.address))
    throw chatError({ code: "NOT_CHANNEL_MEMBER", channel: state.id }, `${identity.address} is not a member of channel ${state.id}`);
  const channelKey = await epochKey(base, identity, id, state.epoch);
  const chainId = await base.chainId();
  const plaintext = encodeContent({ text, attachments: opts.attachments ?? [] });
  const sent = await base.submitSealed(identity, "channelPost", ({ nonce }) => ({
    channel: id,
    epoch: state.epoch,
    envelope: sealChannelPost({ chainId, channelId: id, epoch: state.epoch, from: identity.publicKey, txNonce: nonce, channelKey, plaintext }),
  }), opts);
  return { ...sent, epoch: state.epoch };
}

export async function channelInfo(base: ChatBase, identity: Identity | null, channel: ChannelIdLike): Promise<ChannelInfo> {
  const id = toChannelId(channel);
  const state = await channelState(base, id);
  let name: string | null = null;
  if (identity) {
    const keys = await epochKeys(base, identity, id);
    const create = keys.createTx;
    const key = keys.keys.get(0);
    if (create && key) name = openName(create, key).text;
  }
  return { ...state, name };
}

/** One page of the channel's log (create, invite, remove, posts), posts decrypted with their epoch's key. */
export async function readChannel(base: ChatBase, identity: Identity, channel: ChannelIdLike, opts: PageOptions = {}): Promise<ChannelPage> {
  const id = toChannelId(channel);
  const page = await onChannel(id, () => base.verifiedPage("channel_messages", ["0x" + toHex(id), pageParams(opts)]));
  return { channel: "0x" + toHex(id), entries: await openChannelEntries(base, identity, id, page.entries), older: page.older, newer: page.newer };
}

/**
 * Channel log entries (already decoded and checked, from a node's page or a light client's
 * proven page) opened for `identity`: posts decrypted with the epoch keys wrapped to it.
 */
export async function openChannelEntries(base: ChatBase, identity: Identity, channel: ChannelIdLike, entries: readonly VerifiedEntry[]): Promise<ChannelEntry[]> {
  const id = toChannelId(channel);
  const cached = cacheFor(base, identity, id);
  const logged = entries.map((e) => ({ e, c: channelFacts(e) }));
  // Ask the node for our wraps only when this page needs a key we lack, or the epoch an entry starts.
  const needed = logged.some(({ c }) => c.type === "channel" && ((c.sealed !== null && c.epoch !== null && !cached.has(c.epoch)) || c.epoch === null));
  const keys = needed ? await epochKeys(base, identity, id) : { keys: cached, epochOfTx: new Map<string, number>(), createTx: null };
  return logged.map(({ e, c }) => channelEntry(e, c, id, keys.keys, keys.epochOfTx));
}

/**
 * The entry's channel facts (its tx kind's chat entry): a channel log entry or an offer made in
 * the channel; a tx of another shape in a channel log is bad node data.
 */
function channelFacts(e: VerifiedEntry): ChannelLogEntry | ActionEntry {
  const c = chatFacts(e);
  if (c?.type === "channel" || (c?.type === "action" && c.channel !== null)) return c;
  throw chatError({ code: "BAD_NODE_DATA", reason: `a ${e.stx.tx.kind} tx in a channel log` });
}

function logFacts(e: VerifiedEntry): ChannelLogEntry {
  const c = channelFacts(e);
  if (c.type !== "channel") throw chatError({ code: "BAD_NODE_DATA", reason: `a ${e.stx.tx.kind} tx where a channel log entry belongs` });
  return c;
}

function channelEntry(e: VerifiedEntry, c: ChannelLogEntry | ActionEntry, channelId: Uint8Array, keys: Map<number, Uint8Array>, epochOfTx: Map<string, number>): ChannelEntry {
  const { tx } = e.stx;
  if (c.type === "action") {
    // An offer is sealed to nobody: the chat shows it, action_get its state.
    return {
      id: "0x" + e.id, kind: c.action, from: formatAddress(tx.from), epoch: null, members: [], offer: chatOffer(c), text: null, failure: null, attachments: [],
      height: e.height, index: e.index, time: e.time, cursor: e.cursor,
    };
  }
  // An entry that starts the next epoch states none: the wraps addressed to us say which it is.
  const epoch = c.epoch ?? epochOfTx.get(e.id) ?? null;
  const base = {
    id: "0x" + e.id, kind: c.action, from: formatAddress(tx.from), epoch, members: c.members.map(formatAddress), offer: null, attachments: [] as Attachment[],
    height: e.height, index: e.index, time: e.time, cursor: e.cursor,
  };
  if (c.sealed === null || c.epoch === null) return { ...base, text: null, failure: null };
  const key = keys.get(c.epoch);
  if (!key) return { ...base, text: null, failure: "NO_CHANNEL_KEY" };
  if (c.action === "create") return { ...base, ...openName(e, key) };
  const opened = openChannelPost({ chainId: tx.chainId, channelId, epoch: c.epoch, from: tx.from, txNonce: tx.nonce, channelKey: key, envelope: c.sealed });
  const content = opened.ok ? decodeContent(opened.value) : null;
  const failure = opened.ok ? (content === null ? "NOT_UTF8" : null) : opened.error.code;
  return { ...base, text: content?.text ?? null, failure, attachments: content?.attachments ?? [] };
}

/** The channel name from a create entry's metadata, sealed under the pending channel id (ENCRYPTION.md). */
function openName(e: VerifiedEntry, key: Uint8Array): { text: string | null; failure: ChannelEntryFailure | null } {
  const { tx } = e.stx;
  const meta = logFacts(e).sealed;
  if (meta === null) return { text: null, failure: "BAD_META" };
  const opened = openChannelMeta({ chainId: tx.chainId, channelId: PENDING_CHANNEL_ID, epoch: 0, from: tx.from, txNonce: tx.nonce, channelKey: key, envelope: meta });
  if (!opened.ok) return { text: null, failure: opened.error.code };
  try {
    const meta: unknown = JSON.parse(fromUtf8(opened.value) ?? "");
    const name = (meta as { name?: unknown } | null)?.name;
    return typeof name === "string" ? { text: name, failure: null } : { text: null, failure: "BAD_META" };
  } catch {
    return { text: null, failure: "BAD_META" };
  }
}

async function ownedChannel(base: ChatBase, identity: Identity, id: Uint8Array): Promise<ChannelStateJson> {
  const state = await channelState(base, id);
  if (state.owner !== identity.address)
    throw chatError({ code: "NOT_CHANNEL_OWNER", channel: state.id }, `only the owner (${state.owner}) changes the members of channel ${state.id}`);
  return state;
}

function cacheFor(base: ChatBase, identity: Identity, id: Uint8Array): Map<number, Uint8Array> {
  const k = `${identity.address}/${toHex(id)}`;
  let m = base.channelKeys.get(k);
  if (!m) base.channelKeys.set(k, (m = new Map()));
  return m;
}

async function epochKey(base: ChatBase, identity: Identity, id: Uint8Array, epoch: number): Promise<Uint8Array> {
  const cached = cacheFor(base, identity, id).get(epoch);
  if (cached) return cached;
  const key = (await epochKeys(base, identity, id)).keys.get(epoch);
  if (!key) throw chatError({ code: "NO_CHANNEL_KEY", channel: "0x" + toHex(id), epoch }, `no key of epoch ${epoch} of channel 0x${toHex(id)} is wrapped to ${identity.address} (removed, or its prekey secret is missing)`);
  return key;
}

interface EpochKeys {
  keys: Map<number, Uint8Array>;
  /** Tx id (hex) -> the epoch whose key it carries. */
  epochOfTx: Map<string, number>;
  createTx: VerifiedEntry | null;
}

/**
 * Every epoch key wrapped to `identity` in this channel: the node lists the create/invite/remove
 * txs carrying a wrap for it, with the epoch each wraps; a wrong epoch or a wrap of someone
 * else's making cannot open (the wrap's associated data binds both).
 */
export async function epochKeys(base: ChatBase, identity: Identity, id: Uint8Array): Promise<EpochKeys> {
  const [chainId, res, keyring] = await Promise.all([
    base.chainId(),
    onChannel(id, () => base.client.rpc.call<{ keys?: unknown }>("channel_keys", ["0x" + toHex(id), identity.address])),
    base.keyring(identity),
  ]);
  if (!Array.isArray(res.keys)) throw chatError({ code: "BAD_NODE_DATA", reason: "channel_keys did not return a list" });
  const cache = cacheFor(base, identity, id);
  const epochOfTx = new Map<string, number>();
  let createTx: VerifiedEntry | null = null;
  for (const item of res.keys as unknown[]) {
    const epoch = (item as { epoch?: unknown }).epoch;
    if (typeof epoch !== "number" || !Number.isInteger(epoch) || epoch < 0) throw chatError({ code: "BAD_NODE_DATA", reason: "channel_keys entry without an epoch" });
    const e = verifyEntry(item, chainId, base.verifySignatures);
    epochOfTx.set(e.id, epoch);
    const c = chatFacts(e);
    if (c?.type === "channel" && c.action === "create" && bytesEqual(c.channel, id)) createTx = e;
    if (cache.has(epoch)) continue;
    const key = unwrapFrom(e, id, epoch, identity.publicKey, keyring);
    if (key) cache.set(epoch, key);
  }
  return { keys: cache, epochOfTx, createTx };
}

function unwrapFrom(e: VerifiedEntry, channelId: Uint8Array, epoch: number, me: Uint8Array, keyring: Keyring): Uint8Array | null {
  const { tx } = e.stx;
  const c = chatFacts(e);
  if (c?.type !== "channel" || !bytesEqual(c.channel, channelId)) return null;
  // A create's wraps bind the pending channel id: its real id is its own hash (ENCRYPTION.md).
  const ctxId = c.action === "create" ? PENDING_CHANNEL_ID : channelId;
  const mine = c.wraps.find((w) => bytesEqual(w.member, me));
  if (!mine) return null;
  const r = unwrapChannelKey({ chainId: tx.chainId, channelId: ctxId, epoch, from: tx.from, txNonce: tx.nonce, member: me, envelope: mine.wrappedKey, mySecrets: keyring });
  return r.ok ? r.value : null;
}
