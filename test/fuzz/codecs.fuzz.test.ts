// Fuzz target: every decoder that reads peer bytes (block header, block, vote, proposal, commit
// certificate, the consensus gossip wrapper). From random bytes, random tuples of the right
// arity and mutations of valid encodings: a decoder returns a result and never throws, and
// whatever it accepts re-encodes to exactly the input (one value, one encoding). The tx decoder
// has its own target in test/unit/chain/tx/codec-fuzz.test.ts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeBlock, decodeHeader, encodeBlock, encodeHeader } from "../../src/chain/block/codec.js";
import { decodeCertificate, encodeCertificate } from "../../src/consensus/certificate.js";
import { decodeProposal, decodeVote, encodeProposal, encodeVote } from "../../src/consensus/messages.js";
import { unwrapConsensus, wrapConsensus } from "../../src/node/p2p.js";
import type { Result } from "../../src/util/errors.js";
import { toHex } from "../../src/util/bytes.js";
import { hostileBytes, runs, seed } from "./arbitraries.js";
import { BLOCKS, CERTIFICATES, HEADERS, PROPOSALS, VOTES } from "./corpus.js";

const MAX_BLOCK = 1 << 20;

interface Target<T> {
  name: string;
  corpus: Uint8Array[];
  arity: number;
  decode: (b: Uint8Array) => Result<T, Error>;
  encode: (v: T) => Uint8Array;
}

const targets = [
  { name: "decodeHeader", corpus: HEADERS, arity: 12, decode: decodeHeader, encode: encodeHeader },
  { name: "decodeBlock", corpus: BLOCKS, arity: 3, decode: (b: Uint8Array) => decodeBlock(b, MAX_BLOCK), encode: encodeBlock },
  { name: "decodeVote", corpus: VOTES, arity: 6, decode: decodeVote, encode: encodeVote },
  { name: "decodeProposal", corpus: PROPOSALS, arity: 7, decode: (b: Uint8Array) => decodeProposal(b, MAX_BLOCK), encode: encodeProposal },
  { name: "decodeCertificate", corpus: CERTIFICATES, arity: 4, decode: decodeCertificate, encode: encodeCertificate },
] as Array<Target<unknown>>;

describe("peer-facing decoders on hostile input", () => {
  for (const t of targets) {
    it(`${t.name} decodes its valid corpus and round-trips it`, () => {
      for (const b of t.corpus) {
        const r = t.decode(b);
        if (!r.ok) throw r.error;
        expect(toHex(t.encode(r.value))).toBe(toHex(b));
      }
    });

    it(`${t.name} never throws, and accepts only canonical encodings`, () => {
      fc.assert(
        fc.property(hostileBytes(t.corpus, t.arity), (bytes) => {
          const r = t.decode(bytes);
          expect(typeof r.ok).toBe("boolean");
          if (r.ok) expect(toHex(t.encode(r.value))).toBe(toHex(bytes));
          else expect(r.error.name).toMatch(/Error$/);
        }),
        { numRuns: runs(400), seed: seed(t.name.length * 7919) },
      );
    });
  }

  it("unwrapConsensus returns the inner bytes of a wrapped message and undefined for anything malformed, never throwing", () => {
    const wrapped = VOTES.map(wrapConsensus);
    for (let i = 0; i < VOTES.length; i++) expect(toHex(unwrapConsensus(wrapped[i]!)!)).toBe(toHex(VOTES[i]!));
    fc.assert(
      fc.property(hostileBytes(wrapped, 2), (bytes) => {
        const inner = unwrapConsensus(bytes);
        expect(inner === undefined || inner instanceof Uint8Array).toBe(true);
      }),
      { numRuns: runs(400), seed: seed(101) },
    );
  });
});
