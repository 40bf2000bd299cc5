// CLI comfort: --json on read commands (one JSON value a script can parse), shell completion,
// and bin/parley.js started by an older Node (the system one here) re-running itself under the
// pinned Node 22, or saying clearly that Node >= 22 is needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanup, devChain, REPO, runCli, spawnDevNode, tempDir, type DevChain, type NodeProcess } from "./harness.js";

let chain: DevChain;
let node: NodeProcess;

beforeAll(async () => {
  chain = devChain({ validators: 1, funded: 1 });
  node = await spawnDevNode(chain, ["--no-app"]);
});

afterAll(async () => {
  await cleanup();
});

async function json(args: string[]): Promise<unknown> {
  const r = await runCli([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(r.stdout);
}

describe("--json on read commands", () => {
  it("wallet balance, wallet history, keys show, validator list, chat read", async () => {
    const me = chain.funded[0]!.address;
    expect(await json(["wallet", "balance", me, "--rpc", node.rpc])).toMatchObject({ address: me, balance: "1000000000", nonce: 0 });
    expect(await json(["wallet", "history", me, "--rpc", node.rpc])).toMatchObject({ txs: [], before: null });
    expect(await json(["keys", "show", "--key", chain.fundedKeys[0]!])).toEqual({ address: me, peerId: expect.stringMatching(/^12D3KooW/) });
    expect(await json(["validator", "list", "--rpc", node.rpc])).toMatchObject({ validators: [{ address: chain.validators[0]!.address, peerId: expect.stringMatching(/^12D3KooW/) }] });
    expect(await json(["chat", "read", "--key", chain.fundedKeys[0]!, "--rpc", node.rpc])).toMatchObject({ messages: [], older: null });
  });

  it("text stays the default", async () => {
    const r = await runCli(["keys", "show", "--key", chain.fundedKeys[0]!]);
    expect(r.stdout).toMatch(new RegExp(`^address: ${chain.funded[0]!.address}\npeer id: 12D3KooW\\w+\n$`));
  });
});

describe("parley completion", () => {
  it("prints a bash/zsh completion script that completes subcommands", async () => {
    const r = await runCli(["completion"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/-F _parley_yargs_completions parley/);
    // What the script asks for at each TAB: the subcommands at that point.
    const words = await runCli(["--get-yargs-completions", "wallet", ""]);
    expect(words.stdout.split("\n")).toEqual(expect.arrayContaining(["balance", "send", "history"]));
  });
});

// The system Node, when it is older than 22 (as on this machine); otherwise there is nothing to test.
const OLD_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => {
  const r = spawnSync(p, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" });
  return r.status === 0 && Number(r.stdout.trim()) < 22;
});

describe.skipIf(OLD_NODE === undefined)("bin/parley.js under an older Node", () => {
  it("re-runs itself with node_modules/node and does the work (a node starts and answers)", async () => {
    const proc = spawn(OLD_NODE!, [CLI, "node", "--data-dir", join(chain.dir, "old"), "--genesis", chain.genesisPath, "--rpc-port", "0", "--log-level", "error", "--no-app"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no rpc line: ${err}`)), 30_000);
      proc.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /rpc: (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    expect(err).not.toMatch(/withResolvers|EBADENGINE/);
    const res = await fetch(url, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"node_info"}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    // SIGTERM to the launcher's pid reaches the node it started: both exit, the port closes.
    const exited = new Promise<number | null>((r) => proc.on("exit", (code, signal) => r(code ?? (signal ? 128 : null))));
    proc.kill("SIGTERM");
    expect(await exited).not.toBeNull();
    await expect(fetch(url, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("passes the arguments and the exit code through", () => {
    const root = tempDir("parley-reexec-");
    mkdirSync(join(root, "bin"));
    mkdirSync(join(root, "node_modules/node/bin"), { recursive: true });
    copyFileSync(CLI, join(root, "bin/parley.js"));
    // A stand-in for the pinned Node: records what it was asked to run, exits 7.
    const fake = join(root, "node_modules/node/bin/node");
    writeFileSync(fake, `#!/bin/sh\necho "args: $*"\necho "reexec: $PARLEY_REEXEC"\nexit 7\n`);
    chmodSync(fake, 0o755);
    const r = spawnSync(OLD_NODE!, [join(root, "bin/parley.js"), "wallet", "balance", "x y"], { encoding: "utf8" });
    expect(r.status).toBe(7);
    expect(r.stdout).toContain(`args: ${join(root, "bin/parley.js")} wallet balance x y`);
    expect(r.stdout).toContain("reexec: 1");
  });

  it("without a pinned Node, exits 3 saying Node >= 22 is needed", () => {
    const root = tempDir("parley-bare-");
    mkdirSync(join(root, "bin"));
    copyFileSync(CLI, join(root, "bin/parley.js"));
    const r = spawnSync(OLD_NODE!, [join(root, "bin/parley.js"), "--help"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/parley needs Node >= 22; this is Node 2\d\./);
  });
});
