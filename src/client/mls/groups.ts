// MLS groups over the chain, for one identity: publish a key package, create, add, remove,
// update (self-update for post-compromise security), post, read and watch. The chain orders
// commits: a commit is adopted only once its tx is final, a commit that lost its epoch
// (EPOCH_TAKEN / STALE_EPOCH) is dropped, the winner is processed from the group log and the
// same intent is rebuilt on it and resubmitted. The log is processed in chain order only.
import { formatAddress } from "../../chain/address.js";
import type { Proposal } from "ts-mls";
import { encodeMlsMessage } from "ts-mls";
import { bytesEqual, fromHex, fromUtf8, toHex, utf8 } from "../../util/bytes.js";
import { MAX_MLS_MESSAGE_BYTES, PRIVATE_HEADER_BYTES, type MlsBlobRef } from "../../chain/tx/kinds/mls-state.js";
import type { ChatBase, AddressLike, SendOptions, Submitted } from "../chat-base.js";
import { toAddress } from "../chat-base.js";
import type { Identity } from "../keys.js";
import { TxFailedError } from "../parley-client.js";
import { WsRpcClient } from "../rpc-client.js";
import { identityKeyPackage } from "./leaf.js";
import { deviceRecord } from "../devices.js";
import { leafKeyPackages, revokedDeviceLeaves } from "./leaves-on-chain.js";
import { downloadMlsBlob, fullCommit, uploadMlsBlob } from "./payload-blobs.js";
import { decodeMls, MlsError, MlsMember, type PendingCommit } from "./member.js";
import { MemoryMlsStore, type GroupPost, type MlsStore, type StoredGroup } from "./store.js";
import { mlsSuite } from "./suite.js";
import { decodeContent, encodeContent, type Attachment } from "../../messaging/crypto/index.js";
import { storedAttachment, type StoredAttachment } from "./attachments.js";

/** Lost races before giving up: each loss means another member's commit took the epoch. */
const MAX_COMMIT_ATTEMPTS = 40;
/**
 * Most leaves one commit adds: an add proposal carries its key package (~330 bytes) inside the
 * commit, and a Welcome names at most MAX_WELCOME_MEMBERS (256); 64 keeps an add commit's own
 * share near 21 kB, leaving the rest of the 64 KiB MLS message cap to the update path. A larger
 * add is split into several commits (DECISIONS.md, "big adds").
 */
export const MAX_ADDS_PER_COMMIT = 64;
/**
 * Largest ratchet tree sent inside the mls.welcome tx (~160 leaves); a larger one goes to the
 * node's blob store first and the welcome names it (treeBlob): a 1,000-leaf tree is ~250 kB,
 * three times the tx cap. 32 KiB leaves the tx room for the Welcome of 64 new leaves (~10 kB).
 */
export const TREE_INLINE_MAX = 32 * 1024;
/**
 * Largest commit sent inside the mls.commit tx; a larger one (a tree with many blank nodes
 * encrypts its path to nearly every leaf: ~83 bytes a leaf, 83 kB at 1,000) goes by blob and
 * the tx carries its clear header and the blob's reference (commitBlob).
 */
export const COMMIT_INLINE_MAX = 60 * 1024;
/** Log entries per page read (the RPC's largest page). */
const LOG_PAGE = 200;
/** The log cursor before any entry (strictly after height 0, index 0: genesis holds no txs). */
const LOG_START = "0.0";
const NO_SIG = new Uint8Array(64);

export type CommitOutcome = { won: true; epoch: number; txId: string; height: number | null } | { won: false; reason: string };

export interface SyncResult {
  epoch: number;
  commits: number;
  posts: GroupPost[];
  unreadable: number;
  /**
   * Commits whose public claims disagree with what this member computed (the member count, or
   * the next epoch's submit key: a wrong one locks the group). Empty for honest committers.
   */
  warnings: string[];
}

export interface GroupInfo {
  groupId: string;
  epoch: number;
  /** The identities with at least one leaf, each once, in tree order. */
  members: string[];
  epochAuthenticator: string;
  /** Each identity with its leaves: its own key and/or its devices (device = identity for its own key). */
  devices: Array<{ identity: string; devices: string[] }>;
  /** Leaves in the tree (what commits claim as `members`). */
  leaves: number;
}



