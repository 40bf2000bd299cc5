// Ed25519 verification off the main thread. The main thread of a node is busy with RPC, decoding,
// the mempool and block execution; a verify costs ~0.14 ms of CPU (~7,100/s per core here), which
// at thousands of txs per second is most of a core. The pool batches every verify requested in
// one turn of the event loop into one message per worker (one transferred ArrayBuffer, no
// copies of the bytes, one answer per batch), so the per-message cost is paid per batch, not per tx.
//
// The strict rules (canonical S, no small-order or non-canonical keys) are checked here, on the
// calling thread, before a job is queued: they are cheap and keep the worker to the native verify.
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { ParleyError } from "../util/errors.js";
import { isCanonicalSignature, isWeakPublicKey } from "../crypto/ed25519-rules.js";

export type VerifyPoolErrorType = { code: "POOL_CLOSED" } | { code: "WORKER_FAILED"; reason: string };

/** Failures of the pool itself, never of a signature (a bad signature is a `false` result). */
export class VerifyPoolError extends ParleyError<VerifyPoolErrorType> {}

export interface VerifyPoolOptions {
  /** Worker threads. Default: one per core (defaultPoolSize). */
  size?: number;
  /** Most jobs in one message to a worker: bounds the wait of the first job of a big batch. */
  maxBatch?: number;
}

const NO_PREFIX = new Uint8Array(0);

// 256 verifies take ~35 ms on one core: long enough to amortise a message, short enough that a
// batch from one RPC call does not hold up another's for long.
const DEFAULT_MAX_BATCH = 256;

// One per core, not cores - 1: a busy validator's main thread uses about a third of a core
// (~50-60 µs of ~190 µs per tx), so with cores - 1 workers one core sat partly idle while the
// single verify thread was the bottleneck. Measured (one validator, 2 cores, 60,000-tx bursts,
// `PARLEY_VERIFY_WORKERS=1|2 node dist/bench/throughput.js --txs 60000 --mix transfer=100`):
// 8,613 -> 9,659 tx/s at the same CPU per tx. The OS shares the cores between the main thread
// and the workers; the main thread's work is never queued behind a verify batch.
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

interface Job {
  pk: Uint8Array;
  /** The signed message is prefix || msg, joined only inside the batch buffer. */
  prefix: Uint8Array;
  msg: Uint8Array;
  sig: Uint8Array;
  resolve: (valid: boolean) => void;
  reject: (e: VerifyPoolError) => void;
  /** The answer, once its worker gave it; settled only when every earlier job is (settleInOrder). */
  outcome?: boolean | VerifyPoolError;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not yet answered, by request id. */
  inFlight: Map<number, Job[]>;
  jobs: number;
}

interface VerifyResponse {
  id: number;
  results: Uint8Array;
}

// Resolved relative to this module: verify-worker.js next to the compiled file, or the .ts
// source itself when the sources run directly (unit tests, Node type stripping).
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./verify-worker.ts" : "./verify-worker.js", import.meta.url);

export class VerifyPool {
  readonly size: number;
  private readonly maxBatch: number;
  private readonly slots: Slot[] = [];
  private pending: Job[] = [];
  // Every queued job in the order verify() was called, until settled. With several workers a
  // later batch can finish first; answers are still settled in call order, because callers rely
  // on it: admission puts one sender's txs of an RPC batch or a gossip batch into the pool as
  // their verifies settle, and out of order the later nonces were refused NONCE_GAP (a batch of
  // 500 of one sender's txs split over two workers kept only the first 250).
  private order: Job[] = [];
  private orderHead = 0;
  private flushScheduled = false;
  private nextId = 1;
  private closed = false;

