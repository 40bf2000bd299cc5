// Direct conversations of the unlocked identity: messages and payments grouped by the other
// party, from the inbox and sent pages (decrypted here), kept current by the WebSocket
// subscription, and the life of what we send: pending until the node's answer, then final
// (with its height), failed (in a block, fee paid, no effect) or rejected (never included).
import type { ChatClient, ChatMessage } from "../../client/chat.js";
import type { ChatOffer } from "../../client/chat-entries.js";
import type { Identity } from "../../client/keys.js";
import { loadJson, saveJson, isRecordOf, isString } from "../lib/storage.js";
import { Store } from "../lib/store.js";
import { keepSubscribed } from "../lib/resubscribe.js";
import { describeError } from "./errors.js";
import { trackTx } from "./tx-tracker.js";
import type { Attachment } from "../../messaging/crypto/index.js";
import { downloadFile, uploadFile } from "./files.js";
import type { Progress } from "../../client/blobs.js";

export type ItemStatus = "pending" | "final" | "failed" | "rejected";
/** What the app could check about a final item (state/verifier.ts): see docs/APP.md 6. */
export type ProofMark = "unverified" | "verified" | "refused";

export interface ChatItem {
  /** Tx id (0x-hex), or a local id until the node admitted the tx. */
  id: string;
  kind: ChatMessage["kind"];
  direction: "in" | "out";
  peer: string;
  text: string | null;
  failure: string | null;
  amount: bigint;
  /** The asset `amount` is in (0x-hex id); null: the native token. */
  asset: string | null;
  /** A red packet or pay-on-reply offer (its state: state/actions.ts); null for messages. */
  offer: ChatOffer | null;
  /** Files the message carries (known once uploaded, for our own). */
  attachments: Attachment[];
  /** While our file uploads: its name and the share sent so far (0..1); null otherwise. */
  upload: { name: string; fraction: number } | null;
  status: ItemStatus;
  /** Why a send failed or was rejected. */
  reason: string | null;
  height: number | null;
  index: number | null;
  /** Block time once final; the local send time while pending. */
  time: number;
  proof: ProofMark;
  /** Why verification refused it (the check that failed). */
  proofNote: string | null;
}

export interface ConversationSummary {
  peer: string;
  last: ChatItem | null;
  unread: number;
}

// Newest entries read per page: enough for a screenful of several conversations, small enough
// to decrypt in a few milliseconds.
const PAGE = 100;
// Older pages read for one "show older" click before giving up on finding this peer's messages.
const MAX_OLDER_PAGES = 10;

function pos(i: ChatItem): [number, number] {
  return [i.height ?? Number.MAX_SAFE_INTEGER, i.index ?? i.time];
}

function byPosition(a: ChatItem, b: ChatItem): number {
  const [ha, ia] = pos(a);
  const [hb, ib] = pos(b);
  return ha - hb || ia - ib;
}

export function cursorOf(i: ChatItem): string | null {
  return i.height === null || i.index === null ? null : `${i.height}.${i.index}`;
}

function cursorAfter(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  const [ha, ia] = a.split(".").map(Number) as [number, number];
  const [hb, ib] = b.split(".").map(Number) as [number, number];
  return ha > hb || (ha === hb && ia > ib);
}

export interface VerifyHook {
  /** Called for every final item added; resolves to its proof mark (layer: state/verifier.ts). */
  (item: ChatItem): Promise<{ proof: ProofMark; note: string | null }>;
}

export class Conversations {
  readonly version = new Store(0);
  /** Live connection state for the header's indicator. */
  readonly live = new Store<"connecting" | "live" | "offline">("connecting");
  private readonly byPeer = new Map<string, ChatItem[]>();
  private readonly byId = new Map<string, ChatItem>();
  private readonly lastRead: Record<string, string>;
  private older: { inbox: string | null; sent: string | null } = { inbox: null, sent: null };
  private newer: { inbox: string | null; sent: string | null } = { inbox: null, sent: null };
  private subscription: { stop: () => void } | null = null;
  private closed = false;
  private localIds = 0;
  verify: VerifyHook | null = null;

  constructor(private readonly chat: ChatClient, private readonly me: Identity) {
    this.lastRead = loadJson(`read.${me.address}`, {}, isRecordOf(isString));
  }

  /** Reads the newest pages, then follows new messages live. */
  async start(): Promise<void> {
    const [inbox, sent] = await Promise.all([this.chat.readInbox(this.me, { limit: PAGE }), this.chat.readSent(this.me, { limit: PAGE })]);
    this.older = { inbox: inbox.older, sent: sent.older };
    this.newer = { inbox: inbox.newer, sent: sent.newer };
    for (const m of [...inbox.messages, ...sent.messages]) this.addFinal(m);
    this.bump();
    this.connect();
  }

  stop(): void {
    this.closed = true;
    this.subscription?.stop();
  }

