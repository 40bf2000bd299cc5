// The condition grammar: a small bounded tree, after Stellar's claimable-balance predicates and
// Bitcoin's hash-time locks. No VM: each node is a typed, integer-only test the chain can
// evaluate in constant time, so a light node can re-check an outcome from proven state.
import type { Address, ClockName } from "./types.js";

/** Wire tag of each node (first element of its positional array). Never reuse a number. */
export const CondTag = {
  and: 0,
  or: 1,
  not: 2,
  after: 3,
  before: 4,
  hashPreimage: 5,
  approvals: 6,
  anchorExists: 7,
  reply: 8,
  paymentReceived: 9,
} as const;
export type CondOp = keyof typeof CondTag;

/** Where a qualifying reply appears: a direct message to an address, or a post in a channel. */
export type ReplyTarget = { kind: "direct"; to: Address } | { kind: "channel"; channel: Uint8Array };
export const ReplyTargetTag = { direct: 0, channel: 1 } as const;

export type Condition =
  | { op: "and"; children: Condition[] }
  | { op: "or"; children: Condition[] }
  | { op: "not"; child: Condition }
  /** True once the clock reads at least `at`. */
  | { op: "after"; clock: ClockName; at: number }
  /** True while the clock reads less than `at`. */
  | { op: "before"; clock: ClockName; at: number }
  /** True when the claim tx reveals a preimage whose SHA-256 is `sha256`. */
  | { op: "hashPreimage"; sha256: Uint8Array }
  /** True when at least `m` of the listed addresses (ascending, unique) approved the action. */
  | { op: "approvals"; m: number; of: Address[] }
  /** True when state namespace `anchor` holds `hash`. */
  | { op: "anchorExists"; hash: Uint8Array }
  /** True once the block hook observed such a message (from `from`, or anyone) after creation. */
  | { op: "reply"; from: Address | null; target: ReplyTarget }
  /** True once the block hook observed one payment of at least `minAmount` from `from` to `to`. */
  | { op: "paymentReceived"; from: Address; to: Address; minAmount: bigint; asset: null };

/** Leaves the block hook fills by watching txs (condition-eval's `observed`). */
export type WatchedLeaf = Extract<Condition, { op: "reply" } | { op: "paymentReceived" }>;

// Bounds from the issue: small enough that evaluating a tree is a handful of map reads.
export const MAX_CONDITION_NODES = 16;
export const MAX_CONDITION_DEPTH = 4;
/** Approvers listed in one approvals node (M of N, N at most this). */
export const MAX_APPROVERS = 16;

/**
 * Fee per node, in cost units (CONDITION_UNIT_FEE base units each). A node's weight is the
 * work it brings beyond a comparison: a hash at claim time, a state read, or a watch-list
 * entry that every matching tx must look at while the action is open.
 */
export const CONDITION_UNIT_FEE = 200n;
export const NODE_WEIGHT: Record<CondOp, number> = {
  and: 1,
  or: 1,
  not: 1,
  after: 1,
  before: 1,
  hashPreimage: 2,
  approvals: 2,
  anchorExists: 2,
  reply: 4,
  paymentReceived: 4,
};
/** The most any valid tree can cost: every node of the heaviest weight. */
export const MAX_CONDITION_COST_UNITS = MAX_CONDITION_NODES * Math.max(...Object.values(NODE_WEIGHT));
