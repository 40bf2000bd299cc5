// Multi-validator benchmark networks: one node process per validator on 127.0.0.1, each dialing
// the ones started before it (gossipsub then meshes them all).
import { join } from "node:path";
import { startNode, type BenchNode } from "./cluster.js";

/** `extra`: more `parley node` flags for every node (e.g. --state-history). */
export async function startDevnetNodes(dir: string, genesis: string, keys: string[], extra: readonly string[] = []): Promise<BenchNode[]> {
  const nodes: BenchNode[] = [];
  for (let i = 0; i < keys.length; i++) {
    const args = ["node", "--data-dir", join(dir, `n${i}`), "--genesis", genesis, "--key", keys[i]!, "--rpc-port", "0", "--p2p-port", "0", "--log-level", process.env["PARLEY_BENCH_LOG_LEVEL"] ?? "warn"];
    args.push(...extra);
    if (nodes.length > 0) args.push("--peers", nodes.map((n) => n.p2p!).join(","));
    nodes.push(await startNode(args));
  }
  return nodes;
}
