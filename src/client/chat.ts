// The chat SDK: encrypted direct messages (optionally paying in the same tx), transfer memos,
// inbox and sent pages decrypted on the client, prekey rotation, live watching, and (through
// channels.ts and anchors.ts) group channels and content anchors. Browser-safe: @noble only.
import { formatAddress } from "../chain/address.js";
import type { TxKindName } from "../chain/tx/kinds.js";
import type { WorkBody } from "../chain/tx/kinds/work.js";
import {
  chooseRecipientKey, decodeContent, encodeContent, newPrekey, openDirect, prekeySignature, sealDirect,
  type Attachment, type CryptoErrorCode, type Keyring, type RecipientKeyKind,
} from "../messaging/crypto/index.js";
import { bytesEqual, toHex, utf8 } from "../util/bytes.js";
import { ChatBase, pageParams, toAddress, type AddressLike, type PageOptions, type SendOptions, type Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import { chatFacts, chatOffer, verifyEntry, type ChatOffer, type VerifiedEntry } from "./chat-entries.js";
import type { Identity } from "./keys.js";
import type { PrekeyStore, StoredPrekey } from "./prekeys.js";
import { keyringFor } from "./prekeys.js";
import { RpcClientError, WsRpcClient } from "./rpc-client.js";
import { withSharedSecrets } from "./native-batch.js";
import * as channels from "./channels.js";
import * as anchors from "./anchors.js";
import { listDevices } from "./devices.js";
import { TxFailedError } from "./parley-client.js";
import * as works from "./works.js";
import * as names from "./names.js";

/** Why a message has no text although it carried an envelope. */
export type MessageFailure =
  | CryptoErrorCode // DECRYPT_FAILED: not for us, tampered, replayed, or its prekey secret is gone
  | "NO_SELF_COPY" // we sent it without a copy to ourselves (transfer memos never have one)
  | "NO_DEVICE_COPY" // read as a device: the sender sealed no copy to this device (sent before it was added, or after it was revoked)
  | "NOT_UTF8";

export interface ChatMessage {
  /** Tx id, 0x-hex. */
  id: string;
  /** The tx's kind: one whose chat entry is direct ("message", "transfer") or an offer ("redPacket", "bounty"). */
  kind: TxKindName;
  /** "out" when we are the sender (a note to self too). */
  direction: "in" | "out";
  from: string;
  to: string;
  /** Null when there is no text (a transfer without memo, an offer) or it could not be read (see failure). */
  text: string | null;
  failure: MessageFailure | null;
  /** Files the message carries (download them with BlobClient.download); empty for plain text. */
  attachments: Attachment[];
  /** Moved with the entry; for an offer, what it holds (still locked until claimed or paid). */
  amount: bigint;
  /** The asset `amount` is in, 0x-hex; null: the native token (docs/ASSETS.md). */
  asset: string | null;
  /** A red packet or pay-on-reply offer in this chat (text null), else null. */
  offer: ChatOffer | null;
  height: number;
  index: number;
  /** Block time, ms since epoch. */
  time: number;
  cursor: string;
}

export interface ChatPage {
  /** Oldest first. */
  messages: ChatMessage[];
  older: string | null;
  newer: string | null;
}

export interface SendMessageOptions extends SendOptions {
  /** Tokens paid to the recipient in the same tx: both happen, or neither. */
  pay?: bigint;
  /** The asset `pay` is in (32-byte id); absent: the native token (docs/ASSETS.md 4). */
  asset?: Uint8Array;
  /** Also seal the text to our own identity so our other devices can read what we sent (default true). */
  selfCopy?: boolean;
  /** Files already uploaded (BlobClient.attach): their hashes and keys travel sealed in the envelope. */
  attachments?: Attachment[];
  /** Also seal one copy to each active device of the recipient (default true; docs/ENCRYPTION.md 4.5). */
  deviceCopies?: boolean;
}

/** Reading as a device of `owner`: the device's own key opens the copy sealed to it. */
export interface DeviceReader {
  device: Identity;
  owner: Uint8Array;
}

export interface SentMessage extends Submitted {
  recipientKeyKind: RecipientKeyKind;
}

export interface Watcher {
  close(): void;
}

export interface WatchOptions {
  /** WebSocket URL; default: the client's URL with http -> ws. */
  wsUrl?: string;
  /** A notification that could not be verified, or the connection closing. */
  onError?: (e: Error) => void;
}

/** Text and attachments of an opened envelope (attachment.ts); NOT_UTF8 for anything else. */
export function decodeText(plain: Uint8Array): { text: string | null; failure: MessageFailure | null; attachments: Attachment[] } {
  const content = decodeContent(plain);
  return content === null ? { text: null, failure: "NOT_UTF8", attachments: [] } : { text: content.text, failure: null, attachments: content.attachments };
}

/**
 * Opens a direct message or transfer memo as `me` would see it (an offer in the chat as is): the envelope sealed to the
 * recipient when we are the recipient (or a third party, for whom it fails), our own copy when
 * we are only the sender. Null for txs of other kinds.
 */
export function openDirectEntry(e: VerifiedEntry, me: Uint8Array, keyring: Keyring, asDevice: Uint8Array | null = null): ChatMessage | null {
  const { tx } = e.stx;
  // What is sealed to whom is the tx kind's own fact (TxKindSpec.chatEntry).
  const entry = chatFacts(e);
  const place = { height: e.height, index: e.index, time: e.time, cursor: e.cursor };
  // An offer in a direct chat (a red packet, a pay-on-reply offer) is sealed to nobody.
  if (entry?.type === "action" && entry.to !== null) {
    return {
      id: "0x" + e.id, kind: tx.kind, direction: bytesEqual(tx.from, me) ? "out" : "in", from: formatAddress(tx.from), to: formatAddress(entry.to),
      text: null, failure: null, attachments: [], amount: entry.amount, asset: null, offer: chatOffer(entry), ...place,
    };
  }
  if (entry?.type !== "direct") return null;
  const { to, sealed, selfSealed } = entry;
  const incoming = bytesEqual(to, me);
  const outgoing = bytesEqual(tx.from, me);
  const base = {
    id: "0x" + e.id, kind: tx.kind, direction: outgoing ? "out" : "in",
    from: formatAddress(tx.from), to: formatAddress(to), amount: entry.amount, asset: entry.asset ? "0x" + toHex(entry.asset) : null, offer: null, ...place,
  } as const;
  if (asDevice && incoming && sealed !== null) {
    // A device of the recipient opens only the copy sealed to its own key.
    const copy = entry.deviceSealed.find((d) => bytesEqual(d.device, asDevice));
    if (!copy) return { ...base, text: null, failure: "NO_DEVICE_COPY", attachments: [] };
    const opened = openDirect({ chainId: tx.chainId, from: tx.from, to, txNonce: tx.nonce, envelope: copy.envelope, mySecrets: keyring });
    return { ...base, ...(opened.ok ? decodeText(opened.value) : { text: null, failure: opened.error.code, attachments: [] }) };
  }
  const envelope = outgoing && !incoming ? selfSealed : sealed;
  if (envelope === null) return { ...base, text: null, failure: sealed === null ? null : "NO_SELF_COPY", attachments: [] };
  const opened = openDirect({ chainId: tx.chainId, from: tx.from, to, txNonce: tx.nonce, envelope, mySecrets: keyring });
  return { ...base, ...(opened.ok ? decodeText(opened.value) : { text: null, failure: opened.error.code, attachments: [] }) };
}

/** The envelope `me` opens in a direct message or transfer: the one sealed to us, or our own copy when we only sent it. */
export function envelopeFor(e: VerifiedEntry, me: Uint8Array, asDevice: Uint8Array | null = null): Uint8Array | null {
  // What is sealed to whom is the tx kind's own fact (TxKindSpec.chatEntry).
  const entry = chatFacts(e);
  if (entry?.type !== "direct") return null;
  const outgoing = bytesEqual(e.stx.tx.from, me) && !bytesEqual(entry.to, me);
  if (asDevice && !outgoing) return entry.deviceSealed.find((d) => bytesEqual(d.device, asDevice))?.envelope ?? null;
  return outgoing ? entry.selfSealed : entry.sealed;
}

/** Opens a batch of entries, the X25519 agreements done first in one native batch where possible. */
export async function openDirectEntries(entries: readonly VerifiedEntry[], me: Uint8Array, keyring: Keyring, asDevice: Uint8Array | null = null): Promise<ChatMessage[]> {
  const ring = await withSharedSecrets(keyring, entries.map((e) => envelopeFor(e, me, asDevice)).filter((x): x is Uint8Array => x !== null));
  const out: ChatMessage[] = [];
  for (const e of entries) {
    const m = openDirectEntry(e, me, ring, asDevice);
    if (m) out.push(m);
  }
  return out;
}

export function httpToWs(url: string): string {
  return url.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s.toLowerCase()}://`);
}

