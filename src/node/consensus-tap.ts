// A test-only injection point between the consensus engine and the network: the chaos
// harness's byzantine validators (chaos/byzantine/) wrap what the engine sends. It is set only
// through NodeOptions by code that starts a node itself; no CLI flag, config key or RPC method
// reaches it, so a normal `parley node` always sends exactly what its WAL-guarded signer signed.
import type { SignedProposal, SignedVote } from "../consensus/messages.js";
import type { Signer } from "../consensus/types.js";

export type ConsensusSend = (msg: SignedProposal | SignedVote) => void;

export interface ConsensusTapContext {
  chainId: string;
  /** The validator's own key, unguarded by the WAL: a byzantine node signs what it likes. */
  signer: Signer;
  /** Publishes raw bytes on a gossip topic ("proposal", "vote", "tx"). */
  publishRaw(topic: string, data: Uint8Array): void;
}

/** Given the honest send, returns the send the engine uses instead. */
export type ConsensusTap = (send: ConsensusSend, ctx: ConsensusTapContext) => ConsensusSend;
