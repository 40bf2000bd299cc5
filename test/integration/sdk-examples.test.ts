// The SDK's examples (examples/*.mjs) run as an app developer would run them, importing
// "parley/client" by name, against a real node: pay, send a message, watch an inbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, NODE_BIN, REPO, spawnDevNode, type DevChain, type NodeProcess } from "./harness.js";
import { ChatClient } from "../../src/client/chat.js";
import { encodeKeyFile, newIdentity } from "../../src/client/keys.js";

let chain: DevChain;
let node: NodeProcess;

beforeAll(async () => {
  chain = devChain({ validators: 1, funded: 1 });
  node = await spawnDevNode(chain, ["--no-app"]);
});

afterAll(async () => {
  await cleanup();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an example with PARLEY_RPC / PARLEY_KEY set (killed after 30 s); `onStdout` sees its output so far. */
function example(file: string, args: string[], env: Record<string, string>, onStdout?: (all: string) => void): Promise<Run> {
  const proc = spawn(NODE_BIN, [join(REPO, "examples", file), ...args], { cwd: REPO, env: { ...process.env, PARLEY_RPC: node.rpc, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout);
  });
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("examples/", () => {
  it("pay.mjs pays an address and waits until final", async () => {
    const to = newIdentity().address;
    const r = await example("pay.mjs", [to, "1234"], { PARLEY_KEY: chain.fundedKeys[0]! });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`paid 1234 to ${to}`);
    expect(r.stdout).toMatch(/their balance: 0 -> 1234/);
  });

  it("send-message.mjs sends an encrypted message that the recipient reads", async () => {
    const r = await example("send-message.mjs", ["hi bob"], { PARLEY_KEY: chain.fundedKeys[0]! });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`bob read from ${chain.funded[0]!.address}: hi bob`);
  });

  it("watch-inbox.mjs prints a message to the watched key as it is finalized", async () => {
    const bob = newIdentity();
    const bobKey = join(chain.dir, "bob.key");
    writeFileSync(bobKey, encodeKeyFile(bob), { mode: 0o600 });
    // Sent once the watcher says it is subscribed, so the message cannot finalize before it.
    let sent = false;
    const run = example("watch-inbox.mjs", ["1"], { PARLEY_KEY: bobKey }, (out) => {
      if (!sent && out.includes(`watching ${bob.address}`)) {
        sent = true;
        void new ChatClient(node.rpc).sendMessage(chain.funded[0]!, bob.address, "are you there?");
      }
    });
    const r = await run;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`from ${chain.funded[0]!.address}: "are you there?"`);
  });
});