export class ChatClient extends ChatBase {
  /** Seals `text` to the recipient's latest prekey (or identity) and sends it, optionally paying. */
  async sendMessage(identity: Identity, to: AddressLike, text: string, opts: SendMessageOptions = {}): Promise<SentMessage> {
    const toAddr = await names.resolveAddress(this, to, "recipient address");
    const pay = opts.pay ?? 0n;
    if (pay < 0n) throw chatError({ code: "BAD_INPUT", reason: "pay must not be negative" });
    if (opts.asset && pay === 0n) throw chatError({ code: "BAD_INPUT", reason: "an asset is named only with a payment" });
    const recipient = await this.recipientKey(toAddr);
    // The self copy goes to our identity key, not our prekey: every device holding the seed can
    // read it without syncing prekey secrets.
    const self = opts.selfCopy === false ? undefined : chooseRecipientKey(identity.publicKey, null);
    const plaintext = encodeContent({ text, attachments: opts.attachments ?? [] });
    const send = async () => {
      const devices = opts.deviceCopies === false ? [] : await this.devicesToSealTo(toAddr);
      return this.submitSealed(identity, "message", ({ chainId, nonce }) => {
        const ctx = { chainId, from: identity.publicKey, to: toAddr, txNonce: nonce };
        const sealed = sealDirect({ ...ctx, ...recipient, plaintext, ...(self ? { sealToSelf: self } : {}) });
        // One copy per device, each to the device's own key, same context (docs/ENCRYPTION.md 4.5).
        const copies = devices.map((device) => ({ device, envelope: sealDirect({ ...ctx, ...chooseRecipientKey(device, null), plaintext }).envelope }));
        return { to: toAddr, envelope: sealed.envelope, amount: pay, selfEnvelope: sealed.selfEnvelope, ...(copies.length > 0 ? { devices: copies } : {}), ...(opts.asset ? { asset: opts.asset } : {}) };
      }, opts);
    };
    let sent: Submitted;
    try {
      sent = await send();
    } catch (e) {
      // A device revoked between our read of the list and the block: read it again, once.
      if (!(e instanceof TxFailedError && e.type.code === "TX_FAILED" && (e.type.reason === "DEVICE_REVOKED" || e.type.reason === "UNKNOWN_DEVICE"))) throw e;
      sent = await send();
    }
    return { ...sent, recipientKeyKind: recipient.recipientKeyKind };
  }