  constructor(opts: VerifyPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? DEFAULT_MAX_BATCH));
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /**
   * Strict Ed25519 verify of `prefix || msg` on a worker: resolves true or false; rejects only
   * if the pool is closed or broken. The two parts are copied straight into the batch sent to
   * the worker: a tx's signed message (domain prefix + payload) is never built on its own.
   */
  verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, prefix: Uint8Array = NO_PREFIX): Promise<boolean> {
    if (this.closed) return Promise.reject(new VerifyPoolError({ code: "POOL_CLOSED" }));
    // [REJECT] non-canonical S, small-order or non-canonical keys: no need to ask a worker.
    if (!isCanonicalSignature(sig) || isWeakPublicKey(pk)) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const job: Job = { pk, prefix, msg, sig, resolve, reject };
      this.pending.push(job);
      this.order.push(job);
      if (this.pending.length >= this.maxBatch * this.size) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After this turn's I/O callbacks and microtasks: every tx of an RPC batch is queued by then.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Jobs queued or on a worker, not yet answered. */
  get backlog(): number {
    let n = this.pending.length;
    for (const s of this.slots) n += s.jobs;
    return n;
  }

  /** Waits for every queued verify to be answered, then stops the workers. Later calls to verify reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await Promise.all(this.slots.map((s) => new Promise<void>((resolve) => {
      if (s.inFlight.size === 0) return resolve();
      s.worker.on("message", () => {
        if (s.inFlight.size === 0) resolve();
      });
      s.worker.once("exit", () => resolve());
    })));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.pending;
    if (jobs.length === 0) return;
    this.pending = [];
    // Split evenly over the workers, each message at most maxBatch jobs, least-loaded worker first.
    const per = Math.min(this.maxBatch, Math.ceil(jobs.length / this.size));
    for (let i = 0; i < jobs.length; i += per) this.send(this.leastLoaded(), jobs.slice(i, i + per));
  }

  private leastLoaded(): Slot {
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.jobs < best.jobs) best = s;
    return best;
  }

  private send(slot: Slot, jobs: Job[]): void {
    let bytes = 0;
    for (const j of jobs) bytes += 100 + j.prefix.length + j.msg.length;
    const buf = new ArrayBuffer(bytes);
    const out = new Uint8Array(buf);
    const view = new DataView(buf);
    let off = 0;
    for (const j of jobs) {
      const len = j.prefix.length + j.msg.length;
      view.setUint32(off, len);
      out.set(j.pk, off + 4);
      out.set(j.sig, off + 36);
      out.set(j.prefix, off + 100);
      out.set(j.msg, off + 100 + j.prefix.length);
      off += 100 + len;
    }
    const id = this.nextId++;
    if (slot.inFlight.size === 0) slot.worker.ref(); // busy: keep the process alive until answered
    slot.inFlight.set(id, jobs);
    slot.jobs += jobs.length;
    slot.worker.postMessage({ id, buf, count: jobs.length }, [buf]);
  }

  /** Settles answered jobs from the oldest on, stopping at the first still on a worker. */
  private settleInOrder(): void {
    const order = this.order;
    let head = this.orderHead;
    while (head < order.length) {
      const job = order[head]!;
      const outcome = job.outcome;
      if (outcome === undefined) break;
      head++;
      if (outcome instanceof VerifyPoolError) job.reject(outcome);
      else job.resolve(outcome);
    }
    // Drop the settled prefix now and then, not on every answer.
    if (head === order.length) {
      this.order = [];
      this.orderHead = 0;
    } else if (head > 4096) {
      this.order = order.slice(head);
      this.orderHead = 0;
    } else this.orderHead = head;
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, inFlight: new Map(), jobs: 0 };
    // Idle workers must not keep a process alive (a node stopping, a test finishing).
    worker.unref();
    worker.on("message", (res: VerifyResponse) => {
      const jobs = slot.inFlight.get(res.id);
      if (!jobs) return;
      slot.inFlight.delete(res.id);
      slot.jobs -= jobs.length;
      if (slot.inFlight.size === 0) worker.unref();
      for (let i = 0; i < jobs.length; i++) jobs[i]!.outcome = res.results[i] === 1;
      this.settleInOrder();
    });
    worker.on("error", (e: Error) => this.fail(slot, e.message));
    worker.on("exit", (code) => {
      if (!this.closed) this.fail(slot, `worker exited with code ${code}`);
    });
    return slot;
  }

  /** A worker died: its batches fail (callers may verify inline), and a fresh worker takes its place. */
  private fail(slot: Slot, reason: string): void {
    const lost = [...slot.inFlight.values()];
    slot.inFlight.clear();
    slot.jobs = 0;
    for (const jobs of lost) for (const j of jobs) j.outcome = new VerifyPoolError({ code: "WORKER_FAILED", reason });
    this.settleInOrder();
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[i] = this.spawn();
  }
}
