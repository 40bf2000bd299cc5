import type { Argv } from "yargs";
import { existsSync, rmSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createDevChain } from "../../node/dev-chain.js";
import { decodeKeyFile } from "../../client/keys.js";
import { LOG_LEVELS, type LogLevel } from "../../util/logger.js";
import { cliError, run } from "../common.js";
import { DEFAULT_DEV_DIR } from "./init.js";
import { startNodeFromArgs, stopOnSignals } from "./node.js";
import { startMultiDevnet } from "../devnet-processes.js";

export interface DevnetArgs {
  dir: string;
  validators: number;
  basePort: number;
  reset: boolean;
  logLevel: LogLevel;
}

function countValidators(genesisPath: string): number {
  const g = JSON.parse(readFileSync(genesisPath, "utf8")) as { validators?: unknown[] };
  return g.validators?.length ?? 0;
}

/** The line a new user needs first: where the web app is, and the key that holds the dev funds. */
function printAppUrl(url: string | null, devKey: string): void {
  if (url) process.stdout.write(`\nopen the app:  ${url}\n  (import ${devKey} in the app to start with funds)\n\n`);
}

export function devnetCommand(y: Argv): Argv {
  return y.command("devnet", "Run a local development network (creates it on first run)", (a) =>
    a.option("dir", { type: "string", default: DEFAULT_DEV_DIR, describe: "Devnet directory: genesis, keys and each node's data" })
      .option("validators", { type: "number", describe: "Validators for a new devnet (default 4; an existing devnet keeps its own)" })
      .option("base-port", { type: "number", default: 8645, describe: "RPC port of node 0 (node i uses base+i; p2p uses base+100+i); 0 = any free ports" })
      .option("reset", { type: "boolean", default: false, describe: "Delete the devnet directory first" })
      .option("log-level", { choices: LOG_LEVELS, default: "info" as LogLevel }),
    run(async (a: Omit<DevnetArgs, "validators"> & { validators?: number }) => {
      if (a.reset) rmSync(a.dir, { recursive: true, force: true });
      const genesisPath = join(a.dir, "genesis.json");
      if (!existsSync(genesisPath)) {
        const n = a.validators ?? 4;
        if (!Number.isInteger(n) || n < 1 || n > 16) throw cliError("--validators must be 1..16");
        createDevChain(a.dir, { validators: n });
        process.stdout.write(`created a new ${n}-validator devnet in ${a.dir}\n`);
      }
      const n = countValidators(genesisPath);
      if (a.validators !== undefined && a.validators !== n)
        throw cliError(`${a.dir} holds a ${n}-validator devnet; pass --reset to create a ${a.validators}-validator one`);
      const devKey = join(a.dir, "dev.key");
      const dev = decodeKeyFile(readFileSync(devKey, "utf8"));
      if (n === 1) {
        const node = await startNodeFromArgs({
          dataDir: join(a.dir, "node-0"), genesis: genesisPath, key: join(a.dir, "validator-0.key"),
          rpcHost: "127.0.0.1", rpcPort: a.basePort, logLevel: a.logLevel, enableAdmin: false,
        });
        process.stdout.write(`node 0 rpc: ${node.rpcUrl}  ws: ${node.wsUrl}\ndev key: ${devKey}\ndev address: ${dev.address}\n`);
        printAppUrl(node.appUrl, devKey);
        process.stdout.write(`try:  npx parley wallet balance ${dev.address} --rpc ${node.rpcUrl}\n`);
        stopOnSignals(() => node.stop());
      } else {
        const net = await startMultiDevnet({ dir: a.dir, validators: n, basePort: a.basePort, logLevel: a.logLevel });
        net.nodes.forEach((nd, i) => process.stdout.write(`node ${i} rpc: ${nd.rpc}  p2p: ${nd.p2p}\n`));
        process.stdout.write(`dev key: ${devKey}\ndev address: ${dev.address}\n`);
        process.stdout.write(`try:  npx parley wallet balance ${dev.address} --rpc ${net.nodes[0]!.rpc}\n`);
        printAppUrl(net.nodes[0]!.app, devKey);
        stopOnSignals(() => net.stop());
      }
      await new Promise(() => undefined);
    }));
}
