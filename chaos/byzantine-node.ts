// A validator that lies, for tests and the chaos harness only: the same node as `parley node`,
// with a byzantine tap around what its consensus sends (chaos/byzantine/behaviours.ts). This
// file is the only way to start one; `parley node` and the RPC have no such mode.
//   node dist/chaos/byzantine-node.js --behaviour equivocate[,flood...] --data-dir D --genesis G
//     --key K [--rpc-port N] [--p2p-port N] [--peers a,b] [--allow-peers id,id] [--log-level L]
//     [--enable-admin]
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
      behaviour: { type: "string" }, "data-dir": { type: "string" }, genesis: { type: "string" }, key: { type: "string" },
      "rpc-port": { type: "string" }, "p2p-port": { type: "string" }, peers: { type: "string" }, "allow-peers": { type: "string" },
      "log-level": { type: "string" }, "enable-admin": { type: "boolean" },
    },
  });
  if (!a.behaviour || !a["data-dir"] || !a.genesis || !a.key) throw new Error("usage: byzantine-node --behaviour B --data-dir D --genesis G --key K [...]");
  const allow = list(a["allow-peers"]);
  const node = await ParleyNode.start({
    dataDir: a["data-dir"],
    genesis: parseGenesis(readFileSync(a.genesis, "utf8")),
    identity: decodeKeyFile(readFileSync(a.key, "utf8")),
    rpc: { port: Number(a["rpc-port"] ?? 0), enableAdmin: a["enable-admin"] ?? false },
    logLevel: (a["log-level"] ?? "warn") as LogLevel,
    p2p: { port: Number(a["p2p-port"] ?? 0), peers: list(a.peers), allowPeers: allow.length > 0 ? allow : null },
    consensusTap: byzantineTap(parseBehaviours(a.behaviour)),
  });
  process.stdout.write(`rpc: ${node.rpcUrl}\n`);
  for (const addr of node.p2pAddrs) process.stdout.write(`p2p: ${addr}\n`);
  const stop = (): void => void node.stop().then(() => process.exit(0), () => process.exit(1));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`byzantine-node: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
