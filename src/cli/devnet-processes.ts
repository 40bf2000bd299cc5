// A multi-validator devnet: one `parley node` child process per validator on 127.0.0.1, each
// dialing the ones started before it, with a consortium allowlist of exactly the validators.
// Logs go to <dir>/node-<i>.log; stop() ends every child by its pid.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { LogLevel } from "../util/logger.js";
import { decodeKeyFile } from "../client/keys.js";
import { peerIdFromEd25519PublicKey } from "../network/index.js";
import { cliError } from "./common.js";
import { NODE_PROCESS_FLAGS } from "../node/process-flags.js";

export interface DevnetNode {
  rpc: string;
  p2p: string;
  /** The web app's URL on this node (null with --no-app). */
  app: string | null;
  pid: number;
}

export interface RunningDevnet {
  nodes: DevnetNode[];
  stop(): Promise<void>;
}

const CLI = resolve(import.meta.dirname, "../../../bin/parley.js");
const READY_MS = 60_000;

function startChild(args: string[], logFile: string): Promise<{ proc: ChildProcess; rpc: string; p2p: string; app: string | null }> {
  const log = openSync(logFile, "a");
  const proc = spawn(process.execPath, [...NODE_PROCESS_FLAGS, CLI, ...args], { stdio: ["ignore", "pipe", log] });
  let out = "";
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(cliError(`node did not start within ${READY_MS / 1000} s; see ${logFile}`)), READY_MS);
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const rpc = /rpc: (\S+)/.exec(out);
      const p2p = /p2p: (\S+)/.exec(out);
      if (rpc && p2p) {
        clearTimeout(timer);
        res({ proc, rpc: rpc[1]!, p2p: p2p[1]!, app: /app: (\S+)/.exec(out)?.[1] ?? null });
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      rej(cliError(`node exited with ${code} while starting; see ${logFile}`));
    });
  });
}

export async function startMultiDevnet(opts: { dir: string; validators: number; basePort: number; logLevel: LogLevel }): Promise<RunningDevnet> {
  const procs: ChildProcess[] = [];
  const nodes: DevnetNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => new Promise<void>((r) => {
      if (p.exitCode !== null || !p.pid) return r();
      const t = setTimeout(() => p.kill("SIGKILL"), 5_000);
      p.once("exit", () => {
        clearTimeout(t);
        r();
      });
      p.kill("SIGTERM");
    })));
  };
  const keys = Array.from({ length: opts.validators }, (_, i) => join(opts.dir, `validator-${i}.key`));
  const peerIds = keys.map((k) => peerIdFromEd25519PublicKey(decodeKeyFile(readFileSync(k, "utf8")).publicKey));
  try {
    for (let i = 0; i < opts.validators; i++) {
      const port = (offset: number): string => String(opts.basePort === 0 ? 0 : opts.basePort + offset + i);
      const args = [
        "node", "--data-dir", join(opts.dir, `node-${i}`), "--genesis", join(opts.dir, "genesis.json"), "--key", keys[i]!,
        "--rpc-port", port(0), "--p2p-port", port(100), "--allow-peers", peerIds.join(","), "--log-level", opts.logLevel,
      ];
      // With fixed ports every node's app knows the others, so it can cross-check what its node says.
      if (opts.basePort !== 0 && opts.validators > 1)
        args.push("--app-peers", Array.from({ length: opts.validators }, (_, j) => `http://127.0.0.1:${opts.basePort + j}`).filter((_, j) => j !== i).join(","));
      if (nodes.length > 0) args.push("--peers", nodes.map((n) => n.p2p).join(","));
      const child = await startChild(args, join(opts.dir, `node-${i}.log`));
      procs.push(child.proc);
      nodes.push({ rpc: child.rpc, p2p: child.p2p, app: child.app, pid: child.proc.pid! });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { nodes, stop };
}
