// Group channels of the unlocked identity. The chain has no index of "channels of a member",
// so the app learns of a channel when it creates one, when the address subscription shows a
// create or invite naming us, or when the user pastes a channel id; known ids are kept locally.
import type { ChannelEntry, ChannelInfo } from "../../client/channels.js";
import type { ChatClient } from "../../client/chat.js";
import { httpToWs } from "../../client/chat.js";
import type { Identity } from "../../client/keys.js";
import { WsRpcClient } from "../../client/rpc-client.js";
import { verifyEntry } from "../../client/chat-entries.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { loadJson, saveJson } from "../lib/storage.js";
import { Store } from "../lib/store.js";
import { describeError } from "./errors.js";
import type { ProofMark } from "./conversations.js";
import { uploadFile } from "./files.js";
import type { Progress } from "../../client/blobs.js";

export type EntryCheck = (e: { id: string; height: number | null; index: number | null }) => Promise<{ proof: ProofMark; note: string | null }>;

export interface KnownChannel {
  id: string;
  name: string | null;
}

export interface ChannelView {
  info: ChannelInfo | null;
  /** Per entry id: what the verifier found (absent = not checked yet). */
  marks: Record<string, { proof: ProofMark; note: string | null }>;
  entries: ChannelEntry[];
  older: string | null;
  newer: string | null;
  error: string | null;
}

const isKnownList = (v: unknown): v is KnownChannel[] =>
  Array.isArray(v) && v.every((c) => typeof c === "object" && c !== null && typeof (c as KnownChannel).id === "string");

const PAGE = 100;

export class Channels {
  readonly known: Store<KnownChannel[]>;
  readonly views = new Store<Record<string, ChannelView>>({});
  private ws: WsRpcClient | null = null;
  private readonly subscribed = new Set<string>();
  private closed = false;
  private readonly key: string;
  private readonly refreshing = new Map<string, Promise<void>>();
  verify: EntryCheck | null = null;

  constructor(private readonly chat: ChatClient, private readonly me: Identity) {
    this.key = `channels.${me.address}`;
    this.known = new Store(loadJson(this.key, [], isKnownList));
  }

  async start(): Promise<void> {
    try {
      this.ws = await WsRpcClient.connect(httpToWs(this.chat.client.url));
      this.ws.onClose(() => {
        this.ws = null;
        this.subscribed.clear();
        if (!this.closed) setTimeout(() => void this.start(), 2_000);
      });
      // Creates and invites that name us arrive on our address: that is how we hear of a channel.
      await this.ws.subscribe("messages", [this.me.address], (e) => void this.onAddressEvent(e));
      for (const c of this.known.get()) await this.follow(c.id);
    } catch {
      if (!this.closed) setTimeout(() => void this.start(), 2_000);
    }
  }

  stop(): void {
    this.closed = true;
    this.ws?.close();
  }

  /** A create or invite naming us: decoded and signature-checked here, not read from the node's JSON. */
  private async onAddressEvent(json: unknown): Promise<void> {
    let entry;
    try {
      entry = verifyEntry(json, await this.chat.chainId(), true);
    } catch {
      return;
    }
    const { tx } = entry.stx;
    const named = (list: Array<{ member: Uint8Array }>): boolean => list.some((m) => bytesEqual(m.member, this.me.publicKey));
    if (tx.kind === "channelCreate" && named(tx.body.members)) this.remember("0x" + entry.id, null);
    else if (tx.kind === "channelInvite" && named(tx.body.members)) this.remember("0x" + toHex(tx.body.channel), null);
  }

  private async follow(id: string): Promise<void> {
    if (!this.ws || this.subscribed.has(id)) return;
    this.subscribed.add(id);
    await this.ws.subscribe("messages", [id], () => void this.refresh(id, true)).catch(() => this.subscribed.delete(id));
  }

  remember(id: string, name: string | null): void {
    const list = this.known.get();
    const prev = list.find((c) => c.id === id);
    if (prev && (prev.name === name || name === null)) return;
    this.known.set([...list.filter((c) => c.id !== id), { id, name: name ?? prev?.name ?? null }]);
    saveJson(this.key, this.known.get());
    void this.follow(id);
  }

  forget(id: string): void {
    this.known.set(this.known.get().filter((c) => c.id !== id));
    saveJson(this.key, this.known.get());
  }

  view(id: string): ChannelView | undefined {
    return this.views.get()[id];
  }

  private setView(id: string, v: ChannelView): void {
    this.views.set({ ...this.views.get(), [id]: v });
    this.checkEntries(id, v);
  }

