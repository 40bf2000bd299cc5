// Multi-validator networks of real node processes on 127.0.0.1 for integration tests:
// start, SIGKILL, restart (same or wiped data dir), and cross-node checks.
import { join } from "node:path";
import { rmSync } from "node:fs";
import { peerIdFromEd25519PublicKey } from "../../src/network/index.js";
import { HttpRpcClient } from "../../src/client/rpc-client.js";
import { devChain, spawnCli, waitFor, type DevChain, type NodeProcess } from "./harness.js";
import type { ChainParams } from "../../src/chain/params.js";

export interface TestNet {
  chain: DevChain;
  nodes: Array<NodeProcess | null>;
  p2p: string[];
  /** `script`: run another entry point than bin/parley.js (e.g. dist/chaos/faulty-node.js). */
  start(i: number, extra?: string[], script?: string): Promise<NodeProcess>;
  kill(i: number): Promise<void>;
  wipe(i: number): void;
  rpc(i: number): HttpRpcClient;
  heads(): Promise<Array<{ height: number; hash: string }>>;
}

/**
 * `parallel`: start node 0, then all others at once (each dials node 0 and finds the rest
 * through it): about twice as fast on two cores, for tests that do not test joining order.
 * `started`: how many of the n validators to start (the rest are started by the test).
 */
export async function startNet(n: number, params: Partial<ChainParams> = {}, funded = 3, alsoAllow: string[] = [], nodeArgs: string[] = [], parallel = false, started = n): Promise<TestNet> {
  const chain = devChain({ validators: n, funded, params: { blockTimeMs: 100, heartbeatMs: 0, ...params } });
  const peerIds = [...chain.validators.map((v) => peerIdFromEd25519PublicKey(v.publicKey)), ...alsoAllow];
  const net: TestNet = {
    chain,
    nodes: Array.from({ length: n }, () => null),
    p2p: Array.from({ length: n }, () => ""),
    async start(i, extra = [], script) {
      const peers = net.p2p.filter((p, j) => p && j !== i);
      const args = ["node", "--data-dir", join(chain.dir, `node-${i}`), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[i]!,
        "--rpc-port", "0", "--p2p-port", "0", "--allow-peers", peerIds.join(","), "--log-level", "warn", ...extra];
      if (peers.length > 0) args.push("--peers", peers.join(","));
      const p = await spawnCli(args, /rpc: (http:\/\/\S+)[\s\S]*p2p: (\S+)/, 30_000, script);
      net.p2p[i] = /p2p: (\S+)/.exec(p.stdout.join(""))![1]!;
      net.nodes[i] = p;
      return p;
    },
    async kill(i) {
      const p = net.nodes[i];
      if (!p) return;
      process.kill(p.proc.pid!, "SIGKILL");
      await p.exited;
      net.nodes[i] = null;
    },
    wipe(i) {
      rmSync(join(chain.dir, `node-${i}`), { recursive: true, force: true });
    },
    rpc(i) {
      return new HttpRpcClient(net.nodes[i]!.rpc);
    },
    async heads() {
      return Promise.all(net.nodes.map(async (p) => (p ? await new HttpRpcClient(p.rpc).call<{ height: number; hash: string }>("chain_getHead") : { height: -1, hash: "" })));
    },
  };
  if (parallel && n > 1) {
    await net.start(0, nodeArgs);
    await Promise.all(Array.from({ length: started - 1 }, (_, i) => net.start(i + 1, nodeArgs)));
  } else for (let i = 0; i < started; i++) await net.start(i, nodeArgs);
  return net;
}

/** Every running node reports the same hash at every height up to the lowest head. */
export async function expectSameChain(net: TestNet): Promise<number> {
  const live = net.nodes.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
  const heads = await Promise.all(live.map((i) => net.rpc(i).call<{ height: number }>("chain_getHead")));
  const top = Math.min(...heads.map((h) => h.height));
  for (let h = 1; h <= top; h++) {
    const hashes = await Promise.all(live.map((i) => net.rpc(i).call<{ hash: string }>("chain_getBlock", [h, "none"])));
    const first = hashes[0]!.hash;
    for (const x of hashes) if (x.hash !== first) throw new Error(`fork at height ${h}: ${hashes.map((y) => y.hash).join(" ")}`);
  }
  return top;
}

export async function waitHeight(net: TestNet, nodes: number[], height: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(`height ${height} on nodes ${nodes.join(",")}`, async () => {
    const hs = await Promise.all(nodes.map((i) => net.rpc(i).call<{ height: number }>("chain_getHead")));
    return hs.every((h) => h.height >= height);
  }, timeoutMs, 100);
}
