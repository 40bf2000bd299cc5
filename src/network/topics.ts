// Gossip topics and request/response protocol names, namespaced per chain so that two chains
// (or a testnet and a mainnet) sharing a host or a peer never mix traffic.

export type DropPolicy = "oldest" | "newest";

export interface TopicConfig {
  /** Short name, e.g. "tx"; the wire topic is `/parley/<chainId>/<name>/1`. */
  name: string;
  /** Messages waiting for the handler; beyond this the queue drops per `drop`. */
  maxQueue: number;
  /** Which message a full queue gives up: the longest-waiting one or the one just received. */
  drop: DropPolicy;
  /** Handler calls in flight for this topic at once (default 2: validation is async but CPU-bound). */
  concurrency?: number;
}

/**
 * Recommended per-topic queues (Lodestar style). Messages are handled oldest first; the policy
 * only decides what a full queue gives up.
 *
 * | topic    | maxQueue | drop   | why |
 * |----------|----------|--------|-----|
 * | tx       | 256      | newest | ~100 txs per message, so 256 messages ≈ 25k txs of backlog. Under a flood keep what
 * |          |          |        | arrived first (it is older, closer to expiry and already being validated in order);
 * |          |          |        | a dropped batch is not lost: its txs are still in the sender's mempool and are
 * |          |          |        | re-gossiped or resubmitted. Dropping newest is also plain backpressure. |
 * | proposal | 32       | oldest | Only the proposal for the current height/round matters; a newer one supersedes any
 * |          |          |        | still waiting. 32 covers a few rounds of every validator in a small consortium. |
 * | vote     | 1024     | oldest | Votes for the latest round are what move consensus forward; a stale prevote for a
 * |          |          |        | past round is worthless, and a missing one is recovered by round catch-up. 1024 ≈
 * |          |          |        | 2 steps x 7 validators x many rounds, well above normal traffic. |
 */
export const DEFAULT_TOPICS = {
  tx: { name: "tx", maxQueue: 256, drop: "newest", concurrency: 2 },
  proposal: { name: "proposal", maxQueue: 32, drop: "oldest", concurrency: 1 },
  vote: { name: "vote", maxQueue: 1024, drop: "oldest", concurrency: 2 },
} as const satisfies Record<string, TopicConfig>;

export type DefaultTopicName = keyof typeof DEFAULT_TOPICS;

export function gossipTopic(chainId: string, name: string): string {
  return `/parley/${chainId}/${name}/1`;
}

export function protocolId(chainId: string, name: string): string {
  return `/parley/${chainId}/${name}/1`;
}
