// Tools for the hostile-client tests: the seeded PRNG, the node's resident memory, raw WebSocket
// frames (what a misbehaving client writes, not what `ws` would send), and a normal client that
// keeps calling the node while the hostile load runs and records how long it waited.
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { Rng } from "../../chaos/rng.js";

// The chaos harness's seeded PRNG: the same hostile cases for the same seed.
export { Rng };

/** Resident memory of a process, in MiB (Linux /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Samples a process's RSS every 100 ms and keeps the peak since the last reset. */
export class RssWatch {
  private timer: NodeJS.Timeout;
  peakMb = 0;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample(): number {
    const now = rssMb(this.pid);
    this.peakMb = Math.max(this.peakMb, now);
    return now;
  }
  reset(): number {
    this.peakMb = 0;
    return this.sample();
  }
  stop(): void {
    clearInterval(this.timer);
  }
  /** Resolves with the RSS once it is at or under `mb`, or with the last reading after `ms`. */
  async settlesUnder(mb: number, ms: number): Promise<number> {
    const deadline = Date.now() + ms;
    let now = this.sample();
    while (now > mb && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      now = this.sample();
    }
    return now;
  }
}

/** A client-to-server frame header; the mask key is zero, so the payload goes as it is. */
export function frameHeader(opcode: number, fin: boolean, length: number, masked = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  const mask = masked ? 0x80 : 0;
  const key = masked ? Buffer.alloc(4) : Buffer.alloc(0);
  if (length < 126) return Buffer.concat([Buffer.from([first, mask | length]), key]);
  if (length < 65536) return Buffer.concat([Buffer.from([first, mask | 126, length >> 8, length & 0xff]), key]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(length));
  return Buffer.concat([Buffer.from([first, mask | 127]), len, key]);
}

/** One client-to-server text frame. */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([frameHeader(0x1, true, payload.length), payload]);
}

const UPGRADE = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

export interface RawWs {
  sock: Socket;
  /** Everything the server sent, handshake included. */
  received(): Buffer;
  /** The close code of the first close frame the server sent, if any. */
  closeCode(): number | null;
  closed: Promise<void>;
}

/** A WebSocket client that writes whatever it is given: the handshake is sent, not awaited. */
export function rawWebSocket(port: number): RawWs {
  const sock = connect(port, "127.0.0.1");
  const got: Buffer[] = [];
  sock.on("data", (d: Buffer) => got.push(d));
  sock.on("error", () => undefined);
  const closed = new Promise<void>((r) => sock.once("close", () => r()));
  sock.write(UPGRADE);
  const received = (): Buffer => Buffer.concat(got);
  const closeCode = (): number | null => {
    const all = received();
    const body = all.indexOf("\r\n\r\n");
    if (body < 0) return null;
    // Server frames are unmasked; walk them to find a close frame (opcode 8).
    for (let i = body + 4; i + 2 <= all.length; ) {
      const opcode = all[i]! & 0x0f;
      let len = all[i + 1]! & 0x7f;
      let at = i + 2;
      if (len === 126) (len = all.readUInt16BE(at)), (at += 2);
      else if (len === 127) (len = Number(all.readBigUInt64BE(at))), (at += 8);
      if (opcode === 8) return at + 2 <= all.length ? all.readUInt16BE(at) : null;
      i = at + len;
    }
    return null;
  };
  return { sock, received, closeCode, closed };
}

export interface ServiceStats {
  calls: number;
  failures: string[];
  maxLatencyMs: number;
}

/**
 * A normal client: calls chain_getHead over HTTP one after another (a pause between calls)
 * until stopped, and records failures and the longest wait for an answer.
 */
export class NormalClient {
  private running = true;
  private readonly done: Promise<void>;
  readonly stats: ServiceStats = { calls: 0, failures: [], maxLatencyMs: 0 };

  constructor(url: string, pauseMs = 50, timeoutMs = 10_000) {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "chain_getHead", params: [] });
    this.done = (async () => {
      while (this.running) {
        const started = Date.now();
        try {
          const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
          const answer = (await res.json()) as { result?: { height?: unknown } };
          if (res.status !== 200 || typeof answer.result?.height !== "number") this.stats.failures.push(`HTTP ${res.status}: ${JSON.stringify(answer).slice(0, 200)}`);
        } catch (error) {
          this.stats.failures.push(String(error));
        }
        this.stats.calls++;
        this.stats.maxLatencyMs = Math.max(this.stats.maxLatencyMs, Date.now() - started);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  }

  /**
   * Resolves once `n` calls are done (answered or failed) or `ms` pass: a flood that is over
   * quickly must still see the client call through it, however slowly a loaded machine runs it.
   */
  async reached(n: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.stats.calls < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  async stop(): Promise<ServiceStats> {
    this.running = false;
    await this.done;
    return this.stats;
  }
}