export function groupIdHex(g: Uint8Array | string): string {
  const bytes = typeof g === "string" ? fromHex(g.trim().replace(/^0x/, "")) : g;
  if (!bytes || bytes.length !== 32) throw new MlsError({ code: "MLS_DECODE", reason: `group id must be 32 bytes of hex: "${String(g)}"` });
  return toHex(bytes);
}

export class MlsGroups {
  private ownerLookup: Promise<Uint8Array | undefined> | null = null;

  /**
   * `opts.owner`: the identity this key serves as a device. Left out, it is looked up on chain
   * (device_get for this key: an active device's owner), so a device's key file just works.
   */
  constructor(
    readonly base: ChatBase,
    readonly identity: Identity,
    readonly store: MlsStore = new MemoryMlsStore(),
    readonly opts: {
      owner?: AddressLike;
      /** Trees larger than this go by blob (default TREE_INLINE_MAX; tests set 0). */
      treeInlineMax?: number;
      /** Commits larger than this go by blob (default COMMIT_INLINE_MAX; tests set 0). */
      commitInlineMax?: number;
    } = {},
  ) {}

  /** The identity this key is a device of, or undefined when it is an identity itself. */
  owner(): Promise<Uint8Array | undefined> {
    this.ownerLookup ??= (async () => {
      if (this.opts.owner !== undefined) return toAddress(this.opts.owner, "owner");
      const rec = await deviceRecord(this.base, this.identity.publicKey);
      return rec && rec.active ? toAddress(rec.owner, "owner") : undefined;
    })();
    // Only a found owner is kept: "not a device" may be a node one block behind the device add
    // (asked again next time), and a key that becomes a device later must not stay an identity.
    const found = this.ownerLookup;
    void found.then((o) => {
      if (o === undefined && this.ownerLookup === found) this.ownerLookup = null;
    }, () => {
      if (this.ownerLookup === found) this.ownerLookup = null;
    });
    return found;
  }

  /**
   * Publishes a fresh key package so others can add this identity (or, for a device, this
   * device of its identity: adding the identity adds every device that published one).
   */
  async publishKeyPackage(opts: SendOptions = {}): Promise<Submitted> {
    const kp = await identityKeyPackage(this.identity, await mlsSuite(), await this.owner());
    const bytes = encodeMlsMessage({ keyPackage: kp.publicPackage, wireformat: "mls_key_package", version: "mls10" });
    await this.store.addKeyPackage({ publicPackage: bytes, privatePackage: kp.privatePackage });
    return this.base.submitSealed(this.identity, "mlsKeyPackage", () => ({ keyPackage: bytes }), opts);
  }

  /** Creates a group (a random 32-byte id) whose epoch-0 commit adds `members` (by their published key packages). */
  async create(members: AddressLike[] = [], opts: SendOptions = {}): Promise<GroupInfo> {
    const groupId = crypto.getRandomValues(new Uint8Array(32));
    const owner = await this.owner();
    const member = await MlsMember.create(this.identity, groupId, owner);
    const id = toHex(groupId);
    await this.save(id, { state: member.save(), cursor: LOG_START, posts: [] });
    const me = owner ?? this.identity.publicKey;
    const named = members.map((m) => toAddress(m, "member"));
    // The creator's own other devices join too (a device creating a group brings its person).
    const addrs = named.some((a) => bytesEqual(a, me)) ? named : [me, ...named];
    const all = await leafKeyPackages(this.base, addrs, (leaf) => bytesEqual(leaf, this.identity.publicKey));
    const first = all.slice(0, MAX_ADDS_PER_COMMIT);
    const out = await this.commitOnce(id, member, MlsMember.addProposals(first.map((a) => a.keyPackage)), first.map((a) => a.device), opts);
    // A group id is taken by its first commit: a lost race at epoch 0 means pick another id.
    if (!out.won) throw new MlsError({ code: "COMMIT_LOST", groupId: id, attempts: 1 });
    // The rest in further commits, each under the tx cap (the members named are then in the group).
    if (all.length > first.length) return this.add(id, addrs, opts);
    return this.info(id);
  }

