import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeBlock, decodeHeader, encodeBlock, encodeHeader, type BlockErrorType } from "../../../../src/chain/block/codec.js";
import { BLOCK_VERSION, type Block, type BlockHeader } from "../../../../src/chain/block/types.js";
import { encode } from "../../../../src/chain/codec.js";
import { anyMsgpack } from "../../../fixtures/any-msgpack.js";
import type { Result } from "../../../../src/util/errors.js";
import { concatBytes, toHex, utf8 } from "../../../../src/util/bytes.js";

const MAX = 1024 * 1024;

function h(label: string): Uint8Array {
  return sha256(utf8(label));
}

function header(over: Partial<BlockHeader> = {}): BlockHeader {
  return {
    version: BLOCK_VERSION,
    chainId: "parley-test",
    height: 42,
    time: 1_700_000_000_123,
    parentHash: h("parent"),
    proposer: h("proposer"),
    txRoot: h("txRoot"),
    txCount: 2,
    stateRoot: h("stateRoot"),
    validatorsHash: h("vals"),
    nextValidatorsHash: h("next-vals"),
    lastCommitHash: h("last-commit"),
    ...over,
  };
}

function block(over: Partial<Block> = {}): Block {
  return { header: header(), txs: [Uint8Array.of(1, 2, 3), new Uint8Array(200).fill(7)], lastCommit: Uint8Array.of(9, 9, 9), ...over };
}

function headerFields(x: BlockHeader): unknown[] {
  return [x.version, x.chainId, x.height, x.time, x.parentHash, x.proposer, x.txRoot, x.txCount, x.stateRoot, x.validatorsHash, x.nextValidatorsHash, x.lastCommitHash];
}

function errorOf<T>(r: Result<T, { type: BlockErrorType }>): BlockErrorType {
  if (r.ok) throw new Error("expected a rejection");
  return r.error.type;
}

/** A msgpack fixarray written element by element, so one element can be encoded non-canonically. */
function rawArray(elements: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(0x90 | elements.length), ...elements);
}

describe("block header codec", () => {
  it("round-trips a header field for field", () => {
    const r = decodeHeader(encodeHeader(header()));
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(header());
  });

  it("round-trips heights and times beyond 32 bits", () => {
    const x = header({ height: 2 ** 40, time: Number.MAX_SAFE_INTEGER, txCount: 0 });
    const r = decodeHeader(encodeHeader(x));
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(x);
  });

  it("rejects a header with a field missing or of the wrong type", () => {
    const fields = headerFields(header());
    expect(errorOf(decodeHeader(encode(fields.slice(0, 11)))).code).toBe("BAD_BLOCK_ENCODING");
    for (const [i, bad] of [[0, "1"], [1, 7], [2, -1], [3, 1.5], [4, new Uint8Array(31)], [7, null], [11, "x"]] as const) {
      const copy = [...fields];
      copy[i] = bad;
      expect(errorOf(decodeHeader(anyMsgpack(copy))).code, `field ${i}`).toBe("BAD_BLOCK_ENCODING");
    }
  });

  it("rejects a header whose height is written as a 32-bit int where a fixint is canonical", () => {
    const elements = headerFields(header()).map((f) => encode(f));
    // sanity: element-by-element is the canonical encoding
    expect(toHex(rawArray(elements))).toBe(toHex(encodeHeader(header())));
    elements[2] = Uint8Array.of(0xce, 0, 0, 0, 42);
    expect(errorOf(decodeHeader(rawArray(elements)))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical header" });
  });

  it("rejects a header with trailing bytes, a truncated header and a map-shaped header", () => {
    const bytes = encodeHeader(header());
    expect(decodeHeader(concatBytes(bytes, Uint8Array.of(0))).ok).toBe(false);
    for (let len = 0; len < bytes.length; len++) expect(decodeHeader(bytes.subarray(0, len)).ok, `length ${len}`).toBe(false);
    const asMap = anyMsgpack(new Map(headerFields(header()).map((v, i) => [i, v] as const)));
    expect(errorOf(decodeHeader(asMap)).code).toBe("BAD_BLOCK_ENCODING");
  });
});

describe("block codec", () => {
  it("round-trips a block with txs and a last commit", () => {
    const r = decodeBlock(encodeBlock(block()), MAX);
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(block());
  });

  it("round-trips an empty block without a last commit", () => {
    const b = block({ txs: [], lastCommit: null, header: header({ txCount: 0 }) });
    const r = decodeBlock(encodeBlock(b), MAX);
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(b);
  });

  it("rejects a block over the size limit before decoding it", () => {
    const bytes = encodeBlock(block());
    expect(errorOf(decodeBlock(bytes, bytes.length - 1)).code).toBe("TOO_LARGE");
    expect(decodeBlock(bytes, bytes.length).ok).toBe(true);
  });

  it("rejects wrong shapes: not 3 elements, a tx that is not bytes, a last commit that is not bytes or nil", () => {
    const fields = headerFields(header());
    expect(errorOf(decodeBlock(encode([fields, []]), MAX)).code).toBe("BAD_BLOCK_ENCODING");
    expect(errorOf(decodeBlock(encode([fields, ["tx"], null]), MAX))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "tx must be bytes" });
    expect(errorOf(decodeBlock(encode([fields, [], 5]), MAX))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "lastCommit must be bytes or nil" });
    expect(errorOf(decodeBlock(encode([fields, new Uint8Array(3), null]), MAX))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "txs must be an array" });
  });

  it("rejects a block whose header is encoded non-canonically", () => {
    const elements = headerFields(header()).map((f) => encode(f));
    elements[0] = Uint8Array.of(0xcc, BLOCK_VERSION); // uint8 where a fixint is canonical
    const bytes = rawArray([rawArray(elements), encode([]), encode(null)]);
    expect(errorOf(decodeBlock(bytes, MAX))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical block" });
  });

  it("rejects a block whose tx bytes are written as bin16 where bin8 is canonical", () => {
    const tx = Uint8Array.of(1, 2, 3);
    const bytes = rawArray([encode(headerFields(header())), rawArray([concatBytes(Uint8Array.of(0xc5, 0, 3), tx)]), encode(null)]);
    expect(errorOf(decodeBlock(bytes, MAX))).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical block" });
    // The canonical form of the same block is accepted.
    expect(decodeBlock(encode([headerFields(header()), [tx], null]), MAX).ok).toBe(true);
  });

  it("rejects a block with trailing bytes and every truncation", () => {
    const bytes = encodeBlock(block());
    expect(decodeBlock(concatBytes(bytes, Uint8Array.of(0xc0)), MAX).ok).toBe(false);
    for (let len = 0; len < bytes.length; len += 7) expect(decodeBlock(bytes.subarray(0, len), MAX).ok, `length ${len}`).toBe(false);
    expect(decodeBlock(bytes.subarray(0, bytes.length - 1), MAX).ok).toBe(false);
  });
});
