// The node's side of the network: one libp2p host, three gossip topics (tx batches, proposals,
// votes) and the sync protocols. Every gossip handler maps its validation verdict onto
// accept/ignore/reject so gossipsub forwards only what passed and scores down who sent garbage.
import { Network, DEFAULT_TOPICS, type GossipResult } from "../network/index.js";
import { decodeProposal, decodeVote, encodeProposal, encodeVote, type SignedProposal, type SignedVote } from "../consensus/messages.js";
import type { ConsensusEngine } from "../consensus/engine.js";
import type { Verdict } from "../consensus/verdict.js";
import type { Logger } from "../util/logger.js";
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../chain/codec.js";

export interface P2pOptions {
  host?: string;
  port: number;
  peers: string[];
  /**
   * Consortium allowlist entries (peer ids or addresses); null = anyone may connect. When set,
   * the chain's validators are allowed too, and `allowPeersFile` (more entries) is re-read
   * while running (node/allowlist.ts).
   */
  allowPeers: string[] | null;
  allowPeersFile?: string;
}

// A valid duplicate is still relayed: re-sends exist to reach peers that missed the first copy
// (a restarted validator), possibly through a peer that already has it.
function toGossip(v: Verdict): GossipResult {
  if (v.verdict === "ignore" && v.reason === "DUPLICATE") return "accept";
  return v.verdict;
}

// Gossip ids are SHA-256 of the data, so the engine's periodic re-send of the same signed vote
// would be dropped as already seen. Each send is wrapped as msgpack [sequence, message]; the
// sequence starts at the wall clock in microseconds so a restarted node does not reuse one.
let sequence = Date.now() * 1000;

export function wrapConsensus(msg: Uint8Array): Uint8Array {
  return encode([sequence++, msg]);
}

export function unwrapConsensus(data: Uint8Array): Uint8Array | undefined {
  const f = readArray(decodeUnknown(data), 2);
  return f && readUint(f[0]) !== undefined ? readBytes(f[1]) : undefined;
}

/** `allowPeers`: the initial allowlist as peer ids (null = open). */
export async function startNetwork(opts: P2pOptions, allowPeers: string[] | null, chainId: string, seed: Uint8Array, maxBlockBytes: number, log: Logger): Promise<Network> {
  return Network.create({
    chainId,
    privateKey: seed,
    listen: { host: opts.host ?? "127.0.0.1", port: opts.port },
    bootstrap: opts.peers,
    allowPeers,
    topics: [DEFAULT_TOPICS.tx, DEFAULT_TOPICS.proposal, DEFAULT_TOPICS.vote],
    logger: log.child({ mod: "net" }),
    // A proposal carries a whole block.
    maxGossipBytes: maxBlockBytes + 1024 * 1024,
  });
}

/** Wires consensus messages between the engine and the network. */
export function wireConsensus(net: Network, engine: () => ConsensusEngine | null, maxBlockBytes: number, sawHeight: (h: number) => void): (msg: SignedProposal | SignedVote) => void {
  net.onGossip("proposal", (data) => {
    const inner = unwrapConsensus(data);
    if (!inner) return "reject";
    const p = decodeProposal(inner, maxBlockBytes + 1024 * 1024);
    if (!p.ok) return "reject";
    sawHeight(p.value.height);
    const e = engine();
    return e ? toGossip(e.onProposal(p.value)) : "ignore";
  });
  net.onGossip("vote", (data) => {
    const inner = unwrapConsensus(data);
    if (!inner) return "reject";
    const v = decodeVote(inner);
    if (!v.ok) return "reject";
    sawHeight(v.value.height);
    const e = engine();
    return e ? toGossip(e.onVote(v.value)) : "ignore";
  });
  return (msg) => {
    const data = msg.kind === "proposal" ? encodeProposal(msg) : encodeVote(msg);
    void net.publish(msg.kind === "proposal" ? "proposal" : "vote", wrapConsensus(data)).catch(() => 0);
  };
}
