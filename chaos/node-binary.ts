// The Node that runs every process the chaos harness starts (nodes, faulty nodes, link proxy hosts).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ChaosError } from "./errors.js";

const REQUIRED_MAJOR = 22;
let found: string | null = null;

/**
 * This Node if it is Node >= 22, else the one the repo pins (node_modules/node/bin/node, found
 * above this file). Started by an older Node (`node dist/chaos/main.js` with the system's Node
 * 20), bin/parley.js re-runs itself as a child: the pid the harness signalled was that wrapper,
 * and a SIGKILL left the real node running with its ports (every restart failed EADDRINUSE,
 * RELIABILITY.md 8.7).
 */
export function nodeBinary(): string {
  if (found !== null) return found;
  if (Number(process.versions.node.split(".")[0]) >= REQUIRED_MAJOR) return (found = process.execPath);
  let d = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const pinned = join(d, "node_modules", "node", "bin", "node");
    if (existsSync(pinned)) return (found = pinned);
    d = dirname(d);
  }
  throw new ChaosError({ code: "UNSUPPORTED", what: `Node ${process.versions.node} is too old for the nodes and no node_modules/node/bin/node was found above ${import.meta.dirname}` });
}
