// A node that lies to apps: an HTTP + WebSocket proxy in front of an honest node that relays
// everything and, per `mode`, forges one thing in what it relays: a balance (in account_get and
// in its state proof), a dropped message or channel post (left out of pages, proofs and live notifications), or
// a certificate (headers with too few precommits). Apps verifying for themselves must catch
// each lie (docs/APP.md 6). It also serves the app and tells it about `witnesses` (as a node's
// --app-peers would), so the app has someone to cross-check with.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { decodeIndexResponse, encodeIndexResponse } from "../../src/network/light-protocol.js";
import { decodeTx } from "../../src/chain/tx/codec.js";
import { sha256 } from "../../src/crypto/native.js";
import { fromHex, toHex } from "../../src/util/bytes.js";
import { decodeCertificate, encodeCertificate } from "../../src/consensus/certificate.js";
import { decodeHeadersResponse, encodeHeadersResponse } from "../../src/network/light-protocol.js";
import { forgeBalance } from "./light-liar.js";

export type AppLie = "none" | "balance" | "drop" | "certificate";

export interface LyingNode {
  url: string;
  mode: AppLie;
  /** The tx id (0x-hex) to leave out in "drop" mode. */
  dropId: string | null;
  stop(): Promise<void>;
}

interface RpcCall {
  id?: unknown;
  method?: string;
  params?: unknown;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function hexOf(b: Uint8Array): string {
  return "0x" + toHex(b);
}

/** Headers whose certificates carry one altered signature: a forgery whatever the validator count. */
function forgeCertificates(bytes: Uint8Array): Uint8Array {
  const entries = decodeHeadersResponse(bytes);
  if (!entries) return bytes;
  return encodeHeadersResponse(entries.map((e) => {
    const c = decodeCertificate(e.commit);
    if (!c.ok || c.value.precommits.length === 0) return e;
    const [first, ...rest] = c.value.precommits;
    const signature = first!.signature.slice();
    signature[0] = signature[0]! ^ 0x01;
    return { ...e, commit: encodeCertificate({ ...c.value, precommits: [{ ...first!, signature }, ...rest] }) };
  }));
}

/** An index page without the entry whose tx id is `dropId`. */
function dropFromIndex(bytes: Uint8Array, dropId: string): Uint8Array {
  const r = decodeIndexResponse(bytes);
  if (!r || r.status !== "ok") return bytes;
  const keep = r.entries.filter((e) => {
    const d = decodeTx(e.tx, Number.MAX_SAFE_INTEGER);
    return !d.ok || hexOf(sha256(d.value.payload)) !== dropId;
  });
  return encodeIndexResponse({ ...r, entries: keep });
}

export async function startLyingNode(upstream: string, witnesses: string[] = []): Promise<LyingNode> {
  const up = new URL(upstream);
  const liar: LyingNode = { url: "", mode: "none", dropId: null, stop: async () => undefined };

  const forgeResult = (call: RpcCall, result: unknown): unknown => {
    const params = Array.isArray(call.params) ? call.params : [];
    if (liar.mode === "balance" && call.method === "account_get" && result && typeof result === "object") {
      const r = result as { balance: string };
      return { ...r, balance: (BigInt(r.balance) + 1_000_000n).toString() };
    }
    if (liar.mode === "drop" && liar.dropId && (call.method === "msg_inbox" || call.method === "msg_sent" || call.method === "channel_messages") && result && typeof result === "object") {
      const r = result as { messages: Array<{ id: string }> };
      return { ...r, messages: r.messages.filter((m) => m.id !== liar.dropId) };
    }
    if (call.method === "proof_request" && result && typeof result === "object") {
      const bytes = fromHex((result as { response: string }).response)!;
      const kind = params[0];
      if (liar.mode === "balance" && kind === "account") return { response: hexOf(forgeBalance(bytes)) };
      if (liar.mode === "certificate" && kind === "headers") return { response: hexOf(forgeCertificates(bytes)) };
      if (liar.mode === "drop" && liar.dropId && kind === "index") return { response: hexOf(dropFromIndex(bytes, liar.dropId)) };
    }
    return result;
  };

  const rpc = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const upRes = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await upRes.text();
    let calls: RpcCall[];
    let answers: Array<{ id?: unknown; result?: unknown }>;
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      calls = (Array.isArray(parsed) ? parsed : [parsed]) as RpcCall[];
      const ans: unknown = JSON.parse(text);
      answers = (Array.isArray(ans) ? ans : [ans]) as Array<{ id?: unknown; result?: unknown }>;
    } catch {
      res.writeHead(upRes.status, { "content-type": "application/json" }).end(text);
      return;
    }
    const byId = new Map(calls.map((c) => [c.id, c]));
    const forged = answers.map((a) => {
      const call = byId.get(a.id);
      return call && "result" in a ? { ...a, result: forgeResult(call, a.result) } : a;
    });
    const out = JSON.stringify(text.trimStart().startsWith("[") ? forged : forged[0]);
    res.writeHead(upRes.status, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(out);
  };

  const relayGet = (req: IncomingMessage, res: ServerResponse): void => {
    if ((req.url ?? "").split("?")[0] === "/app-config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" }).end(JSON.stringify({ peers: witnesses }));
      return;
    }
    const fwd = httpRequest({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: { ...req.headers, host: up.host } }, (upRes) => {
      const headers = { ...upRes.headers };
      const csp = headers["content-security-policy"];
      // As a node started with --app-peers <witnesses> would say.
      if (typeof csp === "string" && witnesses.length > 0) {
        const extra = witnesses.map((w) => `${new URL(w).origin} ${new URL(w).origin.replace(/^http/, "ws")}`).join(" ");
        headers["content-security-policy"] = csp.replace("connect-src ", `connect-src ${extra} `).replace(`ws://${up.host}`, `ws://${req.headers.host}`);
        delete headers["etag"];
      }
      res.writeHead(upRes.statusCode ?? 502, headers);
      upRes.pipe(res);
    });
    fwd.on("error", () => res.writeHead(502).end());
    req.pipe(fwd);
  };

  const server: Server = createServer((req, res) => {
    if (req.method === "POST") rpc(req, res).catch(() => res.writeHead(502).end());
    else relayGet(req, res);
  });

  // WebSocket: relay both ways; in "drop" mode leave out the notification of the dropped tx.
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstreamWs = new WebSocket(upstream.replace(/^http/, "ws"));
      sockets.add(client);
      sockets.add(upstreamWs);
      const pending: string[] = [];
      upstreamWs.on("open", () => pending.splice(0).forEach((m) => upstreamWs.send(m)));
      client.on("message", (d) => (upstreamWs.readyState === WebSocket.OPEN ? upstreamWs.send(d.toString()) : pending.push(d.toString())));
      upstreamWs.on("message", (d) => {
        const text = d.toString();
        if (liar.mode === "drop" && liar.dropId && text.includes(liar.dropId)) return;
        client.send(text);
      });
      const close = (): void => {
        client.close();
        upstreamWs.close();
      };
      client.on("close", close);
      upstreamWs.on("close", close);
      client.on("error", close);
      upstreamWs.on("error", close);
    });
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.address();
  liar.url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  liar.stop = () => new Promise((r) => {
    for (const s of sockets) s.terminate();
    wss.close();
    server.closeAllConnections();
    server.close(() => r());
  });
  return liar;
}
