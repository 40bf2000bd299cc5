import { describe, expect, it } from "vitest";
import { encode } from "../../../src/chain/codec.js";
import {
  decodeProposal,
  decodeVote,
  encodeProposal,
  encodeVote,
  proposalSignBytes,
  signProposal,
  signVote,
  verifyProposalSignature,
  verifyVoteSignature,
  voteSignBytes,
} from "../../../src/consensus/messages.js";
import { concatBytes, toHex, utf8 } from "../../../src/util/bytes.js";
import { testValue } from "./bench.js";
import { makeKeys, nobleSigner, nobleVerify } from "./keys.js";

const key = makeKeys(1, "messages")[0]!;
const signer = nobleSigner(key);
const v = testValue("v");

describe("consensus messages", () => {
  it("a vote round-trips through its canonical encoding and still verifies", () => {
    for (const valueId of [v.id, null]) {
      const vote = signVote("chain-a", { type: "precommit", height: 7, round: 3, valueId, validator: key.publicKey }, signer);
      const decoded = decodeVote(encodeVote(vote));
      expect(decoded.ok && decoded.value).toEqual(vote);
      expect(decoded.ok && verifyVoteSignature("chain-a", decoded.value, nobleVerify)).toBe(true);
    }
  });

  it("a proposal round-trips, validRound -1 included, and still verifies", () => {
    for (const validRound of [-1, 0, 4]) {
      const p = signProposal("chain-a", { height: 2, round: 5, validRound, value: v, proposer: key.publicKey }, signer);
      const decoded = decodeProposal(encodeProposal(p));
      expect(decoded.ok && decoded.value).toEqual(p);
      expect(decoded.ok && verifyProposalSignature("chain-a", decoded.value, nobleVerify)).toBe(true);
    }
  });

  it("the signed bytes are domain || u8(len chainId) || chainId || msgpack(fields), so a vote does not verify on another chain", () => {
    const vote = signVote("chain-a", { type: "prevote", height: 1, round: 0, valueId: v.id, validator: key.publicKey }, signer);
    const expected = concatBytes(utf8("parley/vote/v1"), Uint8Array.of(7), utf8("chain-a"), encode([0, 1, 0, v.id, key.publicKey]));
    expect(toHex(voteSignBytes("chain-a", vote))).toBe(toHex(expected));
    expect(verifyVoteSignature("chain-b", vote, nobleVerify)).toBe(false);
  });

  it("vote and proposal signatures are domain-separated", () => {
    const p = signProposal("c", { height: 1, round: 0, validRound: -1, value: v, proposer: key.publicKey }, signer);
    expect(toHex(proposalSignBytes("c", p)).startsWith(toHex(utf8("parley/proposal/v1")))).toBe(true);
  });

  it("decoding rejects non-canonical bytes, wrong lengths, unknown vote types and a validRound not below the round", () => {
    const vote = signVote("c", { type: "prevote", height: 1, round: 0, valueId: v.id, validator: key.publicKey }, signer);
    const fields = [0, 1, 0, v.id, key.publicKey, vote.signature];
    // height 1 written as a 2-byte uint instead of a fixint
    const nonCanonical = encodeVote(vote).slice();
    const loose = concatBytes(nonCanonical.subarray(0, 2), Uint8Array.of(0xcd, 0x00, 0x01), nonCanonical.subarray(3));
    expect(decodeVote(loose)).toMatchObject({ ok: false, error: { type: { code: "NON_CANONICAL" } } });
    expect(decodeVote(encode([0, 1, 0, v.id.subarray(1), key.publicKey, vote.signature]))).toMatchObject({
      ok: false,
      error: { type: { code: "BAD_FIELD", field: "valueId" } },
    });
    expect(decodeVote(encode([2, ...fields.slice(1)]))).toMatchObject({ ok: false, error: { type: { code: "BAD_FIELD", field: "type" } } });
    expect(decodeVote(encode(fields.slice(1)))).toMatchObject({ ok: false, error: { type: { code: "MALFORMED" } } });
    expect(decodeVote(Uint8Array.of(0xc1))).toMatchObject({ ok: false, error: { type: { code: "MALFORMED" } } });
    const p = signProposal("c", { height: 1, round: 2, validRound: -1, value: v, proposer: key.publicKey }, signer);
    const pf = [1, 2, 3, v.id, v.bytes, key.publicKey, p.signature]; // validRound + 1 = 3 > round
    expect(decodeProposal(encode(pf))).toMatchObject({ ok: false, error: { type: { code: "BAD_FIELD", field: "validRound" } } });
    expect(decodeProposal(encodeProposal(p), 8)).toMatchObject({ ok: false, error: { type: { code: "TOO_LARGE" } } });
  });
});