  private connect(): void {
    if (this.closed) return;
    this.subscription = keepSubscribed((onError) => this.chat.watch(this.me, (m) => {
      this.addFinal(m);
      this.bump();
    }, { onError }), {
      connecting: () => this.live.set("connecting"),
      opened: async (again) => {
        this.live.set("live");
        // Anything final while we were away comes after the last cursors we read.
        if (again) await this.catchUp();
      },
      down: () => this.live.set("offline"),
    });
  }

  private async catchUp(): Promise<void> {
    for (const which of ["inbox", "sent"] as const) {
      for (let i = 0; i < MAX_OLDER_PAGES; i++) {
        const after = this.newer[which];
        const opts = after ? { limit: PAGE, after } : { limit: PAGE };
        const page = which === "inbox" ? await this.chat.readInbox(this.me, opts) : await this.chat.readSent(this.me, opts);
        this.newer[which] = page.newer ?? after;
        for (const m of page.messages) this.addFinal(m);
        if (page.messages.length < PAGE) break;
      }
    }
    this.bump();
  }

  private bump(): void {
    this.version.update((v) => v + 1);
  }

  private peerOf(m: { direction: "in" | "out"; from: string; to: string }): string {
    return m.direction === "out" ? m.to : m.from;
  }

  private insert(item: ChatItem): void {
    const list = this.byPeer.get(item.peer) ?? [];
    list.push(item);
    list.sort(byPosition);
    this.byPeer.set(item.peer, list);
    this.byId.set(item.id, item);
  }

  /**
   * A final message from a page or the subscription; replaces our pending copy of it. With
   * `imported` (from another device's history bundle) the read cursors stay where the node's
   * pages left them, so catching up still reads every message after them.
   */
  addFinal(m: ChatMessage, imported = false): void {
    const known = this.byId.get(m.id);
    const fields = { text: m.text, failure: m.failure, amount: m.amount, asset: m.asset, offer: m.offer, attachments: m.attachments, upload: null, status: "final" as const, reason: null, height: m.height, index: m.index, time: m.time };
    if (!imported && m.to === this.me.address) this.cursorSeen("inbox", m.cursor);
    if (!imported && m.from === this.me.address) this.cursorSeen("sent", m.cursor);
    // A message this browser could not open (sealed to a prekey another device holds) takes
    // the bundle's opened copy; one it opened itself keeps its own.
    if (imported && known && known.status === "final" && known.failure === null) return;
    if (known) {
      // Our pending copy (or the same entry from the other page): take the chain's fields.
      const wasFinal = known.status === "final";
      Object.assign(known, fields);
      this.byPeer.get(known.peer)?.sort(byPosition);
      if (!wasFinal) this.check(known);
      return;
    }
    const item: ChatItem = { id: m.id, kind: m.kind, direction: m.direction, peer: this.peerOf(m), ...fields, proof: "unverified", proofNote: null };
    this.insert(item);
    this.check(item);
  }

  /** Messages from another device's history bundle (already opened and checked: app-device.ts). */
  addImported(messages: readonly ChatMessage[]): void {
    for (const m of messages) this.addFinal(m, true);
    this.bump();
  }

  private cursorSeen(which: "inbox" | "sent", cursor: string): void {
    const cur = this.newer[which];
    if (cur === null || cursorAfter(cursor, cur)) this.newer[which] = cursor;
  }

  private check(item: ChatItem): void {
    if (!this.verify) return;
    void this.verify(item).then((r) => {
      item.proof = r.proof;
      item.proofNote = r.note;
      this.bump();
    });
  }

  /** Re-checks every final item (when verification becomes available after the first load). */
  recheckAll(): void {
    for (const item of this.byId.values()) if (item.status === "final") this.check(item);
  }

  /** Sends `text` to `peer`, optionally paying `pay` in the same tx; the item shows its progress. */
  send(peer: string, text: string, pay = 0n): Promise<ChatItem> {
    return this.sendTx(peer, "message", text, pay, async () => (await this.chat.sendMessage(this.me, peer, text, { wait: false, pay })).id);
  }

  /** Downloads, checks and decrypts an attachment of one of our messages. */
  download(a: Attachment, onProgress: (p: Progress) => void): Promise<Blob> {
    return downloadFile(this.chat.client, a, onProgress);
  }

  /** Encrypts and uploads `file` (the item shows the upload's progress), then sends it in a message. */
  sendFile(peer: string, file: File, text = ""): Promise<ChatItem> {
    return this.sendTx(peer, "message", text, 0n, async (item) => {
      item.upload = { name: file.name, fraction: 0 };
      this.bump();
      const a = await uploadFile(this.chat.client, this.me, file, (p) => {
        item.upload = { name: file.name, fraction: p.total === 0 ? 1 : p.done / p.total };
        this.bump();
      });
      item.upload = null;
      item.attachments = [a];
      this.bump();
      return (await this.chat.sendMessage(this.me, peer, text, { wait: false, attachments: [a] })).id;
    });
  }

