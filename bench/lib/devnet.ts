// Multi-validator benchmark networks (filled in with the p2p consensus).
import type { BenchNode } from "./cluster.js";

export async function startDevnetNodes(_dir: string, _genesis: string, _keys: string[]): Promise<BenchNode[]> {
  throw new Error("multi-validator benchmarks need the p2p network (not wired yet)");
}
