// Every structure that is hashed or signed refuses an integer in any but its canonical form
// (docs/PROTOCOL.md section 1): floats, signed forms, a u64 written short, a counter written
// long. Each case builds the structure element by element and swaps one integer's bytes.
import { describe, expect, it } from "vitest";
import { decodeHeader, encodeHeader } from "../../../src/chain/block/codec.js";
import { BLOCK_VERSION, type BlockHeader } from "../../../src/chain/block/types.js";
import { encode } from "../../../src/chain/codec.js";
import { decodeTx } from "../../../src/chain/tx/codec.js";
import { TxKind } from "../../../src/chain/tx/kinds.js";
import { decodeCertificate } from "../../../src/consensus/certificate.js";
import { decodeVote } from "../../../src/consensus/messages.js";
import { decodeProof } from "../../../src/chain/state/smt/proof.js";
import { concatBytes, utf8 } from "../../../src/util/bytes.js";
import { sha256 } from "../../../src/crypto/native.js";
import { anyMsgpack } from "../../fixtures/any-msgpack.js";

const MAX_TX = 80 * 1024;

/** A msgpack fixarray of already-encoded elements. */
function rawArray(elements: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(0x90 | elements.length), ...elements);
}

function float64(n: number): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = 0xcb;
  new DataView(b.buffer).setFloat64(1, n);
  return b;
}

function int64(n: bigint): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = 0xd3;
  new DataView(b.buffer).setBigInt64(1, n);
  return b;
}

function uint64(n: bigint): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = 0xcf;
  new DataView(b.buffer).setBigUint64(1, n);
  return b;
}

const from = sha256(utf8("from"));
const to = sha256(utf8("to"));

/** A transfer payload's elements: [kind, chainId, from, nonce, fee, expiry, body]. */
function transferElements(body: Uint8Array = encode([to, 1000n, null])): Uint8Array[] {
  return [encode(TxKind.transfer), encode("parley-test"), encode(from), encode(7), encode(1200n), encode(600), body];
}

function txWith(index: number, element: Uint8Array): Uint8Array {
  const e = transferElements();
  e[index] = element;
  return concatBytes(new Uint8Array(64), rawArray(e));
}

function txCode(bytes: Uint8Array): string {
  const r = decodeTx(bytes, MAX_TX);
  return r.ok ? "ok" : r.error.code;
}

describe("a tx payload", () => {
  it("sanity: built element by element it decodes", () => {
    expect(txCode(concatBytes(new Uint8Array(64), rawArray(transferElements())))).toBe("ok");
  });

  it("refuses a fee or an amount written as int64, as version 1 wrote them", () => {
    expect(txCode(txWith(4, int64(1200n)))).toBe("NON_CANONICAL");
    const e = transferElements(rawArray([encode(to), int64(1000n), encode(null)]));
    expect(txCode(concatBytes(new Uint8Array(64), rawArray(e)))).toBe("NON_CANONICAL");
  });

  it("refuses a fee written in a short form: a u64 is always 9 bytes", () => {
    expect(txCode(txWith(4, encode(1200)))).toBe("BAD_ENCODING");
  });

  it("refuses a nonce written as a float64, whole or not, and as a signed int", () => {
    expect(txCode(txWith(3, float64(7)))).toBe("NON_CANONICAL");
    expect(txCode(txWith(3, float64(2 ** 32)))).toBe("NON_CANONICAL");
    expect(txCode(txWith(3, float64(7.5)))).toBe("BAD_ENCODING");
    expect(txCode(txWith(3, Uint8Array.of(0xd0, 7)))).toBe("NON_CANONICAL");
  });

  it("refuses a nonce below 2^32 written as uint64, and accepts one at 2^32 in that form", () => {
    expect(txCode(txWith(3, uint64(7n)))).toBe("BAD_ENCODING");
    const r = decodeTx(txWith(3, uint64(2n ** 32n)), MAX_TX);
    if (!r.ok) throw r.error;
    expect(r.value.tx.nonce).toBe(2 ** 32);
  });
});