  /** A token transfer whose optional memo is sealed to the recipient like a message (no self copy: the tx has no field for one). */
  async sendPayment(identity: Identity, to: AddressLike, amount: bigint, opts: SendOptions & { memo?: string; asset?: Uint8Array } = {}): Promise<Submitted> {
    const toAddr = await names.resolveAddress(this, to, "recipient address");
    if (amount <= 0n) throw chatError({ code: "BAD_INPUT", reason: "amount must be positive" });
    const recipient = opts.memo === undefined ? null : await this.recipientKey(toAddr);
    const memoText = opts.memo === undefined ? null : utf8(opts.memo);
    return this.submitSealed(identity, "transfer", ({ chainId, nonce }) => ({
      to: toAddr,
      amount,
      memo: recipient && memoText ? sealDirect({ chainId, from: identity.publicKey, to: toAddr, txNonce: nonce, ...recipient, plaintext: memoText }).envelope : null,
      ...(opts.asset ? { asset: opts.asset } : {}),
    }), opts);
  }

  /** Messages and transfers received, decrypted, oldest first. */
  readInbox(identity: Identity, opts: PageOptions = {}): Promise<ChatPage> {
    return this.readDirect("msg_inbox", identity, opts);
  }

  /** As a device of `owner`: the owner's inbox, each message opened from the copy sealed to this device. */
  async readInboxAsDevice(reader: DeviceReader, opts: PageOptions = {}): Promise<ChatPage> {
    const [page, keyring] = await Promise.all([this.verifiedPage("msg_inbox", [formatAddress(reader.owner), pageParams(opts)]), this.keyring(reader.device)]);
    return { messages: await openDirectEntries(page.entries, reader.owner, keyring, reader.device.publicKey), older: page.older, newer: page.newer };
  }

  /** Messages and transfers sent, decrypted from their self copies. */
  readSent(identity: Identity, opts: PageOptions = {}): Promise<ChatPage> {
    return this.readDirect("msg_sent", identity, opts);
  }

