// What the engine says about a message it was given, for the network layer's peer scoring:
// reject = provably bad (a peer that forwards it is misbehaving), ignore = harmless but not
// useful (stale, duplicate, too far ahead), accept = counted and worth relaying.
import type { Equivocation } from "./messages.js";

export const REJECT_REASONS = [
  "BAD_SIGNATURE", // includes a signature made for another chain id: the chain id is in the signed bytes
  "NOT_VALIDATOR",
  "WRONG_PROPOSER",
  "BAD_VALID_ROUND",
  "MALFORMED",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const IGNORE_REASONS = [
  "NOT_RUNNING",
  "STALE_HEIGHT",
  "FUTURE_HEIGHT",
  "FUTURE_BUFFER_FULL",
  "NO_VALIDATOR_SET",
  "ROUND_TOO_FAR",
  "DUPLICATE",
  "EQUIVOCATION_CAP",
  "DECIDED",
  "TOO_MANY_PROPOSALS",
] as const;
export type IgnoreReason = (typeof IGNORE_REASONS)[number];

export type Verdict =
  | { verdict: "accept"; evidence?: Equivocation }
  | { verdict: "ignore"; reason: IgnoreReason }
  | { verdict: "reject"; reason: RejectReason };

export const ACCEPT: Verdict = { verdict: "accept" };

export function ignore(reason: IgnoreReason): Verdict {
  return { verdict: "ignore", reason };
}

export function reject(reason: RejectReason): Verdict {
  return { verdict: "reject", reason };
}
