import type { Argv } from "yargs";
import { readFileSync, existsSync } from "node:fs";
import { parseGenesis } from "../../chain/genesis.js";
import { ParleyNode } from "../../node/node.js";
import { LOG_LEVELS, type LogLevel } from "../../node/logger.js";
import { cliError, loadKey, reportError, run } from "../common.js";

export interface NodeArgs {
  dataDir: string;
  genesis: string;
  key?: string;
  rpcHost: string;
  rpcPort: number;
  logLevel: LogLevel;
  enableAdmin: boolean;
  p2pPort?: number;
  p2pHost?: string;
  peers?: string;
  allowPeers?: string;
  p2pKey?: string;
  /** Serve the web app on the RPC port (default true; --no-app turns it off). */
  app?: boolean;
  /** Comma-separated RPC URLs of other nodes the app may cross-check with. */
  appPeers?: string;
  /** Serve the app from this directory instead of dist/app. */
  appDir?: string;
}

/** --allow-peers: comma-separated peer ids, or a file with one per line (# comments). */
function parseAllowPeers(v: string | undefined): string[] | null {
  if (v === undefined) return null;
  const text = existsSync(v) ? readFileSync(v, "utf8") : v;
  const ids = text.split(/[\s,]+/).map((s) => s.replace(/#.*/, "").trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw cliError("--allow-peers names no peer ids");
  return ids;
}

export async function startNodeFromArgs(a: NodeArgs): Promise<ParleyNode> {
  if (!existsSync(a.genesis)) throw cliError(`genesis file not found: ${a.genesis} (create a dev chain with: parley init)`);
  const genesis = parseGenesis(readFileSync(a.genesis, "utf8"));
  const identity = a.key ? loadKey(a.key) : null;
  return ParleyNode.start({
    dataDir: a.dataDir,
    genesis,
    identity,
    rpc: { host: a.rpcHost, port: a.rpcPort, enableAdmin: a.enableAdmin },
    logLevel: a.logLevel,
    app: a.app === false ? null : { peers: (a.appPeers ?? "").split(",").map((u) => u.trim()).filter((u) => u.length > 0), ...(a.appDir ? { dir: a.appDir } : {}) },
    p2pIdentity: a.p2pKey ? loadKey(a.p2pKey) : null,
    p2p: a.p2pPort !== undefined || a.peers
      ? { host: a.p2pHost ?? "127.0.0.1", port: a.p2pPort ?? 0, peers: (a.peers ?? "").split(",").map((p) => p.trim()).filter((p) => p.length > 0), allowPeers: parseAllowPeers(a.allowPeers) }
      : null,
  });
}

/** Stops the node cleanly on SIGINT/SIGTERM; a second signal exits at once. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(() => process.exit(0), (e) => {
      process.stderr.write(`error while stopping: ${String(e)}\n`);
      process.exit(1);
    });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

export function nodeOptions<T>(y: Argv<T>) {
  return y
    .option("data-dir", { type: "string", demandOption: true, describe: "Where the chain is stored (LevelDB)" })
    .option("genesis", { type: "string", demandOption: true, describe: "genesis.json of the chain" })
    .option("key", { type: "string", describe: "Validator key file; omit to run a follower (full node)" })
    .option("rpc-host", { type: "string", default: "127.0.0.1" })
    .option("rpc-port", { type: "number", default: 8645, describe: "JSON-RPC port (HTTP and WebSocket); 0 = any free port" })
    .option("enable-admin", { type: "boolean", default: false })
    .option("p2p-port", { type: "number", describe: "libp2p TCP port (0 = any); enables p2p" })
    .option("p2p-host", { type: "string", default: "127.0.0.1", describe: "Address to listen on for peers" })
    .option("peers", { type: "string", describe: "Comma-separated multiaddrs of peers to dial (/ip4/.../tcp/.../p2p/<id>)" })
    .option("p2p-key", { type: "string", describe: "p2p identity of a non-validator node (default: <data-dir>/p2p.key)" })
    .option("allow-peers", { type: "string", describe: "Consortium allowlist: comma-separated peer ids, or a file of them" })
    .option("app", { type: "boolean", default: true, describe: "Serve the web app on the RPC port (--no-app: RPC only)" })
    .option("app-peers", { type: "string", describe: "Comma-separated RPC URLs of other nodes the app may cross-check answers with" })
    .option("app-dir", { type: "string", describe: "Serve the app built in this directory (default: dist/app)" })
    .option("log-level", { choices: LOG_LEVELS, default: "info" as LogLevel });
}

export function nodeCommand(y: Argv): Argv {
  return y.command("node", "Run a node", (a) => nodeOptions(a),
    run(async (a) => {
      let node: ParleyNode;
      try {
        node = await startNodeFromArgs(a as unknown as NodeArgs);
      } catch (e) {
        // A start that failed half-way (e.g. p2p port taken after RPC was listening) can leave
        // handles open that keep the process alive forever: report and exit instead of hanging.
        reportError(e);
        process.exit(1);
      }
      process.stdout.write(`rpc: ${node.rpcUrl}\nws:  ${node.wsUrl}\n`);
      if (node.appUrl) process.stdout.write(`app: ${node.appUrl}\n`);
      for (const addr of node.p2pAddrs) process.stdout.write(`p2p: ${addr}\n`);
      stopOnSignals(() => node.stop());
      await new Promise(() => undefined);
    }));
}
