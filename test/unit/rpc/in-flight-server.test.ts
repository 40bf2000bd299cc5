// The bytes a server holds for requests, over HTTP and WebSocket: refused past the server-wide
// budget, bounded per connection, timed out when they trickle, and given back every time.
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RpcServerOptions } from "../../../src/rpc/server.js";
import { frameHeader, maskedTextFrame, rawWebSocket, type RawWs } from "../../integration/hostile-client.js";
import { post, startServer, TestClient, until, type Running } from "./helpers.js";

const KiB = 1024;
const MiB = 1024 * KiB;
// 1 MiB bodies; 4 MiB server budget (large requests stop at 3.5 MiB); 2 MiB per connection.
const LIMITS: RpcServerOptions = { maxBodyBytes: MiB, maxInFlightBytes: 4 * MiB, maxConnectionInFlightBytes: 2 * MiB };

let rig: Running | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await rig?.server.stop();
  rig = null;
});

async function start(opts: RpcServerOptions = {}): Promise<Running> {
  rig = await startServer({ ...LIMITS, ...opts });
  return rig;
}

function port(r: Running): number {
  return Number(new URL(r.url).port);
}

/** Announces a body of `length` bytes and sends `sent` of them; collects what comes back. */
function partialPost(r: Running, length: number, sent: number): { sock: Socket; text: () => string } {
  const sock = connect(port(r), "127.0.0.1");
  sockets.push(sock);
  let got = "";
  sock.on("data", (d: Buffer) => (got += d.toString()));
  sock.on("error", () => undefined);
  sock.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
  sock.write(Buffer.alloc(sent, 0x20));
  return { sock, text: () => got };
}

function ws(r: Running): RawWs {
  const raw = rawWebSocket(port(r));
  sockets.push(raw.sock);
  return raw;
}

/** Three bodies of 1 MiB being read (3 of the 4 MiB budget), and a fourth refused 503 from its headers. */
async function refusedBehindHeldBodies(r: Running): Promise<{ held: ReturnType<typeof partialPost>[]; refused: ReturnType<typeof partialPost> }> {
  const held = [0, 1, 2].map(() => partialPost(r, MiB, 10 * KiB));
  await until(() => r.server.inFlightBytes === 3 * MiB);
  const refused = partialPost(r, MiB, 0);
  await until(() => refused.text().includes("\r\n\r\n"));
  expect(refused.text()).toMatch(/^HTTP\/1.1 503/);
  return { held, refused };
}

/** Three clients announcing a frame of almost 1 MiB and sending 10 KiB of it: 3 of the 4 MiB budget held. */
async function holdWithFrames(r: Running): Promise<RawWs[]> {
  const held = [0, 1, 2].map(() => {
    const c = ws(r);
    c.sock.write(Buffer.concat([frameHeader(1, true, MiB - 100), Buffer.alloc(10 * KiB, 0x20)]));
    return c;
  });
  await until(() => r.server.inFlightBytes === 3 * (MiB - 100));
  return held;
}

/** A request of about `bytes` bytes (padded with an extra member the server ignores). */
function padded(method: string, params: unknown[], bytes: number, id = 1): string {
  const bare = JSON.stringify({ jsonrpc: "2.0", id, method, params, pad: "" });
  return JSON.stringify({ jsonrpc: "2.0", id, method, params, pad: "x".repeat(Math.max(0, bytes - bare.length)) });
}

