// A node with injected faults, for tests and the chaos harness only: the same node as `parley
// node`, plus what no real deployment may be able to switch on, so `parley node` and the RPC
// have no such mode and this file is the only way to start one:
//   --behaviour B[,B...]  a byzantine tap around what its consensus sends (chaos/byzantine/)
//   --clock-offset-ms N   its local clock runs N ms ahead (negative: behind) of the system's
//   node dist/chaos/faulty-node.js [faults] --data-dir D --genesis G [--key K | --p2p-key K]
//     [--rpc-host H] [--rpc-port N] [--p2p-host H] [--p2p-port N] [--peers a,b]
//     [--allow-peers id,id] [--log-level L] [--enable-admin]
// Prints `rpc: <url>` and `p2p: <addr>` lines like `parley node`.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseGenesis } from "../src/chain/genesis.js";
import { decodeKeyFile } from "../src/chain/identity.js";
import { ParleyNode } from "../src/node/node.js";
import type { LogLevel } from "../src/util/logger.js";
import { byzantineTap, parseBehaviours } from "./byzantine/behaviours.js";

const list = (v: string | undefined): string[] => (v ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);

async function main(): Promise<void> {
  // Positionals are allowed so the test harness can pass the same `node ...` args as to the CLI.
  const { values: a } = parseArgs({
    allowPositionals: true,
    options: {
      behaviour: { type: "string" }, "clock-offset-ms": { type: "string" }, "data-dir": { type: "string" }, genesis: { type: "string" }, key: { type: "string" },
      "rpc-host": { type: "string" }, "rpc-port": { type: "string" }, "p2p-host": { type: "string" }, "p2p-port": { type: "string" }, "p2p-key": { type: "string" }, peers: { type: "string" }, "allow-peers": { type: "string" },
      "log-level": { type: "string" }, "enable-admin": { type: "boolean" },
    },
  });
  if (!a["data-dir"] || !a.genesis) throw new Error("usage: faulty-node [--behaviour B] [--clock-offset-ms N] --data-dir D --genesis G [--key K] [...]");
  if (a.behaviour && !a.key) throw new Error("--behaviour needs a validator --key");
  const offset = Number(a["clock-offset-ms"] ?? 0);
  if (!Number.isInteger(offset)) throw new Error(`--clock-offset-ms: not an integer: ${a["clock-offset-ms"]}`);
  const allow = list(a["allow-peers"]);
  const node = await ParleyNode.start({
    dataDir: a["data-dir"],
    genesis: parseGenesis(readFileSync(a.genesis, "utf8")),
    identity: a.key ? decodeKeyFile(readFileSync(a.key, "utf8")) : null,
    p2pIdentity: a["p2p-key"] ? decodeKeyFile(readFileSync(a["p2p-key"], "utf8")) : null,
    rpc: { host: a["rpc-host"] ?? "127.0.0.1", port: Number(a["rpc-port"] ?? 0), enableAdmin: a["enable-admin"] ?? false },
    logLevel: (a["log-level"] ?? "warn") as LogLevel,
    p2p: { host: a["p2p-host"] ?? "127.0.0.1", port: Number(a["p2p-port"] ?? 0), peers: list(a.peers), allowPeers: allow.length > 0 ? allow : null },
    ...(a.behaviour ? { consensusTap: byzantineTap(parseBehaviours(a.behaviour)) } : {}),
    ...(offset !== 0 ? { localClock: () => Date.now() + offset } : {}),
  });
  process.stdout.write(`rpc: ${node.rpcUrl}\n`);
  for (const addr of node.p2pAddrs) process.stdout.write(`p2p: ${addr}\n`);
  node.onFatal(() => process.exit(1));
  const stop = (): void => void node.stop().then(() => process.exit(0), () => process.exit(1));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`faulty-node: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