  /** Asks the verifier about entries not checked yet; marks arrive as they are proven. */
  private checkEntries(id: string, v: ChannelView): void {
    const check = this.verify;
    if (!check) return;
    for (const e of v.entries) {
      if (v.marks[e.id]) continue;
      v.marks[e.id] = { proof: "unverified", note: null };
      void check({ id: e.id, height: e.height, index: e.index }).then((m) => {
        const cur = this.view(id);
        if (!cur) return;
        this.views.set({ ...this.views.get(), [id]: { ...cur, marks: { ...cur.marks, [e.id]: m } } });
      });
    }
  }

  /**
   * Reads the channel's state and newest page (or what is newer than the last page read).
   * One refresh per channel at a time, in order: two that overlapped (a notification's and a
   * post's) each started from the view before the other, and the later to finish wrote back
   * entries without the other's, so a just-sent post could vanish until the next post came.
   */
  refresh(id: string, onlyNewer = false): Promise<void> {
    const next = (this.refreshing.get(id) ?? Promise.resolve()).then(() => this.refreshNow(id, onlyNewer));
    this.refreshing.set(id, next);
    return next;
  }

  private async refreshNow(id: string, onlyNewer: boolean): Promise<void> {
    const prev = this.view(id);
    try {
      const info = await this.chat.channelInfo(this.me, id);
      if (info.name) this.remember(id, info.name);
      if (onlyNewer && prev?.newer) {
        const page = await this.chat.readChannel(this.me, id, { limit: PAGE, after: prev.newer });
        const seen = new Set(prev.entries.map((e) => e.id));
        this.setView(id, { ...prev, info, entries: [...prev.entries, ...page.entries.filter((e) => !seen.has(e.id))], newer: page.newer ?? prev.newer, error: null });
      } else {
        const page = await this.chat.readChannel(this.me, id, { limit: PAGE });
        this.setView(id, { info, entries: page.entries, older: page.older, newer: page.newer, error: null, marks: prev?.marks ?? {} });
      }
    } catch (e) {
      this.setView(id, { info: prev?.info ?? null, entries: prev?.entries ?? [], older: prev?.older ?? null, newer: prev?.newer ?? null, error: describeError(e), marks: prev?.marks ?? {} });
    }
  }

  /**
   * Entries the light client proved in the channel's log that the node's page left out (a
   * cross-check between nodes found them): shown in place, marked verified.
   */
  addProven(id: string, proven: readonly ChannelEntry[], mark: (e: ChannelEntry) => { proof: ProofMark; note: string | null }): void {
    const prev = this.view(id);
    if (!prev) return;
    const seen = new Set(prev.entries.map((e) => e.id));
    // Only inside the window shown: older entries come with "show older".
    const oldest = prev.older !== null ? prev.entries[0] : undefined;
    const missing = proven.filter((e) => !seen.has(e.id) && (!oldest || e.height > oldest.height || (e.height === oldest.height && e.index > oldest.index)));
    if (missing.length === 0) return;
    const entries = [...prev.entries, ...missing].sort((a, b) => a.height - b.height || a.index - b.index);
    const marks = { ...prev.marks };
    for (const e of missing) marks[e.id] = mark(e);
    this.views.set({ ...this.views.get(), [id]: { ...prev, entries, marks } });
  }

  async loadOlder(id: string): Promise<void> {
    const prev = this.view(id);
    if (!prev?.older) return;
    const page = await this.chat.readChannel(this.me, id, { limit: PAGE, before: prev.older });
    this.setView(id, { ...prev, entries: [...page.entries, ...prev.entries], older: page.older });
  }

  async create(name: string, members: string[]): Promise<string> {
    const c = await this.chat.createChannel(this.me, name, members);
    this.remember(c.channelId, name);
    await this.refresh(c.channelId);
    return c.channelId;
  }

  async post(id: string, text: string): Promise<void> {
    await this.chat.post(this.me, id, text);
    await this.refresh(id, true);
  }

  /** Encrypts and uploads `file`, then posts it with `text` as its caption. */
  async postFile(id: string, file: File, text: string, onProgress: (p: Progress) => void): Promise<void> {
    const a = await uploadFile(this.chat.client, this.me, file, onProgress);
    await this.chat.post(this.me, id, text, { attachments: [a] });
    await this.refresh(id, true);
  }

  async invite(id: string, members: string[]): Promise<void> {
    await this.chat.invite(this.me, id, members);
    await this.refresh(id);
  }

  async remove(id: string, members: string[]): Promise<void> {
    await this.chat.remove(this.me, id, members);
    await this.refresh(id);
  }
}