describe("in-flight bytes over HTTP", () => {
  it("refuses a body the server budget cannot hold with 503 BUSY from its headers; a small call still passes", async () => {
    const r = await start();
    const { held, refused } = await refusedBehindHeldBodies(r);
    expect(refused.text()).toMatch(/Retry-After: 1/i);
    expect(refused.text()).toContain('"code":-32003');
    expect(refused.text()).toContain('"reason":"BUSY","limit":"serverInFlightBytes"');
    expect((await post(r.url, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo_add", params: [1, 2] }))).json()).toMatchObject({ result: 3 });
    for (const h of held) expect(h.text()).toBe(""); // still being read, not refused
    for (const h of held) h.sock.destroy();
    await until(() => r.server.inFlightBytes === 0);
  });

  it("a client refused 503 BUSY while still uploading is not reset: its body is read and thrown away, uncharged, and the connection serves its next call", async () => {
    const r = await start();
    const { held, refused } = await refusedBehindHeldBodies(r);
    // The rest of the upload, then a call on the same connection: a reset connection (the
    // server used to close it under the upload) loses the 503 and answers nothing more.
    refused.sock.write(Buffer.alloc(MiB, 0x20));
    refused.sock.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 59\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"echo_add","params":[3,4]}`);
    await until(() => refused.text().includes('"result":7'), 5000);
    expect(refused.text()).toContain('"result":7');
    expect(r.server.inFlightBytes).toBe(3 * MiB); // the thrown-away body was never charged
    for (const h of held) h.sock.destroy();
    await until(() => r.server.inFlightBytes === 0);
  });

  it("charges a body without Content-Length as it arrives and refuses it once the budget is spent", async () => {
    const r = await start();
    [0, 1, 2].forEach(() => partialPost(r, MiB, 0));
    await until(() => r.server.inFlightBytes === 3 * MiB);
    const chunk = new TextEncoder().encode(" ".repeat(64 * KiB));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 15) return controller.close(); // under 1 MiB: only the budget can refuse it
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(r.url, { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: -32003, data: { reason: "BUSY" } } });
  });

  it("gives a body's bytes back once it is answered", async () => {
    const r = await start();
    for (let i = 0; i < 10; i++) {
      const res = await post(r.url, padded("echo_add", [i, 1], 900 * KiB));
      expect(res.json()).toMatchObject({ result: i + 1 });
    }
    await until(() => r.server.inFlightBytes === 0);
  });

  it("refuses a pipelined body past the connection's share with 429 while the earlier ones run", async () => {
    const r = await start();
    const sock = connect(port(r), "127.0.0.1");
    sockets.push(sock);
    let got = "";
    sock.on("data", (d: Buffer) => (got += d.toString()));
    const slow = (id: number): string => padded("echo_slow", [400], 900 * KiB, id);
    const third = padded("echo_add", [1, 1], 900 * KiB, 3);
    const request = (body: string): string => `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    sock.write(request(slow(1)) + request(slow(2)) + request(third));
    await until(() => (got.match(/HTTP\/1.1/g) ?? []).length === 3, 5000);
    // Answers come in request order: the two slow calls' results, then the refusal of the third
    // (1.8 MiB held, 0.9 more would pass the 2 MiB share).
    const statuses = [...got.matchAll(/HTTP\/1.1 (\d+)/g)].map((m) => m[1]);
    expect(statuses).toEqual(["200", "200", "429"]);
    expect(got).toContain('"limit":"connectionInFlightBytes"');
  });

  it("answers 408 to a client that trickles its headers or its body past the timeouts", async () => {
    const r = await start({ headersTimeoutMs: 300, bodyTimeoutMs: 300 });
    const headers = connect(port(r), "127.0.0.1");
    sockets.push(headers);
    let headersGot = "";
    headers.on("data", (d: Buffer) => (headersGot += d.toString()));
    headers.write("POST / HTTP/1.1\r\nHost: x\r\n");
    const body = partialPost(r, MiB, 100);
    await until(() => r.server.inFlightBytes === MiB);
    await until(() => headersGot.startsWith("HTTP/1.1 408") && body.text().startsWith("HTTP/1.1 408"), 4000);
    await until(() => r.server.inFlightBytes === 0);
  });
});

describe("in-flight bytes over WebSocket", () => {
  it("closes with 1013 a client announcing a frame the budget cannot hold, before its payload arrives", async () => {
    const r = await start();
    const held = await holdWithFrames(r);
    const refused = ws(r);
    refused.sock.write(frameHeader(1, true, MiB - 100));
    await until(() => refused.closeCode() !== null);
    expect(refused.closeCode()).toBe(1013);
    expect(refused.received().includes("BUSY")).toBe(true);
    // An ordinary client still gets in and is answered.
    const normal = await TestClient.open(r.wsUrl);
    expect(await normal.call("echo_add", [2, 2])).toMatchObject({ result: 4 });
    normal.close();
    for (const h of held) expect(h.closeCode()).toBeNull();
    for (const h of held) h.sock.destroy();
    await until(() => r.server.inFlightBytes === 0);
  });

  it("a refused client that is slow to read, still writing its frame, gets its 1013 before the connection is cut", async () => {
    const r = await start();
    const held = await holdWithFrames(r);
    const refused = ws(r);
    await until(() => refused.received().includes("\r\n\r\n"));
    // A loaded client: it writes the whole frame and reads nothing for 2.5 s.
    refused.sock.pause();
    refused.sock.write(frameHeader(1, true, MiB - 100));
    refused.sock.write(Buffer.alloc(MiB - 100, 0x20));
    await new Promise((res) => setTimeout(res, 2500));
    refused.sock.resume();
    await until(() => refused.closeCode() !== null, 3000);
    expect(refused.closeCode()).toBe(1013);
    for (const h of held) h.sock.destroy();
    await until(() => r.server.inFlightBytes === 0);
  });

  it("stops reading a client whose share is spent and still answers every message it sent", async () => {
    const r = await start();
    const c = ws(r);
    const frame = maskedTextFrame(padded("echo_slow", [20], 900 * KiB));
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, r.server.inFlightBytes)), 2);
    for (let i = 0; i < 20; i++) c.sock.write(frame);
    await until(() => (c.received().toString().match(/"result":20/g) ?? []).length === 20, 10_000);
    clearInterval(watch);
    expect(peak).toBeGreaterThan(MiB);
    expect(peak).toBeLessThanOrEqual(2 * MiB + MiB); // its share plus the message being read
    expect(c.closeCode()).toBeNull();
    await until(() => r.server.inFlightBytes === 0);
  });

  it("reads a message as large as the connection's whole share (nothing else to wait for)", async () => {
    const r = await start({ maxConnectionInFlightBytes: MiB });
    const c = ws(r);
    const text = padded("echo_add", [1, 2], MiB);
    expect(Buffer.byteLength(text)).toBe(MiB);
    for (let i = 0; i < 3; i++) c.sock.write(maskedTextFrame(text));
    await until(() => (c.received().toString().match(/"result":3/g) ?? []).length === 3, 5000);
  });

  it("closes with 1008 BODY_TIMEOUT a client whose message does not arrive in time, and frees its bytes", async () => {
    const r = await start({ bodyTimeoutMs: 300 });
    const c = ws(r);
    c.sock.write(Buffer.concat([frameHeader(1, true, 100 * KiB), Buffer.alloc(10, 0x20)]));
    await until(() => r.server.inFlightBytes === 100 * KiB);
    await until(() => c.closeCode() !== null, 3000);
    expect(c.closeCode()).toBe(1008);
    expect(c.received().includes("BODY_TIMEOUT")).toBe(true);
    await until(() => r.server.inFlightBytes === 0);
  });

  it("keeps closing a message over maxBodyBytes with 1009, without charging it", async () => {
    const r = await start();
    const c = ws(r);
    c.sock.write(Buffer.concat([frameHeader(1, true, 2 * MiB), Buffer.alloc(10, 0x20)]));
    await until(() => c.closeCode() !== null);
    expect(c.closeCode()).toBe(1009);
    expect(r.server.inFlightBytes).toBe(0);
  });
});
