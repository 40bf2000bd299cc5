// The load a chaos run puts on the network: signed transfers (half with an encrypted memo),
// direct messages (some paying, natively or in the load's asset), transfers of that asset
// (created by account 0 at setup and handed to every account), channel posts and automatic actions (load-actions.ts: recurring
// payments, hash-time-locked escrows, red packets, with their claims sent once the creation is
// final) from a fixed set of funded accounts, sent to whichever nodes are serving. Each account is a nonce lane signed locally; a tx nobody made
// final within RESEND_MS is re-sent (same bytes, so the same id) to another node, which is how
// a tx lost with a killed node's mempool still lands. The ledger remembers every tx sent, which
// node first reported it final, the plaintext its recipients must be able to read, and what
// each action it created must end as.
import type { TxKindName } from "../src/chain/tx/kinds.js";
import { specOf } from "../src/chain/tx/registry.js";
import type { TxBodies } from "../src/chain/tx/types.js";
import { ChatClient } from "../src/client/chat.js";
import type { Identity } from "../src/client/keys.js";
import { RpcClientError } from "../src/client/rpc-client.js";
import { buildTx, feeFor, type BuiltTx } from "../src/client/tx-builder.js";
import { chooseRecipientKey, sealChannelPost, sealDirect, type RecipientKey } from "../src/messaging/crypto/index.js";
import { fromHex, toHex, utf8 } from "../src/util/bytes.js";
import { ASSET_FLAGS, assetIdOf } from "../src/chain/assets/records.js";
import type { Cluster, ClusterNode } from "./cluster.js";
import type { LoadSpec } from "./manifest.js";
import { Rng } from "./rng.js";
import { ACTION_PLAN_WEIGHTS, claimBody, planAction, type ActionPlan, type PlannedAction, type PlannedBody } from "./load-actions.js";
import { ChaosError } from "./errors.js";

/** "action" creates an automatic action; "claim" is an escrow or red-packet claim that follows it; "assetTransfer" moves the load's asset. */
export type LoadKind = "transfer" | "message" | "channelPost" | "action" | "claim" | "assetTransfer";
export const LOAD_KINDS: readonly LoadKind[] = ["transfer", "message", "channelPost", "action", "claim", "assetTransfer"];

export interface SentTx {
  id: string; // 0x-hex
  kind: LoadKind;
  lane: number;
  nonce: number;
  bytes: Uint8Array;
  lastSentAt: number;
  /** The node it was last sent to (a re-send goes elsewhere). */
  lastNode: string;
  sends: number;
  final: { height: number; index: number; node: string } | null;
  /** The failure reason when it was included but failed (a claim that came too late). */
  failed: string | null;
}

/** An action the load created (keyed by its id, the creating tx's) and the claims sent for it. */
export interface LoadAction extends PlannedAction {
  id: string;
  claimTxs: string[];
}

/** What a recipient must read once the tx is final. */
export interface ExpectedText {
  id: string;
  kind: LoadKind;
  /** Account index of the recipient (direct) or null (channel). */
  to: number | null;
  channel: number | null;
  text: string;
}

export interface ChannelInfo {
  id: string; // 0x-hex
  key: Uint8Array;
  members: number[];
}

export interface LoadStats {
  sent: Record<LoadKind, number>;
  final: Record<LoadKind, number>;
  resends: number;
  sendErrors: Record<string, number>;
  throttled: number;
  /** Actions created, by plan. */
  actions: Record<ActionPlan, number>;
  /** Included txs that failed (their fee is kept): reason -> count. */
  failed: Record<string, number>;
  /** Messages that paid in the load's asset (the rest of the paying ones pay natively). */
  assetPayments: number;
}

interface Lane {
  identity: Identity;
  recipientKey: RecipientKey;
  nextNonce: number;
  unconfirmed: SentTx[];
  resendNow: boolean;
}

// Re-send what no node made final in this long (a few block times plus a gossip round).
const RESEND_MS = 4_000;
// A lane with this many unconfirmed txs waits: bounds what one lost tx can hold up.
const MAX_IN_FLIGHT = 12;
const TICK_MS = 100;
const POLL_MS = 400;
// tx_get probes per poll: one JSON-RPC batch.
const POLL_BATCH = 400;
// Far enough ahead for a long run, inside the default maxExpiryWindow (86,400).
const EXPIRY_AHEAD = 80_000;
// The load's asset: every account gets ASSET_SHARE at setup and sends at most 1,000 base units a
// tx, so no lane runs dry even in a day-long run; the issuer keeps the rest.
const ASSET_SHARE = 1_000_000_000n;
const ASSET_SUPPLY = 1_000_000_000_000n;

