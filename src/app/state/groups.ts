// MLS groups of the unlocked identity (docs/ENCRYPTION.md 12): forward secrecy and
// post-compromise security, commits ordered by the chain so a group never forks. This browser
// is its own leaf: a device of the identity (app-device.ts), as the CLI on another machine is
// another, so a group reaches all of the person's devices. The app hears of a group when it
// creates one or when a Welcome naming this device arrives on the device's address (live, or in
// its account history at start). To be added by others, the device must be on chain and have
// published a key package: the app does both when the person first opens Groups (tx fees, so
// never just for signing in, and it waits until the identity can pay them) and publishes the
// next key package when a Welcome has used it.
import type { ChatClient } from "../../client/chat.js";
import { httpToWs } from "../../client/chat.js";
import type { Identity } from "../../client/keys.js";
import { MlsGroups, type GroupInfo } from "../../client/mls/groups.js";
import type { GroupPost } from "../../client/mls/store.js";
import type { Progress } from "../../client/blobs.js";
import { uploadFile } from "./files.js";
import { WsRpcClient } from "../../client/rpc-client.js";
import { verifyEntry } from "../../client/chat-entries.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { Store } from "../lib/store.js";
import { describeError } from "./errors.js";
import { BrowserMlsStore } from "./mls-store.js";
import { ensureDeviceOnChain, loadOrCreateDevice } from "./app-device.js";

export interface GroupView {
  info: GroupInfo | null;
  posts: GroupPost[];
  error: string | null;
}

/** Whether this identity can be added to groups: this device is on chain with a key package of its own. */
export type Readiness = "unknown" | "ready" | "needs-funds" | "publishing";

export class Groups {
  private groups: MlsGroups;
  /** This browser's device key: the MLS leaf, the signer of its group txs. */
  private device: Identity;
  /** This browser's device address (Settings marks it among the identity's devices). */
  readonly deviceAddress: Store<string>;
  readonly known = new Store<string[]>([]);
  readonly views = new Store<Record<string, GroupView>>({});
  readonly readiness = new Store<Readiness>("unknown");
  private ws: WsRpcClient | null = null;
  private readonly subscribed = new Set<string>();
  private closed = false;
  private ensuring: Promise<void> | null = null;
  /** One sync per group at a time, in order: a group's state moves one epoch after another. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly chat: ChatClient, private readonly identity: Identity) {
    this.device = loadOrCreateDevice(identity);
    this.groups = this.groupsOf(this.device);
    this.deviceAddress = new Store(this.device.address);
  }

  /** This browser's device key (for history bundles sealed to it). */
  currentDevice(): Identity {
    return this.device;
  }

  get mls(): MlsGroups {
    return this.groups;
  }

  private groupsOf(device: Identity): MlsGroups {
    return new MlsGroups(this.chat, device, new BrowserMlsStore(device), { owner: this.identity.publicKey });
  }

  async start(): Promise<void> {
    this.known.set(await this.mls.store.groups());
    await this.connect();
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
      await this.ws.subscribe("messages", [this.device.address], (e) => void this.onAddressEvent(e));
      for (const id of this.known.get()) await this.follow(id);
      // Welcomes that came while not subscribed (closed app, a dropped socket, a new device key).
      await this.joinFromHistory().catch(() => undefined);
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
    if (tx.kind === "mlsWelcome" && tx.body.to.some((k) => bytesEqual(k, this.device.publicKey))) await this.join(toHex(tx.body.groupId)).catch(() => undefined);
  }

  /** Welcomes that arrived while the app was closed are in our account history. */
  private async joinFromHistory(): Promise<void> {
    const h = await this.chat.client.rpc.call<{ txs: Array<{ kind: string; body: { groupId?: string; to?: string[] } }> }>("account_history", [this.device.address, 200]);
    for (const tx of h.txs) {
      const id = tx.body.groupId?.replace(/^0x/, "");
      if (tx.kind === "mls.welcome" && id && tx.body.to?.includes(this.device.address) && !this.known.get().includes(id)) await this.join(id).catch(() => undefined);
    }
  }

  /**
   * Puts this device on chain (with its fee allowance) and publishes its key package unless one
   * is unused; an identity without funds waits. A device revoked from elsewhere is replaced by
   * a fresh one here (its groups are gone with it: others add the person again to reach it).
   */
  ensureKeyPackage(): Promise<void> {
    // One at a time: opening Groups and a join may both ask, and each may pay a fee.
    this.ensuring ??= this.ensureOnce().finally(() => (this.ensuring = null));
    return this.ensuring;
  }

  private async ensureOnce(): Promise<void> {
    // Checked every time (two reads): the device may have been revoked from another device.
    if (this.readiness.get() !== "ready") this.readiness.set("publishing");
    const failed = (e: unknown): never => {
      this.readiness.set(/INSUFFICIENT_FUNDS/.test(String((e as { type?: { reason?: string } }).type?.reason ?? e)) ? "needs-funds" : "unknown");
      throw e;
    };
    try {
      const { device, status } = await ensureDeviceOnChain(this.chat, this.identity, this.device);
      if (status === "revoked-replaced") this.replaceDevice(device);
    } catch (e) {
      return failed(e);
    }
    if ((await this.mls.store.keyPackages()).length > 0) return this.readiness.set("ready");
    try {
      await this.mls.publishKeyPackage();
      this.readiness.set("ready");
    } catch (e) {
      // publishKeyPackage keeps the private half before it submits: a refused tx leaves a
      // package nobody can use, which would read as "ready" next time.
      for (const kp of await this.mls.store.keyPackages()) await this.mls.store.removeKeyPackage(kp.publicPackage);
      failed(e);
    }
  }

  /** Starts over as a new device: the old one's groups are closed to it for good. */
  private replaceDevice(device: Identity): void {
    this.device = device;
    this.groups = this.groupsOf(device);
    this.deviceAddress.set(device.address);
    this.known.set([]);
    this.views.set({});
    this.readiness.set("publishing"); // until the new device's key package is out
    this.ws?.close(); // reconnects subscribed to the new device's address
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

  /**
   * A post with a file, as `parley group post --file`: encrypted here and uploaded (signed by
   * this device) first; its key travels only inside the MLS message.
   */
  async postFile(id: string, file: File, text: string, onProgress: (p: Progress) => void): Promise<void> {
    const a = await uploadFile(this.chat.client, this.device, file, onProgress);
    await this.serial(id, async () => {
      await this.mls.post(id, text, { attachments: [a] });
    });
    await this.refresh(id);
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
