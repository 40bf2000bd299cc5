// Admission checks for incoming proposals and votes, in the order of the rules they enforce.
// Each returns a verdict when the message must not be counted, or null when it may be; the
// engine then adds it. Cheap checks come before the signature so junk costs no verification.
import { bytesEqual } from "../util/bytes.js";
import type { FutureBuffer } from "./future-buffer.js";
import type { HeightState } from "./height-state.js";
import {
  HASH_LEN,
  verifyProposalSignature,
  verifyVoteSignature,
  type ConsensusMessage,
  type SignedProposal,
  type SignedVote,
} from "./messages.js";
import type { VerifyFn } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";
import { ignore, reject, type Verdict } from "./verdict.js";

// Rounds kept ahead of ours: enough to follow peers through hours of growing timeouts, while a
// faulty validator can make us store only a couple of votes per round inside it.
export const ROUND_WINDOW = 256;
// An honest proposer sends one proposal per round; more are kept only so that the value the
// others decide is among them when a faulty proposer sends several.
export const MAX_PROPOSALS_PER_ROUND = 4;

export interface SignatureContext {
  chainId: string;
  verify: VerifyFn;
  /** Already verified (replayed from the next-height buffer). */
  verified: boolean;
}

/** A vote of the current height. */
export function checkVote(hs: HeightState, v: SignedVote, ctx: SignatureContext): Verdict | null {
  // [IGNORE] we keep a bounded number of rounds ahead of ours
  if (v.round > hs.round + ROUND_WINDOW) return ignore("ROUND_TOO_FAR");
  // [REJECT] the voter is a validator of this height
  if (!hs.validators.has(v.validator)) return reject("NOT_VALIDATOR");
  // [REJECT] a vote is for a 32-byte id or nil
  if (v.valueId !== null && v.valueId.length !== HASH_LEN) return reject("MALFORMED");
  // [IGNORE] this validator's vote for this id is already counted
  if (hs.votes.get(v.round, v.type).classify(v).status === "duplicate") return ignore("DUPLICATE");
  // [REJECT] signature over (chain id, height, round, type, id)
  if (!ctx.verified && !verifyVoteSignature(ctx.chainId, v, ctx.verify)) return reject("BAD_SIGNATURE");
  return null;
}

/** A proposal of the current height. */
export function checkProposal(hs: HeightState, p: SignedProposal, ctx: SignatureContext): Verdict | null {
  // [IGNORE] we keep a bounded number of rounds ahead of ours
  if (p.round > hs.round + ROUND_WINDOW) return ignore("ROUND_TOO_FAR");
  // [REJECT] the proposer is a validator, and the one of (height, round)
  if (!hs.validators.has(p.proposer)) return reject("NOT_VALIDATOR");
  if (!bytesEqual(hs.validators.proposer(hs.height, p.round), p.proposer)) return reject("WRONG_PROPOSER");
  // [REJECT] validRound is none (-1) or an earlier round
  if (!Number.isInteger(p.validRound) || p.validRound < -1 || p.validRound >= p.round) return reject("BAD_VALID_ROUND");
  // [REJECT] the value id is a 32-byte hash
  if (p.value.id.length !== HASH_LEN) return reject("MALFORMED");
  const list = hs.proposalsIn(p.round);
  // [IGNORE] this value was already proposed in this round
  if (list.some((s) => bytesEqual(s.msg.value.id, p.value.id))) return ignore("DUPLICATE");
  // [IGNORE] a proposer that already sent several different proposals this round
  if (list.length >= MAX_PROPOSALS_PER_ROUND) return ignore("TOO_MANY_PROPOSALS");
  // [REJECT] signature over the proposal, value bytes included
  if (!ctx.verified && !verifyProposalSignature(ctx.chainId, p, ctx.verify)) return reject("BAD_SIGNATURE");
  return null;
}

/** A message of the next height, checked against that height's set before it is buffered. */
export function checkNextHeight(
  set: ValidatorSet,
  height: number,
  msg: ConsensusMessage,
  buffer: FutureBuffer,
  ctx: SignatureContext,
): Verdict | null {
  const sender = msg.kind === "vote" ? msg.validator : msg.proposer;
  // [REJECT] sent by a validator of that height, and by the round's proposer for a proposal
  if (!set.has(sender)) return reject("NOT_VALIDATOR");
  if (msg.kind === "proposal" && !bytesEqual(set.proposer(height, msg.round), sender)) return reject("WRONG_PROPOSER");
  // [IGNORE] already buffered, or this sender's share of the buffer is used up
  if (buffer.has(height, msg)) return ignore("DUPLICATE");
  if (buffer.isFull(height, sender)) return ignore("FUTURE_BUFFER_FULL");
  // [REJECT] signature
  const good =
    msg.kind === "vote" ? verifyVoteSignature(ctx.chainId, msg, ctx.verify) : verifyProposalSignature(ctx.chainId, msg, ctx.verify);
  return good ? null : reject("BAD_SIGNATURE");
}
