// Consensus wire messages: proposals and votes, their signing bytes and canonical encoding.
// A signature covers utf8(domain) || u8(len chainId) || chainId || msgpack(fields), so a vote
// cannot be replayed on another chain or read as a proposal. Fields are positional arrays.
// validRound is written as validRound + 1 (0 = none) because counters are unsigned on the wire.
import { decodeUnknown, encode, isCanonical, readArray, readBytes, readUint } from "../chain/codec.js";
import { concatBytes, utf8 } from "../util/bytes.js";
import { ParleyError, err, ok, type Result } from "../util/errors.js";
import type { ProposalValue, Signer, VerifyFn } from "./types.js";

export const VOTE_DOMAIN = "parley/vote/v1";
export const PROPOSAL_DOMAIN = "parley/proposal/v1";

export const HASH_LEN = 32;
export const ADDRESS_LEN = 32;
export const SIGNATURE_LEN = 64;
// Decoders refuse larger proposals before allocating; blocks are capped far below this by the chain.
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

/** Type byte of a vote on the wire and in its signature. */
export const VOTE_TYPES = { prevote: 0, precommit: 1 } as const;
export type VoteType = keyof typeof VOTE_TYPES;

export interface Vote {
  kind: "vote";
  type: VoteType;
  height: number;
  round: number;
  /** null = nil vote. */
  valueId: Uint8Array | null;
  validator: Uint8Array;
}

export interface SignedVote extends Vote {
  signature: Uint8Array;
}

export interface Proposal {
  kind: "proposal";
  height: number;
  round: number;
  /** -1 = none. */
  validRound: number;
  value: ProposalValue;
  proposer: Uint8Array;
}

export interface SignedProposal extends Proposal {
  signature: Uint8Array;
}

export type ConsensusMessage = SignedVote | SignedProposal;

/** Two valid votes by one validator for the same (height, round, type) with different ids. */
export interface Equivocation {
  vote1: SignedVote;
  vote2: SignedVote;
}

export type MessageErrorType =
  | { code: "MALFORMED" }
  | { code: "NON_CANONICAL" }
  | { code: "BAD_FIELD"; field: string }
  | { code: "TOO_LARGE"; size: number; max: number };

export class MessageError extends ParleyError<MessageErrorType> {}

export type ChainIdErrorType = { code: "CHAIN_ID_TOO_LONG"; length: number };
export class ChainIdError extends ParleyError<ChainIdErrorType> {}

const prefixCache = new Map<string, Uint8Array>();

/** utf8(domain) || u8(len chainId) || chainId; throws only on a misconfigured chain id. */
function domainPrefix(domain: string, chainId: string): Uint8Array {
  const key = `${domain}\u0000${chainId}`;
  let prefix = prefixCache.get(key);
  if (prefix === undefined) {
    const id = utf8(chainId);
    if (id.length > 255) throw new ChainIdError({ code: "CHAIN_ID_TOO_LONG", length: id.length });
    prefix = concatBytes(utf8(domain), Uint8Array.of(id.length), id);
    prefixCache.set(key, prefix);
  }
  return prefix;
}

function voteFields(v: Vote): unknown[] {
  return [VOTE_TYPES[v.type], v.height, v.round, v.valueId, v.validator];
}

function proposalFields(p: Proposal): unknown[] {
  return [p.height, p.round, p.validRound + 1, p.value.id, p.value.bytes, p.proposer];
}

export function voteSignBytes(chainId: string, v: Vote): Uint8Array {
  return concatBytes(domainPrefix(VOTE_DOMAIN, chainId), encode(voteFields(v)));
}

export function proposalSignBytes(chainId: string, p: Proposal): Uint8Array {
  return concatBytes(domainPrefix(PROPOSAL_DOMAIN, chainId), encode(proposalFields(p)));
}

export function signVote(chainId: string, v: Omit<Vote, "kind">, signer: Signer): SignedVote {
  const vote: Vote = { kind: "vote", ...v };
  return { ...vote, signature: signer.sign(voteSignBytes(chainId, vote)) };
}

