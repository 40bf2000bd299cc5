// One WebSocket connection with a bounded outgoing queue. Everything sent to the client
// (responses and subscription notifications) goes through send(), which never waits: it hands
// the text to `ws` while the socket keeps up, queues it while the socket is backed up, and when
// the queue overflows it drops the client with one final error instead of buffering without
// bound. The final notice is {"jsonrpc":"2.0","method":"subscription","params":{"error":{...}}}
// with data.reason "SUBSCRIBER_TOO_SLOW"; then the socket closes with 1008.
import type { WebSocket } from "ws";
import { rpcError, RpcReason } from "./errors.js";
import { stringify } from "./json.js";
import type { Subscriber } from "./subscriptions.js";

export interface OutboxLimits {
  /** Messages waiting in our queue (behind the socket's own buffer). */
  maxQueueMessages: number;
  /** Bytes in our queue plus ws.bufferedAmount (counted as string length: our JSON is ASCII-heavy). */
  maxQueueBytes: number;
}

// After a drop, how long the close handshake may take before the socket is destroyed: a client
// that does not read would otherwise hold the buffered bytes for ws's 30 s close timeout.
const CLOSE_GRACE_MS = 1000;
// The same for a client refused BUSY as its frame was announced: it holds none of our bytes
// (nothing of its message was kept), only its socket. Destroying a socket with unread input
// resets it, and a client still writing the refused frame loses the close frame it has not
// read yet: a loaded client that read 1.5 s late never saw its 1013 (in-flight-server.test.ts).
export const BUSY_CLOSE_GRACE_MS = 10_000;
const POLICY_VIOLATION = 1008;

export class WsSession implements Subscriber {
  private queue: string[] = [];
  private queuedBytes = 0;
  private dead = false;
  /** Set when the session was dropped for not reading fast enough (for logs and metrics). */
  droppedTooSlow = false;
  private closeTimer: NodeJS.Timeout | null = null;
  private readonly highWater: number;
  private readonly onWritten = (error?: Error): void => {
    if (error === undefined || error === null) this.pump();
  };

  constructor(
    readonly ws: WebSocket,
    private readonly limits: OutboxLimits,
    /** Called once, synchronously, when the session dies (overflow or close). */
    private readonly onDead: (session: WsSession) => void,
  ) {
    // Keep writing into `ws` while its buffer is under a quarter of the budget; past that, queue.
    this.highWater = Math.max(1, Math.floor(limits.maxQueueBytes / 4));
    ws.on("close", () => this.die());
  }

  get alive(): boolean {
    return !this.dead;
  }

  send(text: string): boolean {
    if (this.dead) return false;
    if (this.queue.length === 0 && this.ws.bufferedAmount < this.highWater) {
      this.ws.send(text, this.onWritten);
      return true;
    }
    this.queue.push(text);
    this.queuedBytes += text.length;
    if (this.queue.length > this.limits.maxQueueMessages || this.queuedBytes + this.ws.bufferedAmount > this.limits.maxQueueBytes) {
      this.dropTooSlow();
      return false;
    }
    return true;
  }

  /** Closes now, dropping anything queued (server shutdown). */
  terminate(): void {
    this.die();
    this.ws.terminate();
  }

  private pump(): void {
    while (!this.dead && this.queue.length > 0 && this.ws.bufferedAmount < this.highWater) {
      const text = this.queue.shift()!;
      this.queuedBytes -= text.length;
      this.ws.send(text, this.onWritten);
    }
  }

  private dropTooSlow(): void {
    this.droppedTooSlow = true;
    const error = rpcError("LIMIT_EXCEEDED", RpcReason.SUBSCRIBER_TOO_SLOW).toObject();
    this.closeWith(POLICY_VIOLATION, RpcReason.SUBSCRIBER_TOO_SLOW, stringify({ jsonrpc: "2.0", method: "subscription", params: { error } }));
  }

  /**
   * Drops the client: stops reading from it (so nothing more it sends is buffered), sends a
   * close frame with `code` and `reason` (after `notice`, if any), and destroys the socket if the
   * close handshake has not finished within `graceMs`.
   */
  closeWith(code: number, reason: string, notice?: string, graceMs = CLOSE_GRACE_MS): void {
    if (this.dead) return;
    this.die();
    if (notice !== undefined) this.ws.send(notice);
    this.ws.close(code, reason);
    this.ws.pause();
    this.closeTimer = setTimeout(() => this.ws.terminate(), graceMs);
    this.closeTimer.unref();
    this.ws.once("close", () => {
      if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    });
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.onDead(this);
  }
}
