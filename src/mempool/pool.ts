// The pending-tx pool: per-sender nonce queues, a fee-per-byte priority across senders, caps on
// count, bytes and per sender, replace-by-fee, eviction of the cheapest tails, and the clean-up
// after each block. Admission (decode, signature, stateless checks) happens before add();
// execution re-checks everything, so the pool's own checks only need to be cheap and sound.
//
// Invariants: a sender's queue is in `senders` and in the eviction heap exactly when it is
// non-empty, and in the ready heap exactly when its account nonce is queued; every queued tx is
// in `byId` and in its expiry bucket; `totalBytes` is the sum of the queued sizes.
import { err, ok, type Result } from "../util/errors.js";
import { txError, type TxError } from "../chain/tx/errors.js";
import type { MempoolEntry } from "./entry.js";
import { toHex } from "../util/bytes.js";
import { Heap, feeRate, outranks, type HeapSlot } from "./ordering.js";
import { SenderQueue, type QueuedTx } from "./sender-queue.js";
import { minReplacementFee, resolveLimits, type MempoolLimits } from "./limits.js";
import type { MempoolMetrics } from "./metrics.js";

/** Latest committed state, read synchronously (the node keeps accounts cached in memory). */
export interface AccountView {
  nonceAndBalance(addr: Uint8Array): { nonce: number; balance: bigint };
}

export interface AddOutcome {
  /** Id of the same-sender same-nonce tx this one replaced, if any. */
  replaced: Uint8Array | null;
  /** Ids of other senders' txs evicted to make room (empty unless the pool was full). */
  evicted: Uint8Array[];
}

export interface DroppedTx {
  id: string;
  reason: TxError;
}

const TAIL_SLOT: HeapSlot<SenderQueue> = {
  get: (q) => q.tailSlot,
  set: (q, i) => {
    q.tailSlot = i;
  },
};
const READY_SLOT: HeapSlot<SenderQueue> = {
  get: (q) => q.readySlot,
  set: (q, i) => {
    q.readySlot = i;
  },
};

// Eviction heap: the top is the sender whose highest-nonce tx ranks lowest.
const tailRanksLower = (a: SenderQueue, b: SenderQueue): boolean => outranks(b.tailTx!, a.tailTx!);
// Ready heap: the top is the executable sender whose next tx ranks highest.
const readyRanksHigher = (a: SenderQueue, b: SenderQueue): boolean => outranks(a.readyTx!, b.readyTx!);

/** A reap candidate: a sender's tx at queue index `index`; `node` is its ready-heap position for a run's first tx, else -1. */
interface Candidate {
  q: SenderQueue;
  tx: QueuedTx;
  index: number;
  node: number;
}
const candidateFirst = (a: Candidate, b: Candidate): boolean => outranks(a.tx, b.tx);

export class Mempool {
  readonly limits: MempoolLimits;
  private readonly byId = new Map<string, QueuedTx>();
  private readonly senders = new Map<string, SenderQueue>();
  private readonly tails = new Heap<SenderQueue>(tailRanksLower, TAIL_SLOT);
  private readonly ready = new Heap<SenderQueue>(readyRanksHigher, READY_SLOT);
  // Expiry height -> txs: expiring a block's worth is O(expired), not a scan of the pool.
  private readonly byExpiry = new Map<number, Set<QueuedTx>>();
  private totalBytes = 0;
  private seq = 0;
  private nextHeight = 0;
  private sweptBelow = 0;

  constructor(
    limits: Partial<MempoolLimits>,
    private readonly account: AccountView,
    private readonly metrics: MempoolMetrics | null = null,
  ) {
    this.limits = resolveLimits(limits);
  }

