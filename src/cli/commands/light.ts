// `parley light`: a light node that follows the chain from headers and proofs and serves apps
// only what it verified (docs/LIGHT.md).
import type { Argv } from "yargs";
import { existsSync, readFileSync } from "node:fs";
import { parseGenesis } from "../../chain/genesis.js";
import { LightNode } from "../../light/node.js";
import { parseCheckpoint } from "../../light/checkpoint.js";
import { LOG_LEVELS, type LogLevel } from "../../util/logger.js";
import { cliError, loadKey, run } from "../common.js";
import { stopOnSignals } from "./node.js";
import { appOptions, appServeFromArgs, type AppArgs } from "../app-options.js";
import { withConfigFile } from "../config-file.js";

interface LightArgs extends AppArgs {
  dataDir: string;
  genesis: string;
  peers: string;
  rpcHost: string;
  rpcPort: number;
  p2pHost: string;
  p2pPort: number;
  p2pKey?: string;
  logLevel: LogLevel;
  checkpoint?: string;
}

export async function startLightFromArgs(a: LightArgs): Promise<LightNode> {
  if (!existsSync(a.genesis)) throw cliError(`genesis file not found: ${a.genesis}`);
  const genesis = parseGenesis(readFileSync(a.genesis, "utf8"));
  const peers = a.peers.split(",").map((p) => p.trim()).filter((p) => p.length > 0);
  if (peers.length === 0) throw cliError("--peers names no full node to follow");
  const checkpoint = a.checkpoint ? parseCheckpoint(a.checkpoint) : null;
  if (checkpoint && !checkpoint.ok) throw cliError(`--checkpoint: ${checkpoint.error.message}`);
  return LightNode.start({
    dataDir: a.dataDir,
    genesis,
    peers,
    rpc: { host: a.rpcHost, port: a.rpcPort },
    p2p: { host: a.p2pHost, port: a.p2pPort },
    p2pIdentity: a.p2pKey ? await loadKey(a.p2pKey) : null,
    logLevel: a.logLevel,
    app: appServeFromArgs(a),
    checkpoint: checkpoint?.value ?? null,
  });
}

export function lightOptions<T>(y: Argv<T>) {
  return appOptions(y
    .option("data-dir", { type: "string", demandOption: true, describe: "Where verified headers are stored" })
    .option("genesis", { type: "string", demandOption: true, describe: "genesis.json of the chain (the root of trust)" })
    .option("peers", { type: "string", demandOption: true, describe: "Comma-separated multiaddrs of full nodes (/ip4/.../tcp/.../p2p/<id>)" })
    .option("rpc-host", { type: "string", default: "127.0.0.1" })
    .option("rpc-port", { type: "number", default: 8644, describe: "JSON-RPC port (HTTP and WebSocket); 0 = any free port" })
    .option("p2p-host", { type: "string", default: "127.0.0.1" })
    .option("p2p-port", { type: "number", default: 0, describe: "libp2p TCP port (0 = any)" })
    .option("p2p-key", { type: "string", describe: "p2p identity (default: <data-dir>/p2p.key); its peer id goes on full nodes' --allow-peers" })
    .option("checkpoint", { type: "string", describe: "Start at this trusted header instead of genesis: <height>:<header hash> (used while the data dir is below it)" })
    .option("log-level", { choices: LOG_LEVELS, default: "info" as LogLevel }));
}

export function lightCommand(y: Argv): Argv {
  return y.command("light", "Run a light node: verified headers and proofs only", (a) => withConfigFile(lightOptions(a), lightOptions),
  run(async (a) => {
    const node = await startLightFromArgs(a as unknown as LightArgs);
    process.stdout.write(`rpc: ${node.rpcUrl}\nws:  ${node.wsUrl}\npeer id: ${node.net.peerId}\n`);
    for (const addr of node.p2pAddrs) process.stdout.write(`p2p: ${addr}\n`);
    if (node.appUrl) process.stdout.write(`app: ${node.appUrl}\n`);
    stopOnSignals(() => node.stop());
    await new Promise(() => undefined);
  }));
}