  /**
   * Adds each identity with every leaf it has published a key package for: its own key and
   * each active device (device_list). Identities already in the group get their missing
   * devices. More than MAX_ADDS_PER_COMMIT leaves go in several commits, one after another.
   */
  async add(groupId: Uint8Array | string, members: AddressLike[], opts: SendOptions = {}): Promise<GroupInfo> {
    const addrs = members.map((m) => toAddress(m, "member"));
    const id = groupIdHex(groupId);
    for (let batch = 0; ; batch++) {
      let more = false;
      const info = await this.commitIntent(id, async (m) => {
        const adds = await leafKeyPackages(this.base, addrs, (leaf) => m.hasLeaf(leaf));
        const now = adds.slice(0, MAX_ADDS_PER_COMMIT);
        more = adds.length > now.length;
        return { proposals: MlsMember.addProposals(now.map((a) => a.keyPackage)), welcomed: now.map((a) => a.device) };
      }, opts);
      // Bounded: each round adds MAX_ADDS_PER_COMMIT leaves, and an identity has at most 17.
      if (!more || batch > (addrs.length * 17) / MAX_ADDS_PER_COMMIT + 1) return info;
    }
  }

  remove(groupId: Uint8Array | string, members: AddressLike[], opts: SendOptions = {}): Promise<GroupInfo> {
    const addrs = members.map((m) => toAddress(m, "member"));
    // Rebuilt on the winner: a member someone else removed meanwhile is no longer proposed.
    return this.commitIntent(groupIdHex(groupId), (m) => Promise.resolve({ proposals: m.removeProposals(addrs.filter((a) => m.isMember(a))), welcomed: [] }), opts);
  }

  /** A commit with no proposals: a fresh leaf and path (post-compromise security). */
  update(groupId: Uint8Array | string, opts: SendOptions = {}): Promise<GroupInfo> {
    return this.commitIntent(groupIdHex(groupId), () => Promise.resolve({ proposals: [], welcomed: [] }), opts);
  }

  /** One attempt at a commit in the current epoch: won, or lost to another member's commit. */
  async tryCommit(groupId: Uint8Array | string, proposals: Proposal[] = [], opts: SendOptions = {}): Promise<CommitOutcome> {
    const id = groupIdHex(groupId);
    const member = await this.syncedMember(id);
    return this.commitOnce(id, member, proposals, [], opts);
  }

  /**
   * Posts `text` to the group as an MLS application message of the current epoch, with the
   * files in `opts.attachments` (uploaded first, as for a direct message: the file keys travel
   * only inside the MLS ciphertext). A text-only post is plain UTF-8, as before attachments.
   */
  async post(groupId: Uint8Array | string, text: string, opts: SendOptions & { attachments?: Attachment[] } = {}): Promise<Submitted & { epoch: number }> {
    const id = groupIdHex(groupId);
    const member = await this.syncedMember(id);
    const attachments = opts.attachments ?? [];
    const message = await member.seal(encodeContent({ text, attachments }));
    const epoch = member.epoch;
    // The sender's own message cannot be opened by its sender: keep its text now.
    const sent = await this.base.submitSealed(this.identity, "mlsMessage", () => ({ groupId: fromHex(id)!, epoch, message }), opts);
    const g = await this.load(id);
    const owner = await this.owner();
    g.posts.push({ id: sent.id, from: owner ? formatAddress(owner) : this.identity.address, ...(owner ? { device: this.identity.address } : {}), epoch, text, ...withFiles(attachments.map(storedAttachment)), height: sent.height ?? 0, index: sent.index ?? 0, cursor: `${sent.height ?? 0}.${sent.index ?? 0}` });
    await this.save(id, { ...g, state: member.save() });
    return { ...sent, epoch };
  }

  /** Processes the log up to the head and returns every post this member has opened, oldest first. */
  async read(groupId: Uint8Array | string): Promise<GroupPost[]> {
    const id = groupIdHex(groupId);
    await this.sync(id);
    return [...(await this.load(id)).posts].sort((a, b) => a.height - b.height || a.index - b.index);
  }

