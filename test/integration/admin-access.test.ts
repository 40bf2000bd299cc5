// `parley node --enable-admin` and who may use it: a web page open on the operator's machine
// must not be able to call admin_setNetwork(false) on 127.0.0.1, over HTTP or WebSocket, unless
// the operator listed its origin; with --admin-token-file every admin call needs the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { WebSocket } from "ws";
import { cleanup, devChain, runCli, spawnCli, type DevChain, type NodeProcess } from "./harness.js";

const OPS = "https://ops.example:8443";
const TOKEN = "a-long-enough-admin-token-1234";

let chain: DevChain;
let node: NodeProcess;
let tokenFile: string;

function nodeArgs(dir: string, extra: string[]): string[] {
  return ["node", "--data-dir", join(chain.dir, dir), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "error", ...extra];
}

beforeAll(async () => {
  chain = devChain({ validators: 1, funded: 1 });
  tokenFile = join(chain.dir, "admin.token");
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  node = await spawnCli(nodeArgs("n", ["--enable-admin", "--admin-origins", OPS, "--admin-token-file", tokenFile]));
});

afterAll(cleanup);

async function admin(headers: Record<string, string>): Promise<{ result?: unknown; error?: { code: number; data?: { reason?: string } } }> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "admin_networkStatus", params: [] });
  const res = await fetch(node.rpc, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return (await res.json()) as never;
}

describe("admin access on parley node", () => {
  it("refuses a page from another origin, even with the token, over HTTP and WebSocket", async () => {
    expect(await admin({ origin: "https://evil.example", authorization: `Bearer ${TOKEN}` })).toMatchObject({ error: { code: -32006, data: { reason: "ADMIN_ORIGIN_REFUSED" } } });
    const ws = new WebSocket(node.rpc.replace("http", "ws"), { origin: "https://evil.example", headers: { authorization: `Bearer ${TOKEN}` } });
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    const answer = new Promise<unknown>((resolve) => ws.once("message", (d: Buffer) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "admin_setNetwork", params: [false] }));
    expect(await answer).toMatchObject({ error: { code: -32006, data: { reason: "ADMIN_ORIGIN_REFUSED" } } });
    ws.terminate();
  });

  it("needs the token from the listed origin and from non-browser clients alike", async () => {
    expect(await admin({})).toMatchObject({ error: { code: -32006, data: { reason: "ADMIN_TOKEN_REQUIRED" } } });
    expect(await admin({ origin: OPS })).toMatchObject({ error: { code: -32006, data: { reason: "ADMIN_TOKEN_REQUIRED" } } });
    // A standalone node has no network: the call got past the gate to the method itself.
    expect(await admin({ authorization: `Bearer ${TOKEN}` })).toMatchObject({ error: { code: -32004, data: { reason: "NO_NETWORK" } } });
    expect(await admin({ origin: OPS, authorization: `Bearer ${TOKEN}` })).toMatchObject({ error: { code: -32004, data: { reason: "NO_NETWORK" } } });
  });

  it("refuses admin flags without --enable-admin, a malformed origin and a short token, with a clear error", async () => {
    const short = join(chain.dir, "short.token");
    writeFileSync(short, "tooshort\n");
    const cases: Array<[string[], RegExp]> = [
      [["--admin-origins", OPS], /add --enable-admin/],
      [["--enable-admin", "--admin-origins", "https://ops.example/"], /not an origin.*https:\/\/ops\.example/],
      [["--enable-admin", "--admin-token-file", short], /at least 16 characters/],
      [["--enable-admin", "--admin-token-file", join(chain.dir, "missing")], /no such file/],
    ];
    for (const [extra, message] of cases) {
      const r = await runCli(nodeArgs("bad", extra), 20_000);
      expect(r.code, extra.join(" ")).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(message);
    }
  });
});