  /**
   * Sends an offer made in this chat (a red packet): `submit` signs and sends it, returning the
   * tx id; the item shows pending until the offer is final, then the entry from the chain.
   */
  sendOffer(peer: string, kind: "redPacket" | "bounty", amount: bigint, submit: () => Promise<string>, asset: string | null = null): Promise<ChatItem> {
    return this.sendTx(peer, kind, null, amount, submit, asset);
  }

  private async sendTx(peer: string, kind: ChatItem["kind"], text: string | null, amount: bigint, submit: (item: ChatItem) => Promise<string>, asset: string | null = null): Promise<ChatItem> {
    const item: ChatItem = {
      id: `local-${++this.localIds}`, kind, direction: "out", peer, text, failure: null, amount, asset, offer: null, attachments: [], upload: null,
      status: "pending", reason: null, height: null, index: null, time: Date.now(), proof: "unverified", proofNote: null,
    };
    this.insert(item);
    this.bump();
    try {
      const id = await submit(item);
      const final = this.byId.get(id);
      this.byId.delete(item.id);
      if (final) {
        // The subscription was faster than our own answer: keep the final copy only.
        this.byPeer.set(peer, (this.byPeer.get(peer) ?? []).filter((i) => i !== item));
        this.bump();
        return final;
      }
      item.id = id;
      this.byId.set(item.id, item);
      this.bump();
      void this.track(item);
    } catch (e) {
      item.status = "rejected";
      item.upload = null;
      item.reason = describeError(e);
      this.bump();
    }
    return item;
  }

  /** Follows a sent tx until the node says final, failed or rejected. */
  private async track(item: ChatItem): Promise<void> {
    const out = await trackTx(this.chat.client, item.id);
    if (item.status !== "pending" || out.status === "pending") return;
    item.status = out.status;
    item.reason = out.reason;
    item.height = out.height;
    item.index = out.index;
    // An offer's id is its tx's id; the chain's entry (from a page or the subscription) says the same.
    if (out.status === "final" && item.offer === null && (item.kind === "redPacket" || item.kind === "bounty")) {
      item.offer = { action: item.kind, id: item.id, amount: item.amount, asset: item.asset, shares: 1 };
    }
    this.byPeer.get(item.peer)?.sort(byPosition);
    if (out.status === "final") this.check(item);
    this.bump();
  }

  items(peer: string): readonly ChatItem[] {
    return this.byPeer.get(peer) ?? [];
  }

  item(id: string): ChatItem | undefined {
    return this.byId.get(id);
  }

  unread(peer: string): number {
    const mark = this.lastRead[peer];
    return this.items(peer).filter((i) => i.direction === "in" && i.status === "final" && cursorAfter(cursorOf(i)!, mark)).length;
  }

  totalUnread(): number {
    let n = 0;
    for (const peer of this.byPeer.keys()) n += this.unread(peer);
    return n;
  }

  markRead(peer: string): void {
    const last = [...this.items(peer)].reverse().find((i) => i.direction === "in" && i.status === "final");
    const c = last && cursorOf(last);
    if (!c || this.lastRead[peer] === c) return;
    this.lastRead[peer] = c;
    saveJson(`read.${this.me.address}`, this.lastRead);
    this.bump();
  }

  /** Every conversation, the most recent first; `extra` peers (contacts) are listed too. */
  summaries(extra: readonly string[] = []): ConversationSummary[] {
    const peers = new Set([...this.byPeer.keys(), ...extra]);
    const out = [...peers].map((peer) => {
      const list = this.items(peer);
      return { peer, last: list[list.length - 1] ?? null, unread: this.unread(peer) };
    });
    return out.sort((a, b) => (b.last?.time ?? 0) - (a.last?.time ?? 0));
  }

  /** Whether older pages may hold more (of anyone's) messages. */
  hasOlder(): boolean {
    return this.older.inbox !== null || this.older.sent !== null;
  }

  /** Reads older pages until `peer` has `want` more items or nothing older is left. */
  async loadOlder(peer: string, want = 50): Promise<void> {
    const before = this.items(peer).length;
    for (let i = 0; i < MAX_OLDER_PAGES && this.hasOlder() && this.items(peer).length < before + want; i++) {
      const [inbox, sent] = await Promise.all([
        this.older.inbox ? this.chat.readInbox(this.me, { limit: PAGE, before: this.older.inbox }) : null,
        this.older.sent ? this.chat.readSent(this.me, { limit: PAGE, before: this.older.sent }) : null,
      ]);
      if (inbox) this.older.inbox = inbox.older;
      if (sent) this.older.sent = sent.older;
      for (const m of [...(inbox?.messages ?? []), ...(sent?.messages ?? [])]) this.addFinal(m);
    }
    this.bump();
  }
}