  /** Joins from the Welcome naming this identity in the group's log. */
  async join(groupId: Uint8Array | string): Promise<GroupInfo> {
    const id = groupIdHex(groupId);
    if (await this.store.getGroup(id)) return this.info(id);
    const kps = await this.store.keyPackages();
    if (kps.length === 0) throw new MlsError({ code: "NO_KEY_PACKAGE", address: this.identity.address });
    // The commit that made the epoch we join at: processing starts after it.
    const commitCursor = new Map<number, string>();
    let after = LOG_START;
    for (;;) {
      const page = await this.base.verifiedPage("mls_log", ["0x" + id, { after, limit: LOG_PAGE }]);
      for (const e of page.entries) {
        after = e.cursor;
        const tx = e.stx.tx;
        if (tx.kind === "mlsCommit") commitCursor.set(tx.body.epoch + 1, e.cursor);
        if (tx.kind !== "mlsWelcome" || !tx.body.to.some((a) => toHex(a) === toHex(this.identity.publicKey))) continue;
        const tree = tx.body.treeBlob ? await downloadMlsBlob(this.base, tx.body.treeBlob) : tx.body.ratchetTree;
        for (const kp of kps) {
          const parsed = decodeMls(kp.publicPackage);
          if (parsed.wireformat !== "mls_key_package") continue;
          let member: MlsMember;
          try {
            member = await MlsMember.join(tx.body.welcome, tree, { publicPackage: parsed.keyPackage, privatePackage: kp.privatePackage });
          } catch {
            continue; // made for another of our key packages, or not for us
          }
          await this.store.removeKeyPackage(kp.publicPackage);
          await this.save(id, { state: member.save(), cursor: commitCursor.get(member.epoch) ?? LOG_START, posts: [] });
          await this.sync(id);
          return this.info(id);
        }
      }
      if (page.entries.length < LOG_PAGE) break;
    }
    throw new MlsError({ code: "NO_WELCOME", groupId: id });
  }