  /** One finalized message or transfer by id, as `identity` can read it. */
  async getMessage(identity: Identity, id: string): Promise<ChatMessage> {
    const [chainId, json] = await Promise.all([this.chainId(), this.client.rpc.call<unknown>("msg_get", [id])]);
    const entry = verifyEntry(json, chainId, this.verifySignatures);
    const m = openDirectEntry(entry, identity.publicKey, await this.keyring(identity));
    if (!m) throw chatError({ code: "BAD_INPUT", reason: "not a direct message or transfer" }, `tx ${id} is not a direct message or transfer`);
    return m;
  }

  /**
   * Publishes a fresh prekey; later messages to us are sealed to it. Its secret is stored
   * before the tx is sent; older secrets stay in the store so older messages stay readable.
   */
  async rotatePrekey(identity: Identity, store: PrekeyStore = this.prekeyStore(identity), opts: SendOptions = {}): Promise<Submitted & { prekey: string }> {
    const pair = newPrekey();
    const stored: StoredPrekey = { public: pair.public, secret: pair.secret, createdAt: Date.now() };
    await store.add(stored);
    const sent = await this.submitSealed(identity, "keyPublish", ({ chainId }) => ({ prekey: pair.public, signature: prekeySignature(identity.secretKey, pair.public, chainId) }), opts);
    return { ...sent, prekey: "0x" + toHex(pair.public) };
  }

  /**
   * Calls `onMessage` for every direct message or transfer to or from `identity` as it
   * finalizes (subscribe_messages), decrypted. Notifications are handled in arrival order.
   */
  async watch(identity: Identity, onMessage: (m: ChatMessage) => void, opts: WatchOptions & { asDeviceOf?: Uint8Array } = {}): Promise<Watcher> {
    // As a device: the owner's messages, opened with the device's own key (copies sealed to it).
    const owner = opts.asDeviceOf ?? identity.publicKey;
    const asDevice = opts.asDeviceOf ? identity.publicKey : null;
    const [chainId, ws] = await Promise.all([this.chainId(), WsRpcClient.connect(opts.wsUrl ?? httpToWs(this.client.url))]);
    const store = this.prekeyStore(identity);
    let keys: { count: number; keyring: Keyring } | null = null;
    // Another process may rotate the prekey while we watch: re-read the store per message,
    // and rebuild the keyring (a scalar multiplication per prekey) only when it changed.
    const keyring = async (): Promise<Keyring> => {
      const list = await store.list();
      if (!keys || keys.count !== list.length) keys = { count: list.length, keyring: keyringFor(identity, list) };
      return keys.keyring;
    };
    const fail = (e: unknown) => opts.onError?.(e instanceof Error ? e : new Error(String(e)));
    let queue: Promise<void> = Promise.resolve();
    let closed = false;
    ws.onClose((e) => {
      if (!closed) fail(e);
    });
    await ws.subscribe("messages", [formatAddress(owner)], (json) => {
      queue = queue.then(async () => {
        const entry = verifyEntry(json, chainId, this.verifySignatures);
        const m = openDirectEntry(entry, owner, await keyring(), asDevice);
        if (m && !closed) onMessage(m);
      }).catch(fail);
    });
    return {
      close: () => {
        closed = true;
        ws.close();
      },
    };
  }

  // ---- group channels (channels.ts) ----

  createChannel(identity: Identity, name: string, members: AddressLike[], opts?: SendOptions): Promise<channels.CreatedChannel> {
    return channels.createChannel(this, identity, name, members, opts);
  }
  invite(identity: Identity, channel: channels.ChannelIdLike, members: AddressLike[], opts?: SendOptions): Promise<Submitted> {
    return channels.inviteMembers(this, identity, channel, members, opts);
  }
  remove(identity: Identity, channel: channels.ChannelIdLike, members: AddressLike[], opts?: SendOptions): Promise<Submitted & { epoch: number }> {
    return channels.removeMembers(this, identity, channel, members, opts);
  }
  post(identity: Identity, channel: channels.ChannelIdLike, text: string, opts?: SendOptions & { attachments?: Attachment[] }): Promise<Submitted & { epoch: number }> {
    return channels.postToChannel(this, identity, channel, text, opts);
  }
  readChannel(identity: Identity, channel: channels.ChannelIdLike, opts?: PageOptions): Promise<channels.ChannelPage> {
    return channels.readChannel(this, identity, channel, opts);
  }
  /** Channel log entries a light client proved (VerifiedChain.page "channelLog"), opened for `identity`. */
  openChannelEntries(identity: Identity, channel: channels.ChannelIdLike, entries: readonly VerifiedEntry[]): Promise<channels.ChannelEntry[]> {
    return channels.openChannelEntries(this, identity, channel, entries);
  }
  channelInfo(identity: Identity | null, channel: channels.ChannelIdLike): Promise<channels.ChannelInfo> {
    return channels.channelInfo(this, identity, channel);
  }

