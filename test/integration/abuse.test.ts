// Resource limits under abuse, against one node process (so its memory is measured alone):
// a flood of valid txs from one account, oversized bodies, deeply nested JSON, thousands of
// WebSocket subscriptions, a thousand connections, and a client that stops reading. Through
// all of it the node keeps serving everyone else, and its resident memory stays within a cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:net";
import { WebSocket } from "ws";
import { cleanup, devChain, spawnCli, waitFor, type DevChain, type NodeProcess } from "./harness.js";
import { maskedTextFrame, rssMb as rssOf } from "./hostile-client.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { newIdentity } from "../../src/client/keys.js";
import { buildTx, feeFor } from "../../src/client/tx-builder.js";
import { toHex } from "../../src/util/bytes.js";

// The node idles near 150 MiB; the abuse below may add buffers, but never hundreds of MiB.
const RSS_CAP_MB = 600;
// Blocks of at most 50 txs every 100 ms: a flood outruns the chain and has to be held back.
const MAX_BLOCK_TXS = 50;

let chain: DevChain;
let node: NodeProcess;
let client: ParleyClient;
let wsUrl: string;
let maxRssMb = 0;
let rssTimer: NodeJS.Timeout;

function rssMb(): number {
  return rssOf(node.proc.pid!);
}

function openWs(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

/** A WebSocket client that collects answers by id and notifications. */
async function wsClient() {
  const ws = await openWs();
  const answers = new Map<number, { result?: unknown; error?: { code: number; data?: { reason?: string } } }>();
  const notes: unknown[] = [];
  ws.on("message", (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { id?: number; method?: string };
    if (typeof m.id === "number") answers.set(m.id, m as never);
    else notes.push(m);
  });
  let next = 1;
  const call = async (method: string, params: unknown[] = []) => {
    const id = next++;
    ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    await waitFor(`answer ${id}`, async () => answers.has(id), 10_000, 10);
    return answers.get(id)!;
  };
  return { ws, call, notes };
}

/**
 * True once the node has closed its end of the connection to our local `port` (Linux /proc):
 * its socket left ESTABLISHED (FIN_WAIT1 while the kernel still holds unsent bytes for a client
 * that does not read, then gone). Our own end cannot tell: a paused reader never sees the FIN.
 */
function serverClosed(port: number, serverPort: number): boolean {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  const rows = readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1).map((l) => l.trim().split(/\s+/));
  const theirs = rows.find((r) => r[1]?.endsWith(`:${hex(serverPort)}`) && r[2]?.endsWith(`:${hex(port)}`));
  return theirs === undefined || theirs[3] !== "01";
}

/** Height advances and a fresh tx from an untouched account is final within `ms`. */
async function stillServes(ms = 10_000): Promise<void> {
  const who = chain.funded[2]!;
  const r = await client.submit(who, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { fee: 50_000n, timeoutMs: ms });
  expect(r.status?.status).toBe("final");
}

beforeAll(async () => {
  chain = devChain({ validators: 1, funded: 3, balance: 10n ** 15n, params: { blockTimeMs: 100, maxBlockTxs: MAX_BLOCK_TXS } });
  node = await spawnCli(["node", "--data-dir", join(chain.dir, "n"), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "error"]);
  client = new ParleyClient(node.rpc);
  wsUrl = node.rpc.replace("http", "ws");
  rssTimer = setInterval(() => (maxRssMb = Math.max(maxRssMb, rssMb())), 200);
});

afterAll(async () => {
  clearInterval(rssTimer);
  await cleanup();
});

