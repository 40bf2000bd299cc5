// Every node serves the web app on its RPC port (docs/APP.md 1): what a browser relies on to
// load it (types, caching, compression) and what keeps it safe (the CSP), with RPC unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { cleanup, devChain, REPO, spawnCli, tempDir } from "./harness.js";
import { buildApp, type AppBuildResult } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";

let app: AppBuildResult;
let node: ParleyNode;
const PEER = "http://127.0.0.1:18999";

beforeAll(async () => {
  app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  const chain = devChain();
  node = await ParleyNode.start({ dataDir: join(chain.dir, "node"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", app: { dir: app.outDir, peers: [PEER + "/"] } });
});

afterAll(async () => {
  await node?.stop();
  await cleanup();
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(node.rpcUrl + path, { headers });
}

describe("the web app on a node's RPC port", () => {
  it("GET / is the app's page with a strict Content-Security-Policy", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain(`src="${app.js}"`);
    expect(html).toContain(`href="${app.css}"`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    // Connections: this node and exactly the peers the operator named (HTTP and WebSocket).
    const connect = csp.split("; ").find((d) => d.startsWith("connect-src "))!;
    expect(connect.split(" ").slice(1).sort()).toEqual(["'self'", PEER, PEER.replace("http", "ws"), `ws://${new URL(node.rpcUrl).host}`, `wss://${new URL(node.rpcUrl).host}`].sort());
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  it("the page revalidates by ETag; hashed assets are cached for good", async () => {
    const first = await get("/");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get("/", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const js = await get(app.js);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = await get(app.css);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("compresses with brotli or gzip as the browser accepts, to the same bytes", async () => {
    const plain = Buffer.from(await (await fetch(node.rpcUrl + app.js, { headers: { "accept-encoding": "identity" } })).arrayBuffer());
    expect(plain.length).toBe(app.sizes[app.js]);
    // fetch() decompresses by itself: read the bytes as sent with node:http.
    for (const [encoding, inflate] of [["br", brotliDecompressSync], ["gzip", gunzipSync]] as const) {
      const res = await rawGet(app.js, encoding);
      expect(res.encoding).toBe(encoding);
      expect(res.body.length).toBeLessThan(plain.length);
      expect(Buffer.compare(inflate(res.body), plain)).toBe(0);
      // The build compressed it (the node's start compresses nothing).
      expect(Buffer.compare(res.body, readFileSync(join(app.outDir, app.js) + (encoding === "br" ? ".br" : ".gz")))).toBe(0);
    }
    // Not precompressed (a source map): compressed on first request, to the same bytes.
    const map = await rawGet(app.js + ".map", "gzip");
    expect(map.encoding).toBe("gzip");
    expect(Buffer.compare(gunzipSync(map.body), readFileSync(join(app.outDir, app.js) + ".map"))).toBe(0);
    // The compressed siblings are bodies, not paths.
    expect((await get(app.js + ".br")).status).toBe(404);
  });

  it("HEAD answers headers only; other paths and JSON-RPC are unchanged", async () => {
    const head = await fetch(node.rpcUrl + "/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await get("/nope")).status).toBe(404);
    expect((await get("/health")).status).toBe(200);
    const rpc = await fetch(node.rpcUrl + "/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "chain_getHead" }) });
    expect(((await rpc.json()) as { result: { height: number } }).result.height).toBeGreaterThanOrEqual(0);
    const config = (await (await get("/app-config.json")).json()) as { peers: string[] };
    expect(config.peers).toEqual([PEER]);
  });

  it("a node whose app is not built says how to build it", async () => {
    const empty = join(tempDir(), "app");
    mkdirSync(empty);
    const chain = devChain();
    const bare = await ParleyNode.start({ dataDir: join(chain.dir, "n"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", app: { dir: empty } });
    try {
      const res = await fetch(bare.rpcUrl + "/");
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("npm run build");
    } finally {
      await bare.stop();
    }
  });
});

describe("parley node and the app flag", () => {
  it("prints the app's URL and serves it; --no-app serves RPC only", async () => {
    const chain = devChain();
    const on = await spawnCli(["node", "--data-dir", join(chain.dir, "a"), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "warn"], /app: (http:\/\/\S+)/);
    const appUrl = on.rpc; // the ready pattern captured the app line
    expect(appUrl).toBe(/rpc: (\S+)/.exec(on.stdout.join(""))![1]! + "/");
    expect((await fetch(appUrl)).headers.get("content-type")).toBe("text/html; charset=utf-8");
    const other = devChain();
    const off = await spawnCli(["node", "--data-dir", join(other.dir, "b"), "--genesis", other.genesisPath, "--key", other.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "warn", "--no-app"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(off.stdout.join("")).not.toContain("app:");
    expect((await fetch(off.rpc + "/")).status).toBe(405);
  });

  it("refuses an --app-peers entry that is not an http(s) URL, naming it", async () => {
    const chain = devChain();
    await expect(spawnCli(["node", "--data-dir", join(chain.dir, "c"), "--genesis", chain.genesisPath, "--rpc-port", "0", "--log-level", "warn", "--app-peers", "ftp://x"], /rpc: (http:\/\/\S+)/, 15_000))
      .rejects.toThrow(/--app-peers: "ftp:\/\/x" is not http\(s\)/);
  });
});

/** GET with one Accept-Encoding, body as sent (not decompressed). */
async function rawGet(path: string, encoding: string): Promise<{ encoding: string | null; body: Buffer }> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(node.rpcUrl + path, { headers: { "accept-encoding": encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ encoding: (res.headers["content-encoding"] as string | undefined) ?? null, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}