export class LoadGenerator {
  readonly sent = new Map<string, SentTx>();
  readonly expected: ExpectedText[] = [];
  readonly channels: ChannelInfo[] = [];
  readonly actions = new Map<string, LoadAction>();
  /** The load's asset (0x-hex id), created in setup() when assetTransfersPerSec > 0. */
  asset: string | null = null;
  readonly stats: LoadStats = {
    sent: { transfer: 0, message: 0, channelPost: 0, action: 0, claim: 0, assetTransfer: 0 },
    final: { transfer: 0, message: 0, channelPost: 0, action: 0, claim: 0, assetTransfer: 0 },
    resends: 0,
    sendErrors: {},
    throttled: 0,
    actions: { recurring: 0, escrowClaim: 0, escrowRefund: 0, redPacket: 0 },
    failed: {},
    assetPayments: 0,
  };
  /** Claims to send: their action's creation is final. */
  private followUps: Array<{ action: LoadAction; claimer: number }> = [];
  private readonly lanes: Lane[];
  private readonly rng: Rng;
  private tickTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private generating = false;
  private produced = 0;
  private lastHeight = 0;
  private busy = { tick: false, poll: false };
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly cluster: Cluster,
    private readonly spec: LoadSpec,
    readonly accounts: Identity[],
    private readonly chain: { chainId: string; feeBase: bigint; feePerByte: bigint },
    seed: number,
  ) {
    this.rng = new Rng(seed ^ 0x5eed);
    this.lanes = accounts.map((identity) => ({ identity, recipientKey: chooseRecipientKey(identity.publicKey, null), nextNonce: 0, unconfirmed: [], resendNow: false }));
  }

  /** Creates the channels (waiting for each to be final) and reads every lane's nonce. */
  async setup(): Promise<void> {
    const node = this.pickNode();
    const chat = new ChatClient(this.cluster.rpcUrl(node));
    const n = this.accounts.length;
    for (let c = 0; c < this.spec.channels; c++) {
      const owner = c % n;
      const members = [owner, (owner + 1) % n, (owner + 2) % n, (owner + 3) % n].filter((m, i, a) => a.indexOf(m) === i);
      const created = await chat.createChannel(this.accounts[owner]!, `chaos-${c}`, members.slice(1).map((m) => this.accounts[m]!.address), { timeoutMs: 30_000 });
      const hex = created.channelId.slice(2);
      const key = chat.channelKeys.get(`${this.accounts[owner]!.address}/${hex}`)?.get(0);
      if (!key) throw new ChaosError({ code: "CHANNEL_KEY_MISSING", channel: created.channelId });
      this.channels.push({ id: created.channelId, key, members });
    }
    if (this.spec.assetTransfersPerSec > 0) await this.createAsset(chat);
    const accts = await this.cluster.rpc(node).batch(this.accounts.map((a) => ({ method: "account_get", params: [a.address] })));
    accts.forEach((r, i) => {
      const v = r.result as { pendingNonce: number; height: number } | undefined;
      if (!v) throw r.error ?? new ChaosError({ code: "NO_RESULT", node: node.name, request: "account_get" });
      this.lanes[i]!.nextNonce = v.pendingNonce;
      this.lastHeight = Math.max(this.lastHeight, v.height);
    });
  }

  /** Account 0 issues the load's asset and hands every other account its share, all final before the load starts. */
  private async createAsset(chat: ChatClient): Promise<void> {
    const issuer = this.accounts[0]!;
    const created = await chat.client.submit(issuer, "asset", { op: "create", symbol: "CHAOS", name: "chaos load points", decimals: 2, initial: ASSET_SUPPLY, maxSupply: null, metaHash: null, flags: ASSET_FLAGS.transferable }, { timeoutMs: 30_000 });
    const id = assetIdOf(issuer.publicKey, fromHex(created.id.slice(2))!);
    // Sent back to back (each signs at the pending nonce the node reports), then waited for: a
    // block or two, so the faults' height triggers still fall inside the load.
    const shares: string[] = [];
    for (const to of this.accounts.slice(1)) shares.push((await chat.client.submit(issuer, "asset", { op: "transfer", asset: id, to: to.publicKey, amount: ASSET_SHARE }, { wait: false })).id);
    for (const share of shares) await chat.client.waitFinal(share, 30_000);
    this.asset = "0x" + toHex(id);
  }

  start(): void {
    this.startedAt = Date.now();
    this.generating = true;
    this.tickTimer = setInterval(() => this.guard("tick", () => this.tick()), TICK_MS);
    this.pollTimer = setInterval(() => this.guard("poll", () => this.poll()), POLL_MS);
  }

  /** Stops making new txs; polling and re-sending go on until stop(). */
  stopGenerating(): void {
    this.generating = false;
  }

  async stop(): Promise<void> {
    this.generating = false;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.tickTimer = this.pollTimer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  unconfirmed(): number {
    // Claims still to be sent count too, so drain() waits for them.
    return this.lanes.reduce((s, l) => s + l.unconfirmed.length, 0) + this.followUps.length;
  }

  /** Polls and re-sends until every sent tx is final or `timeoutMs` passes; returns how many are not. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.unconfirmed() > 0 && Date.now() < deadline) await sleep(POLL_MS);
    return this.unconfirmed();
  }

  finalTxs(): SentTx[] {
    return [...this.sent.values()].filter((t) => t.final !== null);
  }

  private guard(which: "tick" | "poll", fn: () => Promise<void>): void {
    if (this.busy[which]) return;
    this.busy[which] = true;
    const p = fn().catch(() => undefined).finally(() => {
      this.busy[which] = false;
      this.inFlight.delete(p);
    });
    this.inFlight.add(p);
  }

  private pickNode(exclude?: string): ClusterNode {
    const serving = this.cluster.serving();
    const pool = serving.length > 1 && exclude ? serving.filter((n) => n.name !== exclude) : serving;
    if (pool.length === 0) throw new ChaosError({ code: "NO_NODE_SERVING" });
    return this.rng.pick(pool);
  }

  // ---- generating ----

  private async tick(): Promise<void> {
    if (!this.generating || this.cluster.serving().length === 0) return;
    const { transfersPerSec, messagesPerSec, channelPostsPerSec, actionsPerSec } = this.spec;
    const assetTransfersPerSec = this.asset ? this.spec.assetTransfersPerSec : 0;
    const rate = transfersPerSec + messagesPerSec + channelPostsPerSec + actionsPerSec + assetTransfersPerSec;
    const due = Math.floor(((Date.now() - this.startedAt) / 1000) * rate) - this.produced;
    const byNode = new Map<ClusterNode, SentTx[]>();
    for (let i = 0; i < Math.min(due, 200); i++) {
      this.produced++;
      const kind = this.rng.weighted({ transfer: transfersPerSec, message: messagesPerSec, channelPost: this.channels.length > 0 ? channelPostsPerSec : 0, action: actionsPerSec, assetTransfer: assetTransfersPerSec });
      const tx = kind === "action" ? this.makeAction() : this.make(kind);
      if (!tx) {
        this.stats.throttled++;
        continue;
      }
      const node = this.pickNode();
      byNode.set(node, [...(byNode.get(node) ?? []), tx]);
    }
    await Promise.all([...byNode].map(([node, txs]) => this.send(node, txs)));
  }

  private make(kind: "transfer" | "message" | "channelPost" | "assetTransfer"): SentTx | null {
    const free = this.lanes.map((l, i) => ({ l, i })).filter(({ l, i }) => l.unconfirmed.length < MAX_IN_FLIGHT && (kind !== "channelPost" || this.channels.some((c) => c.members.includes(i))));
    if (free.length === 0) return null;
    const { l: lane, i: laneIdx } = this.rng.pick(free);
    const nonce = lane.nextNonce;
    const pad = "~".repeat(this.rng.int(0, 160));
    const text = `${kind} ${laneIdx}/${nonce} r${this.rng.int(0, 1e9)} ${pad}`;
    const { chainId } = this.chain;
    const from = lane.identity.publicKey;
    let built: BuiltTx;
    let expected: Omit<ExpectedText, "id"> | null = null;
    if (kind === "channelPost") {
      const mine = this.channels.map((c, ci) => ({ c, ci })).filter(({ c }) => c.members.includes(laneIdx));
      const { c, ci } = this.rng.pick(mine);
      const channel = fromHex(c.id)!;
      const envelope = sealChannelPost({ chainId, channelId: channel, epoch: 0, from, txNonce: nonce, channelKey: c.key, plaintext: utf8(text) });
      built = this.sign(lane, "channelPost", { channel, epoch: 0, envelope }, nonce);
      expected = { kind, to: null, channel: ci, text };
    } else {
      let toIdx = this.rng.int(0, this.lanes.length - 2);
      if (toIdx >= laneIdx) toIdx++;
      const to = this.lanes[toIdx]!;
      const amount = BigInt(this.rng.int(1, 1000));
      if (kind === "assetTransfer") {
        built = this.sign(lane, "asset", { op: "transfer", asset: fromHex(this.asset!)!, to: to.identity.publicKey, amount }, nonce);
      } else if (kind === "transfer") {
        const withMemo = this.rng.chance(0.5);
        const memo = withMemo ? sealDirect({ chainId, from, to: to.identity.publicKey, txNonce: nonce, ...to.recipientKey, plaintext: utf8(text) }).envelope : null;
        built = this.sign(lane, "transfer", { to: to.identity.publicKey, amount, memo }, nonce);
        if (withMemo) expected = { kind, to: toIdx, channel: null, text };
      } else {
        const sealed = sealDirect({ chainId, from, to: to.identity.publicKey, txNonce: nonce, ...to.recipientKey, plaintext: utf8(text), sealToSelf: lane.recipientKey });
        const pay = this.rng.chance(0.3) ? amount : 0n;
        // Half the payments in the load's asset (pay in chat, docs/ASSETS.md 4).
        const inAsset = pay > 0n && this.asset !== null && this.rng.chance(0.5);
        if (inAsset) this.stats.assetPayments++;
        built = this.sign(lane, "message", { to: to.identity.publicKey, envelope: sealed.envelope, amount: pay, selfEnvelope: sealed.selfEnvelope, ...(inAsset ? { asset: fromHex(this.asset!)! } : {}) }, nonce);
        expected = { kind, to: toIdx, channel: null, text };
      }
    }
    const tx = this.record(laneIdx, kind, built);
    if (expected) this.expected.push({ id: tx.id, ...expected });
    return tx;
  }

  /** Books a signed tx of lane `laneIdx` (at its next nonce) as sent-to-be. */
  private record(laneIdx: number, kind: LoadKind, built: BuiltTx): SentTx {
    const lane = this.lanes[laneIdx]!;
    const tx: SentTx = { id: "0x" + built.id, kind, lane: laneIdx, nonce: lane.nextNonce++, bytes: built.bytes, lastSentAt: 0, lastNode: "", sends: 0, final: null, failed: null };
    lane.unconfirmed.push(tx);
    this.sent.set(tx.id, tx);
    this.stats.sent[kind]++;
    return tx;
  }

  /** One automatic action from a free lane, its plan drawn by ACTION_PLAN_WEIGHTS. */
  private makeAction(): SentTx | null {
    const free = this.lanes.map((l, i) => ({ l, i })).filter(({ l }) => l.unconfirmed.length < MAX_IN_FLIGHT);
    if (free.length === 0) return null;
    const { l: lane, i: laneIdx } = this.rng.pick(free);
    const mine = this.channels.filter((c) => c.members.includes(laneIdx));
    const plan = this.rng.weighted({ ...ACTION_PLAN_WEIGHTS, redPacket: mine.length > 0 ? ACTION_PLAN_WEIGHTS.redPacket : 0 });
    let peer = this.rng.int(0, this.lanes.length - 2);
    if (peer >= laneIdx) peer++;
    const channel = plan === "redPacket" ? this.rng.pick(mine) : null;
    const { body, planned } = planAction(this.rng, {
      plan, lane: laneIdx, self: lane.identity.publicKey, peer: { index: peer, address: this.lanes[peer]!.identity.publicKey },
      channel: channel && { id: fromHex(channel.id)!, members: channel.members }, nowMs: Date.now(),
    });
    const tx = this.record(laneIdx, "action", this.signPlanned(lane, body));
    this.actions.set(tx.id, { ...planned, id: tx.id, claimTxs: [] });
    this.stats.actions[plan]++;
    return tx;
  }

  /** The claims of actions whose creation became final; sent even after the load stops generating. */
  private async sendFollowUps(): Promise<void> {
    const due = this.followUps;
    this.followUps = [];
    const byNode = new Map<ClusterNode, SentTx[]>();
    for (const { action, claimer } of due) {
      const body = claimBody({ kind: action.kind, id: fromHex(action.id)!, preimage: action.preimage });
      const tx = this.record(claimer, "claim", this.signPlanned(this.lanes[claimer]!, body));
      action.claimTxs.push(tx.id);
      const node = this.pickNode();
      byNode.set(node, [...(byNode.get(node) ?? []), tx]);
    }
    await Promise.all([...byNode].map(([node, txs]) => this.send(node, txs)));
  }

  private sign<K extends TxKindName>(lane: Lane, kind: K, body: TxBodies[K], nonce: number): BuiltTx {
    const fields = { chainId: this.chain.chainId, nonce, fee: 0n, expiry: this.lastHeight + EXPIRY_AHEAD };
    // The fee field is fixed-width, so the draft's size is the final size.
    const draft = buildTx(lane.identity, kind, body, fields);
    // Action kinds add the cost of the hook work they leave behind (docs/ACTIONS.md 7).
    const fee = feeFor(draft.bytes.length, this.chain.feeBase, this.chain.feePerByte) + specOf(kind).extraFee(draft.stx.tx as never);
    return buildTx(lane.identity, kind, body, { ...fields, fee });
  }

  /** Signs an action body at the lane's next nonce (record() then takes that nonce). */
  private signPlanned(lane: Lane, p: PlannedBody): BuiltTx {
    if (p.kind === "escrow") return this.sign(lane, "escrow", p.body, lane.nextNonce);
    if (p.kind === "scheduledPayment") return this.sign(lane, "scheduledPayment", p.body, lane.nextNonce);
    return this.sign(lane, "redPacket", p.body, lane.nextNonce);
  }

  private async send(node: ClusterNode, txs: SentTx[]): Promise<void> {
    const now = Date.now();
    for (const t of txs) {
      t.lastSentAt = now;
      t.lastNode = node.name;
      t.sends++;
    }
    try {
      const res = await this.cluster.rpc(node).batch(txs.map((t) => ({ method: "tx_send", params: ["0x" + toHex(t.bytes)] })));
      res.forEach((r, i) => {
        if (!r.error) return;
        const reason = r.error.type.code === "RPC_ERROR" ? (r.error.type.reason ?? String(r.error.type.rpcCode)) : r.error.type.code;
        this.stats.sendErrors[reason] = (this.stats.sendErrors[reason] ?? 0) + 1;
        // NONCE_TOO_LOW: this very tx is already final (only we sign for these accounts).
        if (reason !== "NONCE_TOO_LOW") this.lanes[txs[i]!.lane]!.resendNow = true;
      });
    } catch (e) {
      const reason = e instanceof RpcClientError ? e.type.code : "ERROR";
      this.stats.sendErrors[reason] = (this.stats.sendErrors[reason] ?? 0) + txs.length;
      for (const t of txs) this.lanes[t.lane]!.resendNow = true;
    }
  }

  // ---- finality ----

  private async poll(): Promise<void> {
    if (this.cluster.serving().length === 0) return;
    const open = this.lanes.flatMap((l) => l.unconfirmed).slice(0, POLL_BATCH);
    if (open.length > 0) {
      const node = this.pickNode();
      try {
        const res = await this.cluster.rpc(node).batch(open.map((t) => ({ method: "tx_get", params: [t.id] })));
        res.forEach((r, i) => {
          const v = r.result as { status: string; height?: number; index?: number; reason?: string } | undefined;
          // A failed tx is in the chain too (it paid its fee): it is as final as a good one.
          if (v?.status === "final" || v?.status === "failed") this.markFinal(open[i]!, v.height!, v.index!, node.name, v.status === "failed" ? (v.reason ?? "FAILED") : null);
        });
        const head = await this.cluster.rpc(node).call<{ height: number }>("chain_getHead");
        this.lastHeight = Math.max(this.lastHeight, head.height);
      } catch {
        // the node went away mid-poll: the next poll asks another
      }
    }
    await this.sendFollowUps();
    await this.resendStale();
  }

  private markFinal(t: SentTx, height: number, index: number, node: string, failed: string | null): void {
    if (t.final) return;
    t.final = { height, index, node };
    t.failed = failed;
    this.stats.final[t.kind]++;
    if (failed) this.stats.failed[failed] = (this.stats.failed[failed] ?? 0) + 1;
    const lane = this.lanes[t.lane]!;
    lane.unconfirmed = lane.unconfirmed.filter((x) => x !== t);
    const action = this.actions.get(t.id);
    if (action && !failed) for (const claimer of action.claimers) this.followUps.push({ action, claimer });
  }


  private async resendStale(): Promise<void> {
    const now = Date.now();
    const batches = new Map<ClusterNode, SentTx[]>();
    for (const lane of this.lanes) {
      const oldest = lane.unconfirmed[0];
      if (!oldest || (!lane.resendNow && now - oldest.lastSentAt < RESEND_MS)) continue;
      lane.resendNow = false;
      // The whole lane, in nonce order, to one other node: a gap would stop it there.
      const node = this.pickNode(oldest.lastNode);
      batches.set(node, [...(batches.get(node) ?? []), ...lane.unconfirmed]);
      this.stats.resends += lane.unconfirmed.length;
    }
    await Promise.all([...batches].map(([node, txs]) => this.send(node, txs)));
  }

  /** Recipients' identities by account index (for reading messages after the run). */
  identity(i: number): Identity {
    return this.accounts[i]!;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
