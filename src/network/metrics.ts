// What the network layer reports. The node wires these to prom-client; tests pass null or a
// recording fake. Labels are the short topic name ("tx", "vote"), not the namespaced topic.

export type GossipOutcome = "accept" | "ignore" | "reject";

export interface NetworkMetrics {
  /** A gossip message arrived from a peer (before queueing). */
  gossipReceived(topic: string): void;
  /** The topic handler (or the queue) decided a message's fate. */
  gossipValidated(topic: string, outcome: GossipOutcome): void;
  /** The topic queue was full and dropped a message per its policy (also counted as ignore). */
  gossipDropped(topic: string): void;
  /** Messages waiting in a topic queue right now. */
  gossipQueueLength(topic: string, length: number): void;
  /** We published a message to this many peers. */
  gossipPublished(topic: string, recipients: number): void;
  /** Connected peer count right now. */
  peers(count: number): void;
  /** A request/response exchange finished (as client), with its outcome code ("ok" or an error code). */
  reqRespOutbound(protocol: string, outcome: string): void;
  /** We served (or failed to serve) an inbound request. */
  reqRespInbound(protocol: string, outcome: string): void;
  /** A peer was penalised; `banned` when it crossed the threshold and was disconnected. */
  peerPenalized(reason: string, banned: boolean): void;
}