  get size(): number {
    return this.byId.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Height of the next block: txs expiring before it are refused and dropped. */
  get height(): number {
    return this.nextHeight;
  }

  /** Call once at startup with head + 1; onBlockCommitted keeps it current afterwards. */
  setHeight(nextHeight: number): void {
    this.nextHeight = nextHeight;
  }

  has(idHex: string): boolean {
    return this.byId.has(idHex);
  }

  get(idHex: string): MempoolEntry | undefined {
    return this.byId.get(idHex)?.entry;
  }

  /** Admits a tx or says why not. Never throws. */
  add(entry: MempoolEntry): Result<AddOutcome, TxError> {
    const result = this.admit(entry);
    const m = this.metrics;
    if (m) {
      if (!result.ok) m.rejected(result.error.code);
      else {
        m.admitted();
        if (result.value.replaced) m.replaced();
        if (result.value.evicted.length > 0) m.evicted(result.value.evicted.length);
        m.poolSize(this.size, this.totalBytes);
      }
    }
    return result;
  }

  private admit(entry: MempoolEntry): Result<AddOutcome, TxError> {
    const { tx } = entry.stx;
    const limits = this.limits;
    // [IGNORE] the pool holds each tx once.
    if (this.byId.has(entry.idHex)) return err(txError({ code: "ALREADY_KNOWN" }));
    // [REJECT] past its last height a tx can never be included.
    if (tx.expiry < this.nextHeight) return err(txError({ code: "EXPIRED", expiry: tx.expiry, height: this.nextHeight }));
    const acct = this.account.nonceAndBalance(tx.from);
    const key = toHex(tx.from);
    const queue = this.senders.get(key) ?? new SenderQueue(key, tx.from);
    if (queue.accountNonce !== acct.nonce) {
      queue.accountNonce = acct.nonce;
      if (queue.length > 0) this.queueChanged(queue); // a block we were not told about: re-find its executable head
    }
    // [REJECT] the nonce is already used on chain.
    if (tx.nonce < acct.nonce) return err(txError({ code: "NONCE_TOO_LOW", expected: acct.nonce, got: tx.nonce }));
    // [IGNORE] too far past the sender's next executable nonce: it could only wait, holding space.
    if (tx.nonce > acct.nonce + limits.maxNonceGap) {
      const next = queue.nextNonceFrom(acct.nonce);
      if (tx.nonce > next + limits.maxNonceGap) return err(txError({ code: "NONCE_GAP", expected: next, got: tx.nonce }));
    }
    // [REJECT] cannot pay its fee and amount after the sender's queued txs before it: such a tx
    // could only fail (or be left out), and holding or gossiping it would be free spam.
    const needed = queue.costBefore(acct.nonce, tx.nonce) + entry.cost;
    if (needed > acct.balance) return err(txError({ code: "INSUFFICIENT_FUNDS", balance: acct.balance, needed }));
    const index = queue.indexOf(tx.nonce);
    const old = index >= 0 ? queue.items[index]! : null;
    if (old) {
      // [IGNORE] a replacement must pay a real bump, so replace-and-regossip churn costs the sender.
      const min = minReplacementFee(old.fee, limits.minFeeBumpPercent);
      if (tx.fee < min) return err(txError({ code: "FEE_BUMP_TOO_LOW", min, got: tx.fee }));
    } else if (queue.length >= limits.maxPerSender) {
      // [IGNORE] one sender holds at most maxPerSender txs.
      return err(txError({ code: "SENDER_LIMIT", max: limits.maxPerSender }));
    }
    // [IGNORE] larger than the whole pool: nothing could make room.
    if (entry.size > limits.maxBytes) return err(txError({ code: "POOL_FULL", reason: `tx of ${entry.size} bytes exceeds the pool's ${limits.maxBytes}` }));
    const incoming: QueuedTx = {
      entry,
      nonce: tx.nonce,
      fee: tx.fee,
      expiry: tx.expiry,
      queue,
      rate: feeRate(tx.fee, entry.size),
      arrival: entry.arrival,
      seq: this.seq++,
    };
    const overCount = this.byId.size + (old ? 0 : 1) - limits.maxTxs;
    const overBytes = this.totalBytes - (old ? old.entry.size : 0) + entry.size - limits.maxBytes;
    let evicted: QueuedTx[] = [];
    if (overCount > 0 || overBytes > 0) {
      const room = this.makeRoom(incoming, overCount, overBytes);
      if (!room.ok) return room;
      evicted = room.value;
    }
    if (old) this.unlink(old);
    this.link(incoming);
    return ok({ replaced: old ? old.entry.id : null, evicted: evicted.map((v) => v.entry.id) });
  }

  /**
   * Evicts other senders' lowest-ranked tails until `incoming` fits, each strictly cheaper per
   * byte than `incoming`; all or nothing. Only tails go: evicting a tx in the middle of a queue
   * would strand the nonces after it. The incoming tx's own sender is exempt: its tail is what
   * the new tx builds on, or is built on the new tx.
   */
  private makeRoom(incoming: QueuedTx, overCount: number, overBytes: number): Result<QueuedTx[], TxError> {
    const own = incoming.queue;
    const ownInHeap = own.tailSlot >= 0;
    if (ownInHeap) this.tails.remove(own);
    const victims: QueuedTx[] = [];
    let failure: string | null = null;
    while (overCount > 0 || overBytes > 0) {
      const victim = this.tails.peek()?.tailTx;
      if (!victim) {
        failure = "pool full and no other sender's tx can be evicted";
        break;
      }
      if (!(incoming.rate > victim.rate)) {
        failure = `pool full: pays ${incoming.rate} per byte, the cheapest evictable tx pays ${victim.rate}`;
        break;
      }
      this.unlink(victim);
      victims.push(victim);
      overCount--;
      overBytes -= victim.entry.size;
    }
    if (ownInHeap) this.tails.push(own);
    if (failure !== null) {
      // Put the tentative victims back, last evicted first, so each is a tail again when re-added.
      for (let i = victims.length - 1; i >= 0; i--) this.link(victims[i]!);
      return err(txError({ code: "POOL_FULL", reason: failure }));
    }
    return ok(victims);
  }

  /**
   * Executable txs for a block, best first: for each sender the contiguous run of nonces from its
   * committed nonce, merged across senders by fee per byte then arrival. Nothing is removed.
   * The ready heap is read, not copied: a small frontier heap walks it top-down (a node's children
   * become candidates once the node's head is taken) and follows each sender's run, so the cost
   * is O(taken · log taken) however many senders are ready.
   */
  reap(maxTxs: number, maxBytes: number): MempoolEntry[] {
    const out: MempoolEntry[] = [];
    if (maxTxs <= 0 || maxBytes <= 0) return out;
    const frontier = new Heap<Candidate>(candidateFirst);
    this.pushReadyNode(frontier, 0);
    let bytes = 0;
    while (out.length < maxTxs) {
      const c = frontier.pop();
      if (!c) break;
      const { q, tx } = c;
      if (c.node >= 0) {
        this.pushReadyNode(frontier, 2 * c.node + 1);
        this.pushReadyNode(frontier, 2 * c.node + 2);
        // One fresh read per sender taken from: balances also change by incoming payments, which
        // the pool is not told about.
        const acct = this.account.nonceAndBalance(q.address);
        if (acct.nonce !== q.accountNonce) continue; // a block we were not told about: skip until cleaned
        q.reapBalance = acct.balance;
        q.spent = 0n;
      }
      q.spent += tx.entry.cost;
      // A sender's run ends at the first tx that cannot go in: later nonces depend on it.
      // Costs are paid in nonce order, so a run also ends where they outrun the balance.
      if (bytes + tx.entry.size > maxBytes || tx.expiry < this.nextHeight || q.spent > q.reapBalance) continue;
      out.push(tx.entry);
      bytes += tx.entry.size;
      const next = q.items[c.index + 1];
      if (next !== undefined && next.nonce === tx.nonce + 1) {
        c.tx = next;
        c.index++;
        c.node = -1;
        frontier.push(c);
      }
    }
    return out;
  }

  private pushReadyNode(frontier: Heap<Candidate>, node: number): void {
    const q = this.ready.at(node);
    if (q) frontier.push({ q, tx: q.readyTx!, index: q.readyIndex, node });
  }

  /**
   * After a block commits: removes the included txs, then for every touched sender (and every
   * sender of an included tx) drops nonces the chain has used and txs whose fee the new balance
   * cannot pay, then drops txs that expire before `nextHeight`. Included txs are not reported;
   * the return value lists every other tx that left, with the reason.
   * `touchedSenders`: accounts whose nonce or balance the block changed (at least its txs' senders).
   */
  onBlockCommitted(includedIds: string[], nextHeight: number, touchedSenders: Uint8Array[]): DroppedTx[] {
    this.nextHeight = nextHeight;
    const dropped: DroppedTx[] = [];
    const touched = new Map<string, SenderQueue>();
    let included = 0;
    for (const id of includedIds) {
      const tx = this.byId.get(id);
      if (!tx) continue;
      // Queues are fixed up once per sender below, not once per tx.
      tx.queue.remove(tx);
      this.unindex(tx);
      touched.set(tx.queue.key, tx.queue);
      included++;
    }
    for (const addr of touchedSenders) {
      const key = toHex(addr);
      const q = this.senders.get(key);
      if (q) touched.set(key, q);
    }
    for (const q of touched.values()) {
      if (q.length > 0) this.recheck(q, dropped);
      this.queueChanged(q);
    }
    this.expire(dropped);
    if (this.metrics) {
      if (included > 0) this.metrics.included(included);
      for (const d of dropped) this.metrics.dropped(d.reason.code, 1);
      this.metrics.poolSize(this.size, this.totalBytes);
    }
    return dropped;
  }

  /** Removes one tx (e.g. it failed execution while building a block). Its later nonces stay queued. */
  remove(idHex: string, reason?: TxError): boolean {
    const tx = this.byId.get(idHex);
    if (!tx) return false;
    this.unlink(tx);
    if (this.metrics) {
      this.metrics.dropped(reason ? reason.code : "REMOVED", 1);
      this.metrics.poolSize(this.size, this.totalBytes);
    }
    return true;
  }

  /** The nonce a wallet should use next: account nonce plus the contiguous run already queued. */
  pendingNonce(addr: Uint8Array): number {
    const { nonce } = this.account.nonceAndBalance(addr);
    const q = this.senders.get(toHex(addr));
    return q ? q.nextNonceFrom(nonce) : nonce;
  }

  /** The sender's queued txs in nonce order (a copy). */
  senderTxs(addr: Uint8Array): MempoolEntry[] {
    const q = this.senders.get(toHex(addr));
    return q ? q.items.map((t) => t.entry) : [];
  }

  // Applies a block's effect on one sender's queue, with the same rules admission used: used
  // nonces go, and so does every tx from the first whose cost, added to the costs queued
  // before it, the new balance cannot pay (the later ones would build on it).
  private recheck(q: SenderQueue, dropped: DroppedTx[]): void {
    const acct = this.account.nonceAndBalance(q.address);
    q.accountNonce = acct.nonce;
    let needed = 0n;
    const reasons = new Map<QueuedTx, TxError>();
    const removed = q.removeWhere((tx) => {
      if (tx.nonce < acct.nonce) {
        reasons.set(tx, txError({ code: "NONCE_TOO_LOW", expected: acct.nonce, got: tx.nonce }));
        return true;
      }
      needed += tx.entry.cost;
      if (needed <= acct.balance) return false;
      reasons.set(tx, txError({ code: "INSUFFICIENT_FUNDS", balance: acct.balance, needed }));
      return true;
    });
    for (const tx of removed) {
      this.unindex(tx);
      dropped.push({ id: tx.entry.idHex, reason: reasons.get(tx)! });
    }
  }

  private expire(dropped: DroppedTx[]): void {
    const height = this.nextHeight;
    if (height <= this.sweptBelow) return;
    // Walk the heights just passed, or the buckets themselves after a long jump (startup, sync).
    const heights: number[] = [];
    if (height - this.sweptBelow <= this.byExpiry.size) {
      for (let h = this.sweptBelow; h < height; h++) if (this.byExpiry.has(h)) heights.push(h);
    } else {
      for (const h of this.byExpiry.keys()) if (h < height) heights.push(h);
    }
    this.sweptBelow = height;
    for (const h of heights) {
      for (const tx of [...this.byExpiry.get(h)!]) {
        this.unlink(tx);
        dropped.push({ id: tx.entry.idHex, reason: txError({ code: "EXPIRED", expiry: tx.expiry, height }) });
      }
    }
  }

  private link(tx: QueuedTx): void {
    tx.queue.insert(tx);
    this.byId.set(tx.entry.idHex, tx);
    let bucket = this.byExpiry.get(tx.expiry);
    if (!bucket) this.byExpiry.set(tx.expiry, (bucket = new Set()));
    bucket.add(tx);
    this.totalBytes += tx.entry.size;
    this.queueChanged(tx.queue);
  }

  private unlink(tx: QueuedTx): void {
    tx.queue.remove(tx);
    this.unindex(tx);
    this.queueChanged(tx.queue);
  }

  private unindex(tx: QueuedTx): void {
    this.byId.delete(tx.entry.idHex);
    const bucket = this.byExpiry.get(tx.expiry);
    if (bucket?.delete(tx) && bucket.size === 0) this.byExpiry.delete(tx.expiry);
    this.totalBytes -= tx.entry.size;
  }

  // Keeps the sender map, the eviction heap and the ready heap in step with a queue whose
  // contents or account nonce changed.
  private queueChanged(q: SenderQueue): void {
    const tail = q.items[q.items.length - 1] ?? null;
    if (tail === null) {
      if (q.tailSlot >= 0) this.tails.remove(q);
      if (q.readySlot >= 0) this.ready.remove(q);
      q.tailTx = q.readyTx = null;
      q.readyIndex = -1;
      this.senders.delete(q.key);
      return;
    }
    if (q.tailTx !== tail) {
      q.tailTx = tail;
      if (q.tailSlot >= 0) this.tails.update(q);
      else {
        this.senders.set(q.key, q);
        this.tails.push(q);
      }
    }
    const index = q.indexOf(q.accountNonce);
    const head = index >= 0 ? q.items[index]! : null;
    q.readyIndex = index;
    if (q.readyTx === head) return;
    q.readyTx = head;
    if (head === null) this.ready.remove(q);
    else if (q.readySlot >= 0) this.ready.update(q);
    else this.ready.push(q);
  }
}
