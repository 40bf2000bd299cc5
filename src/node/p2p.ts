// The node's side of the network: one libp2p host, three gossip topics (tx batches, proposals,
// votes) and the sync protocols. Every gossip handler maps its validation verdict onto
// accept/ignore/reject so gossipsub forwards only what passed and scores down who sent garbage.
import { Network, DEFAULT_TOPICS, type GossipResult } from "../network/index.js";
import { decodeProposal, decodeVote, encodeProposal, encodeVote, type SignedProposal, type SignedVote } from "../consensus/messages.js";
import type { ConsensusEngine } from "../consensus/engine.js";
import type { Verdict } from "../consensus/verdict.js";
import type { Logger } from "./logger.js";

export interface P2pOptions {
  host?: string;
  port: number;
  peers: string[];
  allowPeers: string[] | null;
}

function toGossip(v: Verdict): GossipResult {
  return v.verdict;
}

export async function startNetwork(opts: P2pOptions, chainId: string, seed: Uint8Array, maxBlockBytes: number, log: Logger): Promise<Network> {
  return Network.create({
    chainId,
    privateKey: seed,
    listen: { host: opts.host ?? "127.0.0.1", port: opts.port },
    bootstrap: opts.peers,
    allowPeers: opts.allowPeers,
    topics: [DEFAULT_TOPICS.tx, DEFAULT_TOPICS.proposal, DEFAULT_TOPICS.vote],
    logger: log.child({ mod: "net" }),
    // A proposal carries a whole block.
    maxGossipBytes: maxBlockBytes + 1024 * 1024,
  });
}

/** Wires consensus messages between the engine and the network. */
export function wireConsensus(net: Network, engine: () => ConsensusEngine | null, maxBlockBytes: number, sawHeight: (h: number) => void): (msg: SignedProposal | SignedVote) => void {
  net.onGossip("proposal", (data) => {
    const p = decodeProposal(data, maxBlockBytes + 1024 * 1024);
    if (!p.ok) return "reject";
    sawHeight(p.value.height);
    const e = engine();
    return e ? toGossip(e.onProposal(p.value)) : "ignore";
  });
  net.onGossip("vote", (data) => {
    const v = decodeVote(data);
    if (!v.ok) return "reject";
    sawHeight(v.value.height);
    const e = engine();
    return e ? toGossip(e.onVote(v.value)) : "ignore";
  });
  return (msg) => {
    const data = msg.kind === "proposal" ? encodeProposal(msg) : encodeVote(msg);
    void net.publish(msg.kind === "proposal" ? "proposal" : "vote", data).catch(() => 0);
  };
}
