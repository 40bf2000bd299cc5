// What the network page shows: node_info, consensus_status and the head header, read together.
import { HttpRpcClient } from "../../client/rpc-client.js";
import { nodeUrl } from "./config.js";

export interface NetworkView {
  info: {
    chainId: string; version: string; height: number; validator: string | null; validators: string[];
    peerId: string | null; peers: number; listen: string[]; mempool: { txs: number; bytes: number };
  };
  consensus: { height: number | null; round?: number; step?: string; lockedRound?: number };
  head: { hash: string; time: number; proposer: string };
}

let rpc: HttpRpcClient | null = null;

export async function readNetwork(): Promise<NetworkView> {
  rpc ??= new HttpRpcClient(nodeUrl());
  const [info, consensus, head] = await rpc.batch([
    { method: "node_info", params: [] },
    { method: "consensus_status", params: [] },
    { method: "chain_getHead", params: [] },
  ]);
  for (const r of [info, consensus, head]) if (r?.error) throw r.error;
  return { info: info!.result as NetworkView["info"], consensus: consensus!.result as NetworkView["consensus"], head: head!.result as NetworkView["head"] };
}
