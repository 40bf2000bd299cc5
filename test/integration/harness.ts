// Helpers for integration tests: temp dirs, dev chains, in-process nodes and node processes.
// Every process started here is killed by its pid in `cleanup()`, every wait is bounded.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { newIdentity, encodeKeyFile, type Identity } from "../../src/client/keys.js";
import { genesisJson, VALIDATOR_BALANCE } from "../../src/node/dev-chain.js";
import { parseGenesis, type Genesis } from "../../src/chain/genesis.js";
import type { ChainParams } from "../../src/chain/params.js";
import { ParleyNode } from "../../src/node/node.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const NODE_BIN = process.execPath; // vitest runs under the pinned Node 22
export const CLI = join(REPO, "bin/parley.js");

const dirs: string[] = [];
const procs: ChildProcess[] = [];
const nodes: ParleyNode[] = [];

export function tempDir(prefix = "parley-test-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export interface DevChain {
  dir: string;
  genesisPath: string;
  genesis: Genesis;
  validators: Identity[];
  validatorKeys: string[];
  funded: Identity[];
  fundedKeys: string[];
}

/** A dev chain in a temp dir: `validators` keys, `funded` accounts with `balance` each. */
export function devChain(opts: { validators?: number; funded?: number; balance?: bigint; params?: Partial<ChainParams>; chainId?: string } = {}): DevChain {
  const dir = tempDir();
  const validators = Array.from({ length: opts.validators ?? 1 }, () => newIdentity());
  const funded = Array.from({ length: opts.funded ?? 3 }, () => newIdentity());
  const accounts = [...funded.map((f) => ({ address: f.address, balance: opts.balance ?? 1_000_000_000n })), ...validators.map((v) => ({ address: v.address, balance: VALIDATOR_BALANCE }))];
  const text = genesisJson(opts.chainId ?? "parley-test", validators, accounts, { blockTimeMs: 100, heartbeatMs: 0, ...opts.params });
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, text);
  const keyFile = (id: Identity, name: string): string => {
    const p = join(dir, name);
    writeFileSync(p, encodeKeyFile(id), { mode: 0o600 });
    return p;
  };
  return {
    dir, genesisPath, genesis: parseGenesis(text), validators, funded,
    validatorKeys: validators.map((v, i) => keyFile(v, `validator-${i}.key`)),
    fundedKeys: funded.map((f, i) => keyFile(f, `funded-${i}.key`)),
  };
}

export async function startInProcess(chain: DevChain, opts: { dataDir?: string; validator?: number | null } = {}): Promise<ParleyNode> {
  const v = opts.validator === undefined ? 0 : opts.validator;
  const node = await ParleyNode.start({
    dataDir: opts.dataDir ?? join(chain.dir, `node-${v ?? "f"}`),
    genesis: chain.genesis,
    identity: v === null ? null : chain.validators[v]!,
    rpc: { port: 0 },
    logLevel: "warn",
  });
  nodes.push(node);
  return node;
}

export interface NodeProcess {
  proc: ChildProcess;
  rpc: string;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** `parley node` as validator 0 of `chain`, data in <chain dir>/<name>, RPC on a free port, errors-only log. */
export function spawnDevNode(chain: DevChain, extra: string[] = [], name = "n"): Promise<NodeProcess> {
  return spawnCli(["node", "--data-dir", join(chain.dir, name), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "error", ...extra]);
}

/** Starts `parley <args>` and resolves once it printed `rpc: <url>`. */
/** `script`: another entry point than bin/parley.js (the chaos harness's byzantine node). */
export function spawnCli(args: string[], readyPattern = /rpc: (http:\/\/\S+)/, timeoutMs = 30_000, script = CLI): Promise<NodeProcess> {
  const proc = spawn(NODE_BIN, [script, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  procs.push(proc);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms: ${stderr.join("").slice(-2000)}`)), timeoutMs);
    proc.stdout!.on("data", (d: Buffer) => {
      stdout.push(d.toString());
      const m = readyPattern.exec(stdout.join(""));
      if (m) {
        clearTimeout(timer);
        resolvePromise({ proc, rpc: m[1]!, stdout, stderr, exited });
      }
    });
    proc.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready: ${stderr.join("").slice(-2000)}`));
    });
  });
}

/** Runs a CLI command to completion (bounded) and returns its output. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(NODE_BIN, [CLI, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  procs.push(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export async function cleanup(): Promise<void> {
  for (const n of nodes.splice(0)) await n.stop().catch(() => undefined);
  for (const p of procs.splice(0)) if (p.exitCode === null && p.pid) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
