// The automatic actions of the unlocked identity (red packets, escrows, scheduled payments,
// bounties): their records as the node keeps them, read with action_list / action_get and kept
// current by the subscribe_actions WebSocket (every block that changes one sends its record),
// and what the person does with them from a conversation (send a red packet, claim, release,
// refund, approve, cancel). Offers made in a chat are chat entries (ChatItem.offer); the rest
// show beside the conversation with the other party.
import { ActionsClient, type ActionJson, type ActionUpdate } from "../../client/actions.js";
import { escrowApprove, escrowClaim, escrowRefund, cancelPayment, inAsset, redPacket, redPacketClaim } from "../../client/action-bodies.js";
import { isBetween } from "../../client/action-view.js";
import type { ChatClient } from "../../client/chat.js";
import type { Identity } from "../../client/keys.js";
import { Store } from "../lib/store.js";
import { keepSubscribed } from "../lib/resubscribe.js";

export interface ActionState {
  record: ActionJson;
  /** The height of the last block that changed it, as far as this session saw (null: not seen change). */
  changedAt: number | null;
}

export type ActionDo =
  | { op: "claim" }
  | { op: "release"; preimage: string }
  | { op: "refund" }
  | { op: "approve" }
  | { op: "cancel" };

// Actions read at start: the newest of this identity's; older ones are read when a chat names them.
const LIST_LIMIT = 50;
const RETRY_MS = 2_000;
const RETRY_MAX_MS = 30_000;
// A red packet sent from a chat stays claimable for this many blocks (about a day at 1 s blocks).
export const RED_PACKET_BLOCKS = 86_400;

export class ChatActions {
  readonly version = new Store(0);
  /** The newest block height seen (choices such as "refund" depend on it). */
  readonly head = new Store(0);
  readonly sdk: ActionsClient;
  private readonly byId = new Map<string, ActionState>();
  private readonly loading = new Set<string>();
  private subscription: { stop: () => void } | null = null;
  private closed = false;

  constructor(chat: ChatClient, private readonly me: Identity) {
    this.sdk = new ActionsClient(chat.client);
  }

  /** Reads the newest actions, then follows changes; a node that cannot answer is asked again. */
  async start(attempt = 0): Promise<void> {
    let page, head;
    try {
      [page, head] = await Promise.all([this.sdk.list(this.me.address, { limit: LIST_LIMIT }), this.sdk.height()]);
    } catch {
      // The chat works without actions meanwhile (offers show "reading" until then). A node that
      // does not serve actions (a light node today) is asked less and less often.
      if (!this.closed) setTimeout(() => void this.start(attempt + 1), Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** Math.min(attempt, 4)));
      return;
    }
    if (this.closed) return;
    this.seeHead(Math.max(head, page.height));
    for (const a of page.actions) this.put(a, null);
    this.bump();
    this.connect();
  }

  stop(): void {
    this.closed = true;
    this.subscription?.stop();
  }

  private connect(): void {
    if (this.closed) return;
    this.subscription = keepSubscribed((onError) => this.sdk.watch(this.me.address, (a) => this.update(a), { onError }), {
      // What changed while we were away: read the records we show again.
      opened: (again) => {
        if (again) for (const id of this.byId.keys()) void this.refresh(id);
      },
    });
  }

  private update(a: ActionUpdate): void {
    this.seeHead(a.height);
    this.put(a, a.height);
    this.bump();
  }

  private put(record: ActionJson, changedAt: number | null): void {
    const known = this.byId.get(record.id);
    this.byId.set(record.id, { record, changedAt: changedAt ?? known?.changedAt ?? null });
  }

  private seeHead(h: number): void {
    if (h > this.head.get()) this.head.set(h);
  }

  private bump(): void {
    this.version.update((v) => v + 1);
  }

  get(id: string): ActionState | undefined {
    return this.byId.get(id);
  }

  /** Reads an action this session does not know yet (an offer seen in a chat). */
  ensure(id: string): void {
    if (this.byId.has(id) || this.loading.has(id)) return;
    this.loading.add(id);
    void this.refresh(id).finally(() => this.loading.delete(id));
  }

  async refresh(id: string, changedAt: number | null = null): Promise<void> {
    const a = await this.sdk.get(id).catch(() => null);
    if (!a) return;
    this.seeHead(a.height);
    this.put(a, changedAt);
    this.bump();
  }

  /** Every known action between this identity and `peer`, oldest first. */
  between(peer: string): ActionState[] {
    return [...this.byId.values()].filter((s) => isBetween(s.record, this.me.address, peer))
      .sort((x, y) => Number(x.record["createdHeight"] ?? 0) - Number(y.record["createdHeight"] ?? 0));
  }

  /**
   * Sends a one-share red packet to `peer`, in `asset` (0x-hex id; null: the native token) with
   * `total` in its base units; resolves to its tx (= action) id once the node admitted it.
   */
  async sendRedPacket(peer: string, total: bigint, asset: string | null = null): Promise<string> {
    const head = await this.sdk.height();
    this.seeHead(head);
    const body = inAsset(redPacket({ to: peer, total, shares: 1, random: false, expiryHeight: head + RED_PACKET_BLOCKS }), asset);
    return (await this.sdk.submit(this.me, "redPacket", body, { wait: false })).id;
  }

  /** Does `what` to action `id` and waits until it is final; the record is read again then. */
  async act(id: string, kind: string, what: ActionDo): Promise<void> {
    const sent = await (kind === "redPacket" ? this.sdk.submit(this.me, "redPacket", redPacketClaim(id))
      : kind === "scheduledPayment" ? this.sdk.submit(this.me, "scheduledPayment", cancelPayment(id))
      : this.sdk.submit(this.me, "escrow", what.op === "release" ? escrowClaim(id, what.preimage) : what.op === "approve" ? escrowApprove(id) : escrowRefund(id)));
    await this.refresh(id, sent.height);
  }
}
