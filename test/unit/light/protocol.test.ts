import { describe, expect, it } from "vitest";
import { encode } from "../../../src/chain/codec.js";
import {
  decodeAccountResponse,
  decodeHeadersRequest,
  decodeHeadersResponse,
  decodeIndexRequest,
  decodeIndexResponse,
  decodeSendResponse,
  decodeStateRequest,
  decodeStateResponse,
  encodeAccountResponse,
  encodeHeadersRequest,
  encodeHeadersResponse,
  encodeIndexRequest,
  encodeIndexResponse,
  encodeSendResponse,
  encodeStateRequest,
  encodeStateResponse,
  LIGHT_LIMITS,
} from "../../../src/network/light-protocol.js";

const h32 = (b: number) => new Uint8Array(32).fill(b);

describe("light protocol encoding", () => {
  it("requests and responses round-trip", () => {
    expect(decodeHeadersRequest(encodeHeadersRequest({ from: 5, count: 10, waitMs: 100 }))).toEqual({ from: 5, count: 10, waitMs: 100 });
    const entries = [{ header: Uint8Array.of(1), commit: Uint8Array.of(2), nextValidators: [h32(3)] }, { header: Uint8Array.of(4), commit: Uint8Array.of(5), nextValidators: null }];
    expect(decodeHeadersResponse(encodeHeadersResponse(entries))).toEqual(entries);
    const acct = { status: "ok" as const, height: 7, value: null, proof: Uint8Array.of(9) };
    expect(decodeAccountResponse(encodeAccountResponse(acct))).toEqual(acct);
    expect(decodeAccountResponse(encodeAccountResponse({ status: "unavailable" }))).toEqual({ status: "unavailable" });
    const req = { index: "sent" as const, address: h32(1), limit: 20, before: null, after: { height: 3, index: 1 }, maxHeight: 9 };
    expect(decodeIndexRequest(encodeIndexRequest(req))).toEqual(req);
    const channelReq = { index: "channelLog" as const, address: h32(2), limit: 50, before: { height: 4, index: 0 }, after: null, maxHeight: 9 };
    expect(decodeIndexRequest(encodeIndexRequest(channelReq))).toEqual(channelReq);
    const page = { status: "ok" as const, entries: [{ height: 2, index: 0, tx: Uint8Array.of(1, 2), siblings: [h32(4)] }], hasOlder: true };
    expect(decodeIndexResponse(encodeIndexResponse(page))).toEqual(page);
    const rej = { status: "rejected" as const, code: "NONCE_GAP", message: "x" };
    expect(decodeSendResponse(encodeSendResponse(rej))).toEqual(rej);
  });

  it("malformed or out-of-bounds input decodes to nothing", () => {
    expect(decodeHeadersRequest(encode([0, 10, 0]))).toBeUndefined();
    expect(decodeHeadersResponse(encode([[Uint8Array.of(1), Uint8Array.of(2), [Uint8Array.of(1)]]]))).toBeUndefined();
    expect(decodeHeadersResponse(encode(Array.from({ length: LIGHT_LIMITS.maxHeadersPerRequest + 1 }, () => [Uint8Array.of(1), Uint8Array.of(2), null])))).toBeUndefined();
    expect(decodeIndexRequest(encode([0, h32(1), 201, null, null, 5]))).toBeUndefined();
    expect(decodeIndexRequest(encode([3, h32(1), 5, null, null, 5]))).toBeUndefined();
    expect(decodeIndexRequest(encode([0, h32(1), 5, [1, 0], [1, 0], 5]))).toBeUndefined();
    expect(decodeAccountResponse(encode([0, 1, "x", Uint8Array.of(1)]))).toBeUndefined();
    expect(decodeSendResponse(encode([0, Uint8Array.of(1)]))).toBeUndefined();
    expect(decodeIndexResponse(Uint8Array.of(0xc1))).toBeUndefined();
  });

  it("light-state: round-trips, bounds its keys, and matches the vector of docs/LIGHT.md 3", () => {
    const holding = new Uint8Array(33).fill(0xaa);
    holding[0] = 0x01;
    const req = { minHeight: 7, keys: [{ ns: 0x0c, key: holding }, { ns: 0x08, key: Uint8Array.of(0x01, 0x61) }] };
    const reqBytes = encodeStateRequest(req);
    expect(Buffer.from(reqBytes).toString("hex")).toBe(STATE_REQUEST_VECTOR);
    expect(decodeStateRequest(reqBytes)).toEqual(req);
    const proof = Uint8Array.of(0x94, 0x00, 0xc4, 0x00, 0x90, 0xc0);
    const res = { status: "ok" as const, height: 9, entries: [{ value: Uint8Array.of(1, 2), proof }, { value: null, proof }] };
    const resBytes = encodeStateResponse(res);
    expect(Buffer.from(resBytes).toString("hex")).toBe(STATE_RESPONSE_VECTOR);
    expect(decodeStateResponse(resBytes)).toEqual(res);
    expect(decodeStateResponse(encodeStateResponse({ status: "unavailable" }))).toEqual({ status: "unavailable" });

    // No keys, too many, an empty or oversized key, a namespace beyond a byte: no request.
    expect(decodeStateRequest(encode([7, []]))).toBeUndefined();
    expect(decodeStateRequest(encode([7, Array.from({ length: LIGHT_LIMITS.maxStateKeys + 1 }, () => [0x0c, holding])]))).toBeUndefined();
    expect(decodeStateRequest(encode([7, [[0x0c, new Uint8Array(0)]]]))).toBeUndefined();
    expect(decodeStateRequest(encode([7, [[0x0c, new Uint8Array(LIGHT_LIMITS.maxStateKeyBytes + 1)]]]))).toBeUndefined();
    expect(decodeStateRequest(encode([7, [[256, holding]]]))).toBeUndefined();
    expect(decodeStateResponse(encode([0, 9, [["x", proof]]]))).toBeUndefined();
    expect(decodeStateResponse(encode([0, 9, [[null]]]))).toBeUndefined();
  });
});

const STATE_REQUEST_VECTOR = "920792920cc42101aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa9208c4020161";
const STATE_RESPONSE_VECTOR = "9300099292c4020102c4069400c40090c092c0c4069400c40090c0";
