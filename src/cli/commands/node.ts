import type { Argv } from "yargs";
import { readFileSync, existsSync } from "node:fs";
import { parseGenesis } from "../../chain/genesis.js";
import { ParleyNode } from "../../node/node.js";
import { LOG_LEVELS, type LogLevel } from "../../node/logger.js";
import { cliError, loadKey, run } from "../common.js";

export interface NodeArgs {
  dataDir: string;
  genesis: string;
  key?: string;
  rpcHost: string;
  rpcPort: number;
  logLevel: LogLevel;
  enableAdmin: boolean;
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
    .option("log-level", { choices: LOG_LEVELS, default: "info" as LogLevel });
}

export function nodeCommand(y: Argv): Argv {
  return y.command("node", "Run a node", (a) => nodeOptions(a),
    run(async (a) => {
      const node = await startNodeFromArgs(a as unknown as NodeArgs);
      process.stdout.write(`rpc: ${node.rpcUrl}\nws:  ${node.wsUrl}\n`);
      stopOnSignals(() => node.stop());
      await new Promise(() => undefined);
    }));
}
