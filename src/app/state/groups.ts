// MLS groups of the unlocked identity (docs/ENCRYPTION.md 12): forward secrecy and
// post-compromise security, commits ordered by the chain so a group never forks. The app hears
// of a group when it creates one or when a Welcome naming us arrives on our address (live, or
// in our account history at start). To be added by others, an identity must have published a
// key package: the app publishes one when the person first opens Groups (a tx fee, so never
// just for signing in, and it waits until the account can pay it) and the next when a Welcome
// has used it.
import type { ChatClient } from "../../client/chat.js";
import { httpToWs } from "../../client/chat.js";
import type { Identity } from "../../client/keys.js";
import { MlsGroups, type GroupInfo } from "../../client/mls/groups.js";
import type { GroupPost } from "../../client/mls/store.js";
import { WsRpcClient } from "../../client/rpc-client.js";
import { verifyEntry } from "../../client/chat-entries.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { Store } from "../lib/store.js";
import { describeError } from "./errors.js";
import { BrowserMlsStore } from "./mls-store.js";

export interface GroupView {
  info: GroupInfo | null;
  posts: GroupPost[];
  error: string | null;
}

/** Whether this identity can be added to groups: a key package of ours is on chain. */
export type Readiness = "unknown" | "ready" | "needs-funds" | "publishing";

export class Groups {
  readonly mls: MlsGroups;
  readonly known = new Store<string[]>([]);
  readonly views = new Store<Record<string, GroupView>>({});
  readonly readiness = new Store<Readiness>("unknown");
  private ws: WsRpcClient | null = null;
  private readonly subscribed = new Set<string>();
  private closed = false;
  /** One sync per group at a time, in order: a group's state moves one epoch after another. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly chat: ChatClient, private readonly me: Identity) {
    this.mls = new MlsGroups(chat, me, new BrowserMlsStore(me));
  }

  async start(): Promise<void> {
    this.known.set(await this.mls.store.groups());
    await this.connect();
    await this.joinFromHistory().catch(() => undefined);
    // No key package is published here: that costs a fee, and signing in must not spend.
    // The Groups screen publishes one when it opens (and a Welcome's join publishes the next).
    if ((await this.mls.store.keyPackages()).length > 0) this.readiness.set("ready");
    for (const id of this.known.get()) this.refresh(id);
  }

  stop(): void {
    this.closed = true;
    this.ws?.close();
  }

  private async connect(): Promise<void> {
    try {
      this.ws = await WsRpcClient.connect(httpToWs(this.chat.client.url));
      this.ws.onClose(() => {
        this.ws = null;
        this.subscribed.clear();
        if (!this.closed) setTimeout(() => void this.connect(), 2_000);
      });
      // Welcomes naming us arrive on our address.
      await this.ws.subscribe("messages", [this.me.address], (e) => void this.onAddressEvent(e));
      for (const id of this.known.get()) await this.follow(id);
    } catch {
      if (!this.closed) setTimeout(() => void this.connect(), 2_000);
    }
  }

  private async follow(id: string): Promise<void> {
    if (!this.ws || this.subscribed.has(id)) return;
    this.subscribed.add(id);
    await this.ws.subscribe("messages", ["0x" + id], () => this.refresh(id)).catch(() => this.subscribed.delete(id));
  }

  /** A Welcome naming us: decoded and signature-checked here, then joined from the group's log. */
  private async onAddressEvent(json: unknown): Promise<void> {
    let entry;
    try {
      entry = verifyEntry(json, await this.chat.chainId(), true);
    } catch {
      return;
    }
    const { tx } = entry.stx;
    if (tx.kind === "mlsWelcome" && tx.body.to.some((k) => bytesEqual(k, this.me.publicKey))) await this.join(toHex(tx.body.groupId)).catch(() => undefined);
  }

  /** Welcomes that arrived while the app was closed are in our account history. */
  private async joinFromHistory(): Promise<void> {
    const h = await this.chat.client.rpc.call<{ txs: Array<{ kind: string; body: { groupId?: string; to?: string[] } }> }>("account_history", [this.me.address, 200]);
    for (const tx of h.txs) {
      const id = tx.body.groupId?.replace(/^0x/, "");
      if (tx.kind === "mls.welcome" && id && tx.body.to?.includes(this.me.address) && !this.known.get().includes(id)) await this.join(id).catch(() => undefined);
    }
  }

  /** Publishes a key package unless one of ours is unused; an account without funds waits. */
  async ensureKeyPackage(): Promise<void> {
    if ((await this.mls.store.keyPackages()).length > 0) return this.readiness.set("ready");
    this.readiness.set("publishing");
    try {
      await this.mls.publishKeyPackage();
      this.readiness.set("ready");
    } catch (e) {
      // publishKeyPackage keeps the private half before it submits: a refused tx leaves a
      // package nobody can use, which would read as "ready" next time.
      for (const kp of await this.mls.store.keyPackages()) await this.mls.store.removeKeyPackage(kp.publicPackage);
      this.readiness.set(/INSUFFICIENT_FUNDS/.test(String((e as { type?: { reason?: string } }).type?.reason ?? e)) ? "needs-funds" : "unknown");
      throw e;
    }
  }

  private remember(id: string): void {
    if (!this.known.get().includes(id)) this.known.set([...this.known.get(), id]);
    void this.follow(id);
  }

  private setView(id: string, v: Partial<GroupView>): void {
    const prev = this.views.get()[id] ?? { info: null, posts: [], error: null };
    this.views.set({ ...this.views.get(), [id]: { ...prev, ...v } });
  }

  private serial(id: string, job: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(id) ?? Promise.resolve()).then(job, job);
    this.queues.set(id, next.catch(() => undefined));
    return next;
  }

  /** Processes the group's log up to the head and shows what this member can open. */
  refresh(id: string): Promise<void> {
    return this.serial(id, async () => {
      try {
        const posts = await this.mls.read(id);
        this.setView(id, { info: await this.mls.info(id), posts, error: null });
      } catch (e) {
        this.setView(id, { error: describeError(e) });
      }
    });
  }

  async create(members: string[]): Promise<string> {
    const g = await this.mls.create(members);
    const id = g.groupId.replace(/^0x/, "");
    this.remember(id);
    this.setView(id, { info: g, posts: [], error: null });
    return id;
  }

  async join(id: string): Promise<void> {
    await this.serial(id, async () => {
      await this.mls.join(id);
    });
    this.remember(id);
    await this.refresh(id);
    // The Welcome used our key package: publish the next so others can still add us.
    void this.ensureKeyPackage().catch(() => undefined);
  }

  post(id: string, text: string): Promise<void> {
    return this.serial(id, async () => {
      await this.mls.post(id, text);
    }).then(() => this.refresh(id));
  }

  add(id: string, members: string[]): Promise<void> {
    return this.serial(id, async () => {
      this.setView(id, { info: await this.mls.add(id, members) });
    }).then(() => this.refresh(id));
  }

  remove(id: string, members: string[]): Promise<void> {
    return this.serial(id, async () => {
      this.setView(id, { info: await this.mls.remove(id, members) });
    }).then(() => this.refresh(id));
  }

  /** A commit with no proposals: fresh keys for this member (post-compromise security). */
  update(id: string): Promise<void> {
    return this.serial(id, async () => {
      this.setView(id, { info: await this.mls.update(id) });
    }).then(() => this.refresh(id));
  }
}
