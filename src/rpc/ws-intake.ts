// What one WebSocket client sends us, bounded in bytes as well as in count. Every data frame is
// charged to the connection's share of the server's in-flight budget when its header arrives
// (ws-frame-meter.ts) and given back when the message it belongs to has been answered:
// - the server budget spent: the client is closed with 1013 (try again later) at once, before
//   the announced payload is read;
// - the connection's own share spent: we stop reading it (TCP back-pressure) until answers free
//   room, so a client that queues 60 messages of 5 MiB waits instead of costing 300 MiB;
// - a message not complete within the body timeout (while we read): closed with 1008.
// Messages then run a few at a time, in order; the rest wait, and go with the connection.
// Memory comes back when a message is answered or the connection closes, not at the next GC
// (an idle node may not collect for a long time): see releaseBuffer.
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import { RpcReason } from "./errors.js";
import { releaseBuffer, type ConnectionBytes } from "./in-flight.js";
import { WsFrameMeter } from "./ws-frame-meter.js";
import { BUSY_CLOSE_GRACE_MS, type WsSession } from "./ws-session.js";

export interface IntakeLimits {
  /** ws's maxPayload: a larger message is closed 1009 by ws, so it is not charged here. */
  maxMessageBytes: number;
  bodyTimeoutMs: number;
  /** Unanswered messages per connection; past it each is answered TOO_MANY_PENDING unrun. */
  maxPending: number;
}

/** Both read `data` synchronously: its memory is released as soon as they return. */
export interface IntakeHandlers {
  /** Runs one message and sends its answer. */
  run(data: RawData): Promise<void>;
  /** Answers a message that is refused without running (too many pending). */
  refuse(data: RawData): void;
}

// Messages (single requests or whole batches) of one connection executing at once.
const MESSAGES_IN_FLIGHT = 4;
// A message announced larger than this keeps the socket reads it arrives in, so that if the
// connection closes before it is complete they can be released (smaller ones cost little).
const TRACK_CHUNKS_ABOVE = 64 * 1024;
const TRY_AGAIN_LATER = 1013;
const POLICY_VIOLATION = 1008;

interface Queued {
  data: RawData;
  bytes: number;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function release(data: RawData): void {
  if (Array.isArray(data)) data.forEach(releaseBuffer);
  else if (data instanceof Uint8Array) releaseBuffer(data);
}

export class WsIntake {
  private readonly queue: Queued[] = [];
  private running = 0;
  private pending = 0;
  /** Payload bytes announced so far for the message being received. */
  private messageBytes = 0;
  private paused = false;
  private timer: NodeJS.Timeout | null = null;
  /** Socket reads holding the large message being received (ws buffers them until it is whole). */
  private unfinished: Buffer[] = [];
  private readonly onData = (chunk: Buffer): void => {
    if (!this.session.alive) return;
    this.meter.push(chunk);
    if (this.messageBytes > TRACK_CHUNKS_ABOVE) this.unfinished.push(chunk);
  };
  private readonly meter = new WsFrameMeter({
    onDataFrame: (length) => this.onDataFrame(length),
    onMessageEnd: () => this.onMessageEnd(),
  });

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly session: WsSession,
    private readonly bytes: ConnectionBytes,
    private readonly limits: IntakeLimits,
    private readonly handlers: IntakeHandlers,
  ) {
    // Before ws's own listener: a frame is charged before ws buffers (or emits) its payload.
    socket.prependListener("data", this.onData);
    ws.on("message", (data: RawData) => this.onMessage(data));
    // Only once ws has closed does it no longer read the reads it buffered for an unfinished
    // message (they were ours too: the socket hands each read to every listener).
    ws.once("close", () => {
      this.unfinished.forEach(releaseBuffer);
      this.unfinished = [];
    });
  }

  /** Gives back every byte the connection holds and drops its queue (the session died). */
  close(): void {
    this.socket.off("data", this.onData);
    this.stopTimer();
    for (const item of this.queue) release(item.data);
    this.queue.length = 0;
    this.bytes.close();
  }

  private onDataFrame(length: number): void {
    if (this.messageBytes === 0) this.startTimer();
    this.messageBytes += length;
    if (this.messageBytes > this.limits.maxMessageBytes) return;
    // [REJECT] the server's in-flight budget cannot hold the announced bytes: close 1013 now
    if (this.bytes.take(length, this.messageBytes, false) !== null) {
      this.session.closeWith(TRY_AGAIN_LATER, RpcReason.BUSY, undefined, BUSY_CLOSE_GRACE_MS);
      return;
    }
    this.pauseIfFull();
  }

  private onMessageEnd(): void {
    this.messageBytes = 0;
    // ws copies a large message out of its reads; they are the GC's now (the last one may
    // still hold the start of the next message, so none is released here).
    this.unfinished = [];
    this.stopTimer();
  }

  private onMessage(data: RawData): void {
    if (!this.session.alive) return;
    const bytes = byteLength(data);
    if (this.pending >= this.limits.maxPending) {
      this.handlers.refuse(data);
      release(data);
      this.done(bytes);
      return;
    }
    this.pending++;
    this.queue.push({ data, bytes });
    this.pauseIfFull();
    this.drain();
  }

  private drain(): void {
    while (this.running < MESSAGES_IN_FLIGHT && this.queue.length > 0 && this.session.alive) {
      const item = this.queue.shift()!;
      this.running++;
      const answered = this.handlers.run(item.data);
      release(item.data);
      void answered.finally(() => {
        this.running--;
        this.pending--;
        this.done(item.bytes);
        this.drain();
      });
    }
  }

  /** A message was answered (or refused): its bytes go back, and reading resumes if it waits for room. */
  private done(bytes: number): void {
    this.bytes.give(bytes);
    if (this.paused && !this.mustWait() && this.session.alive) {
      this.paused = false;
      this.ws.resume();
      if (this.messageBytes > 0) this.startTimer();
    }
  }

  /**
   * The share is spent and answers are on their way to free it. Without messages pending, the
   * bytes held are the one message being received (never more than the share), so reading on.
   */
  private mustWait(): boolean {
    return this.bytes.full && this.pending > 0;
  }

  private pauseIfFull(): void {
    if (this.paused || !this.mustWait()) return;
    this.paused = true;
    this.ws.pause();
    // A paused client cannot finish its message: the timeout restarts when reading resumes.
    this.stopTimer();
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setTimeout(() => this.session.closeWith(POLICY_VIOLATION, RpcReason.BODY_TIMEOUT), this.limits.bodyTimeoutMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
