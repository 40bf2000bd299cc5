// Public surface of the network layer.
export { Network, type NetworkOptions, type RequestOptions, type HandleOptions } from "./network.js";
export { NetworkError, type NetworkErrorCode, type NetworkErrorType } from "./errors.js";
export type { NetworkMetrics, GossipOutcome } from "./metrics.js";
export type { NetworkLogger } from "./logger.js";
export type { GossipHandler, GossipResult } from "./gossip.js";
export { InvalidRequestError, type RequestHandler, type ReqRespLimits, DEFAULT_REQRESP_LIMITS } from "./reqresp.js";
export { DEFAULT_TOPICS, gossipTopic, protocolId, type TopicConfig, type DropPolicy, type DefaultTopicName } from "./topics.js";
export { GossipQueue } from "./gossip-queue.js";
export { PeerScoreTable, DEFAULT_PEER_SCORE, type PeerScoreOptions } from "./peer-score.js";
export { peerIdFromSeed, peerIdFromEd25519PublicKey, ed25519PublicKeyFromPeerId } from "./identity.js";