function header(over: Partial<BlockHeader> = {}): BlockHeader {
  const h = (s: string) => sha256(utf8(s));
  return {
    version: BLOCK_VERSION, chainId: "parley-test", height: 3, time: 1_795_305_600_000, parentHash: h("p"), proposer: h("q"),
    txRoot: h("t"), txCount: 0, stateRoot: h("s"), validatorsHash: h("v"), nextValidatorsHash: h("n"), lastCommitHash: h("l"),
    ...over,
  };
}

const TIME_AT = 15;

function fieldsOf(x: BlockHeader): unknown[] {
  return [x.version, x.chainId, x.height, x.time, x.parentHash, x.proposer, x.txRoot, x.txCount, x.stateRoot, x.validatorsHash, x.nextValidatorsHash, x.lastCommitHash];
}

describe("a block header", () => {
  it("writes its time (ms, above 2^32) as uint64 and reads it back", () => {
    const bytes = encodeHeader(header());
    // [fixarray, version, fixstr "parley-test" (12 bytes), height] come first.
    expect(bytes[TIME_AT]).toBe(0xcf);
    const r = decodeHeader(bytes);
    expect(r.ok && r.value.time).toBe(1_795_305_600_000);
  });

  it("refuses a header as version 1 wrote it: its time a float64", () => {
    // msgpackr, which wrote version 1 headers, packs a number at or above 2^32 as float64.
    const v1 = anyMsgpack(fieldsOf(header({ version: 1 })));
    expect(v1[TIME_AT]).toBe(0xcb);
    const r = decodeHeader(v1);
    expect(!r.ok && r.error.type).toEqual({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical header" });
  });

  it("refuses a time below 2^32 written as uint64 and a height written as uint32", () => {
    const elements = fieldsOf(header({ time: 1000 })).map((f) => encode(f));
    expect(decodeHeader(rawArray(elements)).ok).toBe(true);
    const longTime = [...elements];
    longTime[3] = uint64(1000n);
    expect(decodeHeader(rawArray(longTime)).ok).toBe(false);
    const longHeight = [...elements];
    longHeight[2] = Uint8Array.of(0xce, 0, 0, 0, 3);
    expect(decodeHeader(rawArray(longHeight)).ok).toBe(false);
  });
});

describe("votes and certificates", () => {
  const valueId = sha256(utf8("block"));
  const validator = sha256(utf8("validator"));
  const sig = new Uint8Array(64).fill(9);
  const vote = (height: Uint8Array) => rawArray([encode(1), height, encode(0), encode(valueId), encode(validator), encode(sig)]);
  const cert = (height: Uint8Array) => rawArray([height, encode(0), encode(valueId), encode([[validator, sig]])]);

  it("read a height of 2^32 or more from uint64", () => {
    const v = decodeVote(vote(uint64(2n ** 40n)));
    expect(v.ok && v.value.height).toBe(2 ** 40);
    const c = decodeCertificate(cert(uint64(2n ** 40n)));
    expect(c.ok && c.value.height).toBe(2 ** 40);
  });

  it("refuse a height written as float64 or as a uint64 below 2^32", () => {
    for (const height of [float64(5), float64(2 ** 40), uint64(5n), int64(5n)]) {
      expect(decodeVote(vote(height)).ok).toBe(false);
      expect(decodeCertificate(cert(height)).ok).toBe(false);
    }
    expect(decodeVote(vote(encode(5))).ok).toBe(true);
    expect(decodeCertificate(cert(encode(5))).ok).toBe(true);
  });
});

describe("a state proof", () => {
  it("refuses its depth written as a float64", () => {
    const canonical = rawArray([encode(0), encode(new Uint8Array(0)), encode([]), encode(null)]);
    expect(decodeProof(canonical)).toBeDefined();
    expect(decodeProof(rawArray([float64(0), encode(new Uint8Array(0)), encode([]), encode(null)]))).toBeUndefined();
  });
});
