// What the network page shows: node_info, consensus_status and the head header, read together.
import { HttpRpcClient } from "../../client/rpc-client.js";
import { nodeUrl } from "./config.js";

export interface NetworkView {
  info: {
    chainId: string; version: string; height: number; validator: string | null; validators: string[];
    peerId: string | null; peers: number; listen: string[]; mempool: { txs: number; bytes: number };
    /** A light node: it has no consensus state to show. */
    light?: boolean;
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
  for (const r of [info, head]) if (r?.error) throw r.error;
  const i = info!.result as NetworkView["info"];
  // A light node takes part in no consensus (consensus_status is not served): shown as "—".
  if (consensus?.error && !i.light) throw consensus.error;
  return { info: i, consensus: consensus?.error ? { height: null } : (consensus!.result as NetworkView["consensus"]), head: head!.result as NetworkView["head"] };
}
