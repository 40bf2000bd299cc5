import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodePayload, decodeTx, encodePayload, signingMessage } from "../../../../src/chain/tx/codec.js";
import { encode } from "../../../../src/chain/codec.js";
import { anyMsgpack } from "../../../fixtures/any-msgpack.js";
import { TxKind } from "../../../../src/chain/tx/kinds.js";
import type { TxErrorType } from "../../../../src/chain/tx/errors.js";
import { verifyEd25519 } from "../../../../src/crypto/native.js";
import { signBytes } from "../../../../src/client/keys.js";
import { concatBytes, toHex, u32be } from "../../../../src/util/bytes.js";
import { ALL_KINDS, CHAIN_ID, SAMPLE_BODIES, identity, sampleTx } from "./fixtures.js";

const MAX = 80 * 1024;

function errorOf(r: ReturnType<typeof decodeTx>): TxErrorType {
  if (r.ok) throw new Error("expected the tx to be rejected");
  return r.error.type;
}

/** Wire bytes for a hand-made payload (a zero signature: decoding never looks at it). */
function wire(payload: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array(64), payload);
}

/** A msgpack array written element by element, so one element can be given a non-canonical encoding. */
function rawArray(elements: Uint8Array[]): Uint8Array {
  if (elements.length > 15) throw new Error("fixarray only");
  return concatBytes(Uint8Array.of(0x90 | elements.length), ...elements);
}

const alice = identity("alice");
const transfer = sampleTx("transfer").stx.tx;
const transferBody = SAMPLE_BODIES.transfer;

/** The transfer sample's payload with element `i` replaced by the given raw bytes. */
function transferWith(i: number, rawElement: Uint8Array): Uint8Array {
  const elements = [
    encode(TxKind.transfer),
    encode(transfer.chainId),
    encode(transfer.from),
    encode(transfer.nonce),
    encode(transfer.fee),
    encode(transfer.expiry),
    encode([transferBody.to, transferBody.amount, transferBody.memo]),
  ];
  elements[i] = rawElement;
  return rawArray(elements);
}

describe("tx codec round trip", () => {
  for (const kind of ALL_KINDS) {
    it(`decodes a ${kind} tx to exactly what was signed, and re-encodes to the same bytes`, () => {
      const built = sampleTx(kind);
      const r = decodeTx(built.bytes, MAX);
      if (!r.ok) throw r.error;
      expect(r.value.tx).toEqual(built.stx.tx);
      expect(r.value.tx.kind).toBe(kind);
      expect(toHex(r.value.sig)).toBe(toHex(built.stx.sig));
      expect(toHex(encodePayload(r.value.tx))).toBe(toHex(r.value.payload));
      expect(toHex(r.value.payload)).toBe(toHex(built.stx.payload));
    });
  }

  it("round-trips a message without a self-copy", () => {
    const built = sampleTx("message", { body: { ...SAMPLE_BODIES.message, selfEnvelope: null, amount: 0n } });
    const r = decodeTx(built.bytes, MAX);
    if (!r.ok) throw r.error;
    expect(r.value.tx).toEqual(built.stx.tx);
  });

  it("round-trips a transfer without a memo and with maximal u64 amount and fee", () => {
    const built = sampleTx("transfer", { fee: 2n ** 64n - 1n, body: { to: identity("bob").publicKey, amount: 2n ** 64n - 1n, memo: null } });
    const r = decodeTx(built.bytes, MAX);
    if (!r.ok) throw r.error;
    expect(r.value.tx).toEqual(built.stx.tx);
  });

  it("keeps the fee's encoding fixed-width, so the size of a tx does not depend on its fee", () => {
    expect(sampleTx("anchor", { fee: 1n }).bytes.length).toBe(sampleTx("anchor", { fee: 2n ** 60n }).bytes.length);
  });

  it("sanity: the hand-made element-by-element payload equals the encoder's", () => {
    const payload = transferWith(3, encode(transfer.nonce));
    expect(toHex(payload)).toBe(toHex(encodePayload(transfer)));
    expect(decodeTx(wire(payload), MAX).ok).toBe(true);
  });
});