export function signProposal(chainId: string, p: Omit<Proposal, "kind">, signer: Signer): SignedProposal {
  const proposal: Proposal = { kind: "proposal", ...p };
  return { ...proposal, signature: signer.sign(proposalSignBytes(chainId, proposal)) };
}

export function verifyVoteSignature(chainId: string, v: SignedVote, verify: VerifyFn): boolean {
  if (v.signature.length !== SIGNATURE_LEN) return false;
  return verify(v.validator, voteSignBytes(chainId, v), v.signature);
}

export function verifyProposalSignature(chainId: string, p: SignedProposal, verify: VerifyFn): boolean {
  if (p.signature.length !== SIGNATURE_LEN) return false;
  return verify(p.proposer, proposalSignBytes(chainId, p), p.signature);
}

export function encodeVote(v: SignedVote): Uint8Array {
  return encode([...voteFields(v), v.signature]);
}

export function encodeProposal(p: SignedProposal): Uint8Array {
  return encode([...proposalFields(p), p.signature]);
}

const VOTE_TYPE_BY_BYTE: readonly VoteType[] = ["prevote", "precommit"];

export function decodeVote(bytes: Uint8Array): Result<SignedVote, MessageError> {
  const raw = decodeUnknown(bytes);
  const a = readArray(raw, 6);
  if (a === undefined) return err(new MessageError({ code: "MALFORMED" }));
  if (!isCanonical(raw, bytes)) return err(new MessageError({ code: "NON_CANONICAL" }));
  const typeByte = readUint(a[0]);
  const type = typeByte === undefined ? undefined : VOTE_TYPE_BY_BYTE[typeByte];
  if (type === undefined) return err(bad("type"));
  const height = readUint(a[1]);
  if (height === undefined) return err(bad("height"));
  const round = readUint(a[2]);
  if (round === undefined) return err(bad("round"));
  const valueId = a[3] === null ? null : readBytes(a[3], HASH_LEN);
  if (valueId === undefined) return err(bad("valueId"));
  const validator = readBytes(a[4], ADDRESS_LEN);
  if (validator === undefined) return err(bad("validator"));
  const signature = readBytes(a[5], SIGNATURE_LEN);
  if (signature === undefined) return err(bad("signature"));
  return ok({ kind: "vote", type, height, round, valueId, validator, signature });
}

export function decodeProposal(
  bytes: Uint8Array,
  maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
): Result<SignedProposal, MessageError> {
  // The envelope adds well under 256 bytes to the value.
  const max = maxValueBytes + 256;
  if (bytes.length > max) return err(new MessageError({ code: "TOO_LARGE", size: bytes.length, max }));
  const raw = decodeUnknown(bytes);
  const a = readArray(raw, 7);
  if (a === undefined) return err(new MessageError({ code: "MALFORMED" }));
  if (!isCanonical(raw, bytes)) return err(new MessageError({ code: "NON_CANONICAL" }));
  const height = readUint(a[0]);
  if (height === undefined) return err(bad("height"));
  const round = readUint(a[1]);
  if (round === undefined) return err(bad("round"));
  const vrPlusOne = readUint(a[2]);
  // validRound < round: a proposal can only point at an earlier round's prevotes.
  if (vrPlusOne === undefined || vrPlusOne > round) return err(bad("validRound"));
  const id = readBytes(a[3], HASH_LEN);
  if (id === undefined) return err(bad("valueId"));
  const valueBytes = readBytes(a[4]);
  if (valueBytes === undefined) return err(bad("value"));
  if (valueBytes.length > maxValueBytes) {
    return err(new MessageError({ code: "TOO_LARGE", size: valueBytes.length, max: maxValueBytes }));
  }
  const proposer = readBytes(a[5], ADDRESS_LEN);
  if (proposer === undefined) return err(bad("proposer"));
  const signature = readBytes(a[6], SIGNATURE_LEN);
  if (signature === undefined) return err(bad("signature"));
  return ok({
    kind: "proposal",
    height,
    round,
    validRound: vrPlusOne - 1,
    value: { id, bytes: valueBytes },
    proposer,
    signature,
  });
}

function bad(field: string): MessageError {
  return new MessageError({ code: "BAD_FIELD", field });
}
