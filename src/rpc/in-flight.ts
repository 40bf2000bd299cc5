// Bytes of requests the server holds: received (or announced by Content-Length / a WebSocket
// frame header) and not yet answered. Counts alone do not bound memory: 40 HTTP bodies one byte
// short of 5 MiB took a node from 127 to 331 MiB. HTTP bodies and WebSocket messages draw on one
// server-wide budget; each connection also has its own cap so one client cannot take it all.

// A request this small (a normal call: a few hundred bytes, a tx of a few KiB) may use the part
// of the budget kept back from large ones, so a flood of near-limit bodies cannot lock out
// ordinary clients.
export const SMALL_REQUEST_BYTES = 64 * 1024;
// The share of the server budget only small requests may use: an eighth of 64 MiB is 8 MiB,
// 128 small requests at once even while large ones hold the rest.
const SMALL_RESERVE_FRACTION = 1 / 8;

/** The server-wide budget. */
export class InFlightBytes {
  private usedBytes = 0;
  private readonly largeLimit: number;

  constructor(readonly max: number) {
    this.largeLimit = Math.floor(max * (1 - SMALL_RESERVE_FRACTION));
  }

  get used(): number {
    return this.usedBytes;
  }

  /**
   * Takes `n` more bytes for a request that will then total `requestTotal` bytes, or refuses.
   * Large requests stop at 7/8 of the budget; small ones may use all of it.
   */
  tryTake(n: number, requestTotal: number): boolean {
    const limit = requestTotal <= SMALL_REQUEST_BYTES ? this.max : this.largeLimit;
    if (this.usedBytes + n > limit) return false;
    this.usedBytes += n;
    return true;
  }

  give(n: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - n);
  }
}

export type TakeRefusal = "server" | "connection";

/** One connection's share; closing it gives back whatever it still holds. */
export class ConnectionBytes {
  private heldBytes = 0;
  private closed = false;

  constructor(
    private readonly server: InFlightBytes,
    /** Never below one maximum-size request: a single request must always be able to fit. */
    readonly max: number,
  ) {}

  get held(): number {
    return this.heldBytes;
  }

  /** True once this connection holds its whole share (WebSocket intake stops reading then). */
  get full(): boolean {
    return this.heldBytes >= this.max;
  }

  /**
   * Takes `n` bytes towards a request totalling `requestTotal`. `checkConnection`: also refuse
   * when this connection would pass its own cap (HTTP; WebSocket applies back-pressure instead).
   */
  take(n: number, requestTotal: number, checkConnection: boolean): TakeRefusal | null {
    if (this.closed) return "connection";
    if (checkConnection && this.heldBytes > 0 && this.heldBytes + n > this.max) return "connection";
    if (!this.server.tryTake(n, requestTotal)) return "server";
    this.heldBytes += n;
    return null;
  }

  give(n: number): void {
    if (this.closed) return;
    const back = Math.min(n, this.heldBytes);
    this.heldBytes -= back;
    this.server.give(back);
  }

  /** Gives everything back; later give() calls are no-ops. */
  close(): void {
    if (this.closed) return;
    this.server.give(this.heldBytes);
    this.heldBytes = 0;
    this.closed = true;
  }
}

/**
 * Returns a request buffer's memory to the allocator now instead of at the next major GC
 * (after a flood the node may sit idle, and idle V8 does not collect: 55 MiB of refused bodies
 * stayed resident until a GC). Acts only on a buffer that spans its whole ArrayBuffer, so never
 * on a pooled Buffer or a view into a larger read. The caller must own `buf` alone: nothing,
 * including a parser, may read it afterwards (its length becomes 0).
 */
export function releaseBuffer(buf: Uint8Array): void {
  const ab = buf.buffer;
  // transfer() is Node 22+ (engines); under an older Node the GC frees the buffer as before.
  if (!(ab instanceof ArrayBuffer) || typeof ab.transfer !== "function" || ab.detached) return;
  if (buf.byteOffset === 0 && ab.byteLength === buf.byteLength && ab.byteLength > 0) ab.transfer(0);
}