describe("tx id and signature", () => {
  it("is SHA-256 of the payload, as the builder reports it", () => {
    for (const kind of ALL_KINDS) {
      const built = sampleTx(kind);
      expect(built.id).toBe(toHex(sha256(built.stx.payload)));
    }
  });

  it("does not change when the signature bytes change", () => {
    const built = sampleTx("message");
    const tampered = built.bytes.slice();
    tampered[5]! ^= 0xff;
    tampered[40]! ^= 0x01;
    const r = decodeTx(tampered, MAX);
    if (!r.ok) throw r.error;
    expect(toHex(sha256(r.value.payload))).toBe(built.id);
    expect(toHex(r.value.sig)).not.toBe(toHex(built.stx.sig));
    expect(verifyEd25519(r.value.tx.from, signingMessage(CHAIN_ID, r.value.payload), r.value.sig)).toBe(false);
  });

  it("verifies a signature made for this chain", () => {
    const built = sampleTx("transfer");
    expect(verifyEd25519(alice.publicKey, signingMessage(CHAIN_ID, built.stx.payload), built.stx.sig)).toBe(true);
  });

  it("fails verification when the signature was made over another chainId", () => {
    const built = sampleTx("transfer");
    const foreignSig = signBytes(alice.secretKey, signingMessage("parley-other", built.stx.payload));
    expect(verifyEd25519(alice.publicKey, signingMessage(CHAIN_ID, built.stx.payload), foreignSig)).toBe(false);
    // And a whole tx built for another chain does not verify under this chain's domain.
    const foreign = sampleTx("transfer", { chainId: "parley-other" });
    expect(verifyEd25519(alice.publicKey, signingMessage(CHAIN_ID, foreign.stx.payload), foreign.stx.sig)).toBe(false);
    expect(verifyEd25519(alice.publicKey, signingMessage("parley-other", foreign.stx.payload), foreign.stx.sig)).toBe(true);
  });

  it("length-prefixes the chainId, so chainId and payload bytes cannot trade places", () => {
    const payload = Uint8Array.of(0x62, 0x63);
    expect(signingMessage("a", payload)).not.toEqual(signingMessage("ab", payload.subarray(1)));
  });
});