  // ---- anchors (anchors.ts) ----

  anchor(identity: Identity, content: Uint8Array, tag = "", opts?: SendOptions): Promise<anchors.Anchored> {
    return anchors.anchorContent(this, identity, content, tag, opts);
  }
  /** `hash`: 32 bytes or 64 hex digits; for a file pass contentHash(bytes) (anchors.ts). */
  verifyAnchor(hash: Uint8Array | string): Promise<anchors.AnchorInfo | null> {
    return anchors.verifyAnchor(this, hash);
  }

  /** The recipient's active devices; none from a node without device_list (a light node, an older node). */
  private async devicesToSealTo(to: Uint8Array): Promise<Uint8Array[]> {
    try {
      return (await listDevices(this, to)).map((d) => toAddress(d.device, "device address"));
    } catch (e) {
      if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.rpcCode === -32601) return [];
      throw e;
    }
  }

  // ---- works and licences (works.ts) ----

  registerWork(identity: Identity, content: Uint8Array, creators: works.Share[], opts?: works.RegisterOptions): Promise<works.Registered> {
    return works.registerWork(this, identity, content, creators, opts);
  }
  /** An offer, withdraw, license, tip or transfer body (WorkBody), sent as a work tx. */
  workOp(identity: Identity, body: WorkBody, opts?: SendOptions): Promise<Submitted> {
    return works.sendWorkOp(this, identity, body, opts);
  }
  work(workId: Uint8Array | string): Promise<works.WorkInfo | null> {
    return works.getWork(this, workId);
  }
  workLicences(workId: Uint8Array | string, from?: number, limit?: number): Promise<works.LicencePage> {
    return works.workLicences(this, workId, from, limit);
  }
  /** The work and its licences, proven under headers `chain` verified (a VerifiedChain). */
  verifyWork(chain: works.HeaderSource, workId: Uint8Array | string): Promise<works.VerifiedWork> {
    return works.verifyWork(this, chain, workId);
  }

  // ---- names (names.ts); `to` of sendMessage and sendPayment takes "@name" too ----

  registerName(identity: Identity, name: string, years?: number, opts?: SendOptions): Promise<Submitted & { name: string; pay: bigint }> {
    return names.registerName(this, identity, name, years, opts);
  }
  renewName(identity: Identity, name: string, years?: number, opts?: SendOptions): Promise<Submitted & { pay: bigint }> {
    return names.renewName(this, identity, name, years, opts);
  }
  transferName(identity: Identity, name: string, to: AddressLike, opts?: SendOptions): Promise<Submitted> {
    return names.transferName(this, identity, name, to, opts);
  }
  /** null clears the primary name. */
  setPrimaryName(identity: Identity, name: string | null, opts?: SendOptions): Promise<Submitted> {
    return names.setPrimaryName(this, identity, name, opts);
  }
  resolveName(name: string): ReturnType<typeof names.resolveName> {
    return names.resolveName(this, name);
  }
  /** An address, or "@name" resolved to its holder at the head. */
  resolveAddress(a: AddressLike, what?: string): Promise<Uint8Array> {
    return names.resolveAddress(this, a, what);
  }
  reverseName(a: AddressLike): Promise<string | null> {
    return names.reverseName(this, a);
  }
  verifyName(chain: works.HeaderSource, name: string): Promise<names.ProvenName> {
    return names.verifyName(this, chain, name);
  }
  verifyReverse(chain: works.HeaderSource, a: AddressLike): ReturnType<typeof names.verifyReverse> {
    return names.verifyReverse(this, chain, a);
  }

  private async readDirect(method: string, identity: Identity, opts: PageOptions): Promise<ChatPage> {
    const [page, keyring] = await Promise.all([this.verifiedPage(method, [identity.address, pageParams(opts)]), this.keyring(identity)]);
    return { messages: await openDirectEntries(page.entries, identity.publicKey, keyring), older: page.older, newer: page.newer };
  }
}