describe("a node under abuse", () => {
  it("caps a flood of valid txs from one account and still finalizes another account's tx", async () => {
    const info = await client.info();
    const spammer = chain.funded[0]!;
    const to = newIdentity().publicKey;
    // Every tx pays the same fee, comfortably above the minimum whatever its nonce's width.
    const draft = buildTx(spammer, "transfer", { to, amount: 1n, memo: null }, { chainId: info.chainId, nonce: 1 << 20, fee: 0n, expiry: 50_000 });
    const fee = feeFor(draft.bytes.length, BigInt(info.params.feeBase), BigInt(info.params.feePerByte));
    const txs = Array.from({ length: 2_500 }, (_, nonce) => "0x" + toHex(buildTx(spammer, "transfer", { to, amount: 1n, memo: null }, { chainId: info.chainId, nonce, fee, expiry: 50_000 }).bytes));
    const reasons = new Map<string, number>();
    let peakPool = 0;
    for (let i = 0; i < txs.length; i += 500) {
      const res = await client.rpc.call<Array<{ id?: string; error?: { code: number; data?: { reason?: string } } }>>("tx_sendBatch", [txs.slice(i, i + 500)]);
      for (const r of res) {
        const k = r.error ? `${r.error.code}:${r.error.data?.reason}` : "ok";
        reasons.set(k, (reasons.get(k) ?? 0) + 1);
      }
      peakPool = Math.max(peakPool, (await client.info(true) as unknown as { mempool: { txs: number } }).mempool.txs);
    }
    // The per-sender cap (1000) held the spammer back; everything refused was refused as "no room" or a nonce gap behind it.
    expect(reasons.get("-32001:SENDER_LIMIT") ?? 0).toBeGreaterThan(0);
    for (const k of reasons.keys()) expect(["ok", "-32001:SENDER_LIMIT", "-32000:NONCE_GAP"]).toContain(k);
    expect(peakPool).toBeLessThanOrEqual(1_000);
    // Others are served meanwhile: a paying tx from another account lands within a few blocks.
    const started = Date.now();
    await stillServes(10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses an oversized body with 413 BODY_TOO_LARGE and an oversized WebSocket message by closing, then serves on", async () => {
    // Declared too large: refused from the headers, before any of the body is read.
    const { port } = new URL(node.rpc);
    const head = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(port), "127.0.0.1");
      let got = "";
      sock.on("data", (d: Buffer) => (got += d.toString()));
      sock.on("close", () => resolve(got));
      sock.on("error", reject);
      sock.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${6 * 1024 * 1024}\r\n\r\n{"jsonrpc":`);
      setTimeout(() => sock.destroy(), 5_000).unref();
    });
    expect(head).toMatch(/^HTTP\/1.1 413/);
    expect(head).toContain("BODY_TOO_LARGE");
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tx_send", params: ["0x" + "ab".repeat(3 * 1024 * 1024)] });
    const ws = await openWs();
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    ws.send(big);
    expect(await closed).toBe(1009);
    expect((await client.rpc.call<{ height: number }>("chain_getHead")).height).toBeGreaterThan(0);
  });

  it("refuses deeply nested JSON quickly with TOO_DEEP, over HTTP and WebSocket", async () => {
    const depth = 200_000;
    const deep = `{"jsonrpc":"2.0","id":1,"method":"node_info","params":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const started = Date.now();
    const res = await fetch(node.rpc, { method: "POST", body: deep, headers: { "content-type": "application/json" } });
    expect(await res.json()).toMatchObject({ error: { code: -32600, data: { reason: "TOO_DEEP" } } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const c = await wsClient();
    const answered = new Promise<unknown>((r) => c.ws.once("message", (d: Buffer) => r(JSON.parse(d.toString()))));
    c.ws.send("[".repeat(depth) + "]".repeat(depth));
    expect(await answered).toMatchObject({ error: { code: -32600, data: { reason: "TOO_DEEP" } } });
    c.ws.close();
  });

  it("holds thousands of subscriptions, refuses the 101st on one connection, and still delivers heads to everyone", async () => {
    const conns = await Promise.all(Array.from({ length: 30 }, () => wsClient()));
    try {
      await Promise.all(conns.map(async (c, i) => {
        for (let k = 0; k < 100; k++) {
          const a = k % 2 === 0 ? await c.call("subscribe_heads") : await c.call("subscribe_messages", [chain.funded[(i + k) % 3]!.address]);
          expect(a.error).toBeUndefined();
        }
      }));
      const extra = await conns[0]!.call("subscribe_heads");
      expect(extra.error).toMatchObject({ code: -32003, data: { reason: "TOO_MANY_SUBSCRIPTIONS" } });
      // 3000 subscriptions live: a new block reaches every connection's heads subscriptions.
      const before = conns.map((c) => c.notes.length);
      await stillServes(10_000);
      await waitFor("heads on every connection", async () => conns.every((c, i) => c.notes.length >= before[i]! + 50), 10_000);
    } finally {
      for (const c of conns) c.ws.close();
    }
  });

  it("accepts up to 1000 WebSocket connections, refuses the next with 503, and recovers when they close", async () => {
    const socks: WebSocket[] = [];
    try {
      for (let i = 0; i < 1000; i += 100) socks.push(...(await Promise.all(Array.from({ length: 100 }, () => openWs()))));
      const refused = await new Promise<number>((r) => {
        const ws = new WebSocket(wsUrl);
        ws.once("unexpected-response", (_req, res) => r(res.statusCode ?? 0));
        ws.once("open", () => r(101));
        ws.once("error", () => undefined);
      });
      expect(refused).toBe(503);
      expect((await client.rpc.call<{ height: number }>("chain_getHead")).height).toBeGreaterThan(0);
    } finally {
      for (const s of socks) s.terminate();
    }
    await waitFor("a connection is accepted again", async () => {
      const ws = await openWs().catch(() => null);
      ws?.close();
      return ws !== null;
    }, 10_000, 100);
  });

  it("drops a client that stops reading while another keeps getting heads", async () => {
    const observer = await wsClient();
    await observer.call("subscribe_heads");
    // A raw WebSocket client that never reads: handshake, then ~100 MB worth of answers requested
    // (block 2 holds 50 of the flood's txs), and its socket stays paused.
    const full = await client.rpc.call<{ txCount: number }>("chain_getBlock", [2, "none"]);
    expect(full.txCount).toBe(MAX_BLOCK_TXS);
    const { port } = new URL(node.rpc);
    const sock = connect(Number(port), "127.0.0.1");
    sock.pause();
    sock.write("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    // "ids" reads (full reads are rate-limited server-wide, so they would mostly answer a short
    // BUSY error): 300 batches x 100 x ~3.5 KB = ~100 MB of answers, far past the 16 MiB queue.
    const batch = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "chain_getBlock", params: [2, "ids"] })));
    for (let i = 0; i < 300; i++) sock.write(maskedTextFrame(batch));
    const seen = observer.notes.length;
    await stillServes(10_000);
    await waitFor("observer got new heads", async () => observer.notes.length > seen, 5_000);
    // Without reading a byte, wait until the node has closed its end and let go of the client.
    expect(await waitFor("the node closed the slow client", async () => serverClosed(sock.localPort!, Number(port)), 30_000, 100)).toBe(true);
    sock.destroy();
    observer.ws.close();
  });

  it("kept its resident memory within the cap through all of the above", () => {
    maxRssMb = Math.max(maxRssMb, rssMb());
    expect(maxRssMb).toBeGreaterThan(30);
    expect(maxRssMb).toBeLessThan(RSS_CAP_MB);
  });
});