describe("tx decoding rejects malformed bytes", () => {
  const good = sampleTx("channelCreate").bytes;

  it("rejects every truncation of a valid tx", () => {
    for (let len = 0; len < good.length; len++) {
      const r = decodeTx(good.subarray(0, len), MAX);
      expect(r.ok, `truncated to ${len} bytes`).toBe(false);
    }
  });

  it("rejects a tx no longer than a signature as BAD_ENCODING", () => {
    expect(errorOf(decodeTx(new Uint8Array(64), MAX)).code).toBe("BAD_ENCODING");
  });

  it("rejects trailing bytes after the payload", () => {
    for (const extra of [Uint8Array.of(0), Uint8Array.of(0xc0), encode([1, 2])]) {
      const code = errorOf(decodeTx(concatBytes(good, extra), MAX)).code;
      expect(["BAD_ENCODING", "NON_CANONICAL"]).toContain(code);
    }
  });

  it("rejects an unknown kind byte as UNKNOWN_KIND", () => {
    expect(errorOf(decodeTx(wire(transferWith(0, encode(0x7f))), MAX))).toEqual({ code: "UNKNOWN_KIND", kind: 0x7f });
    expect(errorOf(decodeTx(wire(transferWith(0, encode(0))), MAX))).toEqual({ code: "UNKNOWN_KIND", kind: 0 });
    expect(errorOf(decodeTx(wire(transferWith(0, encode("transfer"))), MAX)).code).toBe("UNKNOWN_KIND");
  });

  it("rejects a body that belongs to another kind", () => {
    // An anchor's kind byte over a transfer's body fields.
    expect(errorOf(decodeTx(wire(transferWith(0, encode(TxKind.anchor))), MAX)).code).toBe("BAD_ENCODING");
  });

  const wrongFields: Array<[string, number, unknown]> = [
    ["chainId as a number", 1, 5],
    ["chainId longer than 64 characters", 1, "c".repeat(65)],
    ["from of 31 bytes", 2, new Uint8Array(31)],
    ["from as a string", 2, "alice"],
    ["nonce as a negative number", 3, -1],
    ["nonce as a float", 3, 1.5],
    ["nonce as a bigint", 3, 7n],
    ["fee as a negative 64-bit int", 4, -5n],
    ["fee as a string", 4, "50000"],
    ["expiry as nil", 5, null],
    ["body as a map", 6, new Map([[0, 1]])],
    ["body with a missing field", 6, [transferBody.to, transferBody.amount]],
    ["body amount as a small int", 6, [transferBody.to, 5, null]],
    ["body recipient of 33 bytes", 6, [new Uint8Array(33), transferBody.amount, null]],
  ];
  for (const [name, index, value] of wrongFields) {
    it(`rejects ${name} as BAD_ENCODING`, () => {
      expect(errorOf(decodeTx(wire(transferWith(index, anyMsgpack(value))), MAX)).code).toBe("BAD_ENCODING");
    });
  }

  it("rejects a fee written as a small msgpack int instead of a u64", () => {
    const small = encode(50_000);
    expect(small.length).toBeLessThan(9); // not the 0xcf u64 form
    const code = errorOf(decodeTx(wire(transferWith(4, small)), MAX)).code;
    expect(["NON_CANONICAL", "BAD_ENCODING"]).toContain(code);
  });

  it("rejects a payload that is a map instead of an array", () => {
    const asMap = anyMsgpack(new Map<number, unknown>([[0, TxKind.transfer], [1, CHAIN_ID], [2, alice.publicKey], [3, 7], [4, 50_000n], [5, 1000], [6, []]]));
    expect(errorOf(decodeTx(wire(asMap), MAX)).code).toBe("BAD_ENCODING");
  });

  it("rejects a nonce written as a 32-bit int where a fixint is canonical", () => {
    expect(transfer.nonce).toBe(7);
    const r = decodeTx(wire(transferWith(3, concatBytes(Uint8Array.of(0xce), u32be(7)))), MAX);
    expect(errorOf(r)).toEqual({ code: "NON_CANONICAL" });
  });

  it("rejects the kind byte written as a uint8 where a fixint is canonical", () => {
    expect(errorOf(decodeTx(wire(transferWith(0, Uint8Array.of(0xcc, TxKind.transfer))), MAX))).toEqual({ code: "NON_CANONICAL" });
  });

  it("rejects the chainId written as str8 where a fixstr is canonical", () => {
    const id = new TextEncoder().encode(CHAIN_ID);
    expect(errorOf(decodeTx(wire(transferWith(1, concatBytes(Uint8Array.of(0xd9, id.length), id))), MAX))).toEqual({ code: "NON_CANONICAL" });
  });

  it("rejects the sender written as bin16 where bin8 is canonical", () => {
    const raw = concatBytes(Uint8Array.of(0xc5, 0x00, 32), alice.publicKey);
    expect(errorOf(decodeTx(wire(transferWith(2, raw)), MAX))).toEqual({ code: "NON_CANONICAL" });
  });

  it("rejects a tx larger than the limit before parsing it, and accepts one exactly at it", () => {
    expect(errorOf(decodeTx(good, good.length - 1))).toEqual({ code: "TOO_LARGE", size: good.length, max: good.length - 1 });
    expect(decodeTx(good, good.length).ok).toBe(true);
    // Garbage that is too large is refused for its size, not its content.
    expect(errorOf(decodeTx(new Uint8Array(MAX + 1), MAX)).code).toBe("TOO_LARGE");
  });
});