  /**
   * Calls `onPost` for each post opened as the group's log grows: every notification for the
   * group (subscribe messages with the group id) triggers one sync, in order.
   */
  async watch(groupId: Uint8Array | string, onPost: (p: GroupPost) => void, opts: { wsUrl?: string; onError?: (e: Error) => void } = {}): Promise<{ close(): void }> {
    const id = groupIdHex(groupId);
    const ws = await WsRpcClient.connect(opts.wsUrl ?? this.base.client.url.replace(/^http(s?):\/\//i, "ws$1://"));
    const fail = (e: unknown) => opts.onError?.(e instanceof Error ? e : new Error(String(e)));
    let closed = false;
    let queue: Promise<void> = Promise.resolve();
    const step = () => {
      queue = queue.then(async () => {
        if (closed) return;
        const r = await this.sync(id);
        for (const p of r.posts) if (!closed) onPost(p);
      }).catch(fail);
    };
    ws.onClose((e) => {
      if (!closed) fail(e);
    });
    await ws.subscribe("messages", ["0x" + id], step);
    step(); // whatever arrived before the subscription
    return {
      close: () => {
        closed = true;
        ws.close();
      },
    };
  }

  async info(groupId: Uint8Array | string): Promise<GroupInfo> {
    const id = groupIdHex(groupId);
    const m = MlsMember.restore((await this.load(id)).state);
    const byIdentity = new Map<string, string[]>();
    const leaves = m.leaves();
    for (const l of leaves) {
      const who = formatAddress(l.address);
      byIdentity.set(who, [...(byIdentity.get(who) ?? []), formatAddress(l.device)]);
    }
    return {
      groupId: "0x" + id,
      epoch: m.epoch,
      members: [...byIdentity.keys()],
      epochAuthenticator: "0x" + toHex(m.epochAuthenticator),
      devices: [...byIdentity].map(([identity, devices]) => ({ identity, devices })),
      leaves: leaves.length,
    };
  }

  /** Processes the group log after the stored cursor, in chain order. */
  async sync(groupId: Uint8Array | string): Promise<SyncResult> {
    const id = groupIdHex(groupId);
    const g = await this.load(id);
    let member = MlsMember.restore(g.state);
    let pending = g.pending;
    const out: SyncResult = { epoch: member.epoch, commits: 0, posts: [], unreadable: 0, warnings: [] };
    let after = g.cursor;
    const mine = toHex(this.identity.publicKey);
    for (;;) {
      const page = await this.base.verifiedPage("mls_log", ["0x" + id, { after, limit: LOG_PAGE }]);
      for (const e of page.entries) {
        const tx = e.stx.tx;
        if (tx.kind === "mlsCommit") {
          // Older epochs: our own adopted commit, or the one before we joined.
          if (tx.body.epoch > member.epoch) throw new MlsError({ code: "MISSED_COMMIT", groupId: id, epoch: member.epoch, logEpoch: tx.body.epoch });
          if (tx.body.epoch === member.epoch) {
            const commit = await fullCommit(this.base, tx.body.commit, tx.body.commitBlob);
            // Our own commit from a run that did not see it final: adopt the state it leads to.
            const before = new Set(member.leaves().map((l) => toHex(l.device)));
            if (pending && bytesEqual(pending.commit, commit)) member = MlsMember.restore(pending.state);
            else await member.processCommit(commit);
            // A device leaf someone added must be on chain for the identity it names (checked at the head).
            for (const l of member.leaves()) {
              if (before.has(toHex(l.device)) || bytesEqual(l.address, l.device)) continue;
              const rec = await deviceRecord(this.base, l.device);
              if (!rec || !rec.active || rec.owner !== formatAddress(l.address)) out.warnings.push(`commit ${e.id} added ${formatAddress(l.device)} as a device of ${formatAddress(l.address)}, which it is not (now)`);
            }
            pending = undefined; // the epoch is decided either way
            out.commits++;
            const count = member.members().length;
            if (count !== tx.body.members) out.warnings.push(`commit ${e.id} claims ${tx.body.members} members; the tree has ${count}`);
            if (toHex((await member.submitKey()).publicKey) !== toHex(tx.body.nextSubmitKey)) out.warnings.push(`commit ${e.id} set a submit key members cannot use: the group is locked`);
          }
        } else if (tx.kind === "mlsMessage" && toHex(tx.from) !== mine) {
          const opened = await member.open(tx.body.message);
          if (opened.kind === "application") {
            // Plain UTF-8, or the rich form with files; neither (a bad sender) reads as empty text.
            const content = decodeContent(opened.plaintext);
            const text = content?.text ?? "";
            const files = (content?.attachments ?? []).map(storedAttachment);
            // A device's post is its person's: `from` is the identity, `device` the key that sent it.
            const leaf = member.leaves().find((l) => bytesEqual(l.device, tx.from));
            const from = formatAddress(leaf ? leaf.address : tx.from);
            out.posts.push({ id: "0x" + e.id, from, ...(leaf && !bytesEqual(leaf.address, leaf.device) ? { device: formatAddress(tx.from) } : {}), epoch: tx.body.epoch, text, ...withFiles(files), height: e.height, index: e.index, cursor: e.cursor });
          } else if (opened.kind === "unreadable") out.unreadable++;
        }
        after = e.cursor;
      }
      if (page.entries.length < LOG_PAGE) break;
    }
    out.epoch = member.epoch;
    await this.save(id, { state: member.save(), cursor: after, posts: [...g.posts, ...out.posts], ...(pending ? { pending } : {}) });
    return out;
  }

  // ---- internals ----

  private async commitIntent(id: string, build: (m: MlsMember) => Promise<{ proposals: Proposal[]; welcomed: Uint8Array[] }>, opts: SendOptions): Promise<GroupInfo> {
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      const member = await this.syncedMember(id);
      const { proposals, welcomed } = await build(member);
      const out = await this.commitOnce(id, member, proposals, welcomed, opts);
      if (out.won) return this.info(id);
    }
    throw new MlsError({ code: "COMMIT_LOST", groupId: id, attempts: MAX_COMMIT_ATTEMPTS });
  }

  /** Submits one commit built on `member`; adopts it only if the chain ordered it. */
  private async commitOnce(id: string, member: MlsMember, asked: Proposal[], welcomed: Uint8Array[], opts: SendOptions): Promise<CommitOutcome> {
    // Every commit also removes the leaves of devices revoked (or never on chain) since.
    const removing = new Set(asked.flatMap((p) => (p.proposalType === "remove" ? [p.remove.removed] : [])));
    const revoked = (await this.revokedLeaves(member)).filter((i) => !removing.has(i));
    const proposals = [...asked, ...MlsMember.removeLeafProposals(revoked)];
    const pending = await member.prepareCommit(proposals);
    // A big commit or tree goes to the blob store before the commit tx: once the commit is final
    // members must be able to process it and joiners to join, so a failed upload stops the commit.
    const commitBlob = pending.commit.length > Math.min(this.opts.commitInlineMax ?? COMMIT_INLINE_MAX, MAX_MLS_MESSAGE_BYTES) ? await uploadMlsBlob(this.base, this.identity, pending.commit) : null;
    const treeBlob = pending.welcome && welcomed.length > 0 && pending.ratchetTree.length > (this.opts.treeInlineMax ?? TREE_INLINE_MAX) ? await uploadMlsBlob(this.base, this.identity, pending.ratchetTree) : null;
    const before = await this.load(id);
    // Saved first: a commit that lands while we are not looking is still ours to adopt (sync).
    await this.save(id, { ...before, pending: { commit: pending.commit, state: MlsMember.pendingState(pending) } });
    let sent: Submitted;
    try {
      // Always waited for: a commit is adopted only once the chain ordered it.
      sent = await this.base.submitSealed(this.identity, "mlsCommit", ({ chainId }) => commitBody(id, pending, pending.epoch === 0 ? NO_SIG : pending.submitSig(chainId, this.identity.publicKey, commitBlob ?? undefined), commitBlob), { ...opts, wait: true });
    } catch (e) {
      if (e instanceof TxFailedError && e.type.code === "TX_FAILED" && LOST.has(e.type.reason)) {
        await this.save(id, withoutPending(await this.load(id)));
        return { won: false, reason: e.type.reason };
      }
      throw e; // e.g. TX_TIMEOUT: the pending state stays for the next sync
    }
    member.adopt(pending);
    await this.save(id, { ...withoutPending(await this.load(id)), state: member.save() });
    if (pending.welcome && welcomed.length > 0) {
      const welcome = pending.welcome;
      const tree = treeBlob ? { ratchetTree: new Uint8Array(0), treeBlob } : { ratchetTree: pending.ratchetTree };
      await this.base.submitSealed(this.identity, "mlsWelcome", () => ({ groupId: fromHex(id)!, epoch: member.epoch, to: welcomed, welcome, ...tree }), opts);
    }
    return { won: true, epoch: member.epoch, txId: sent.id, height: sent.height };
  }

  private async syncedMember(id: string): Promise<MlsMember> {
    await this.sync(id);
    return MlsMember.restore((await this.load(id)).state);
  }

  /** Leaf indices of device leaves no longer active for the identity they name (see revokedDeviceLeaves). */
  revokedLeaves(member: MlsMember): Promise<number[]> {
    return revokedDeviceLeaves(this.base, member);
  }

  private async load(id: string): Promise<StoredGroup> {
    const g = await this.store.getGroup(id);
    if (!g) throw new MlsError({ code: "GROUP_NOT_JOINED", groupId: "0x" + id });
    return g;
  }

  private save(id: string, g: StoredGroup): Promise<void> {
    return this.store.putGroup(id, g);
  }
}

function withoutPending(g: StoredGroup): StoredGroup {
  return { state: g.state, cursor: g.cursor, posts: g.posts };
}

/** Failure codes that mean another commit took the epoch: rebuild on it and try again. */
const LOST = new Set(["EPOCH_TAKEN", "STALE_EPOCH"]);

/** The mls.commit body for a pending commit: inline, or (with `blob`) its clear header and the blob's reference. */
export function commitBody(id: string, p: PendingCommit, submitSig: Uint8Array, blob: MlsBlobRef | null = null) {
  const commit = blob ? p.commit.subarray(0, PRIVATE_HEADER_BYTES) : p.commit;
  return { groupId: fromHex(id)!, epoch: p.epoch, members: p.members, commit, nextSubmitKey: p.nextSubmitKey, submitSig, ...(blob ? { commitBlob: blob } : {}) };
}

/** The attachments field of a post, absent when there are none (stores keep their old shape). */
function withFiles(files: StoredAttachment[]): { attachments?: StoredAttachment[] } {
  return files.length > 0 ? { attachments: files } : {};
}
