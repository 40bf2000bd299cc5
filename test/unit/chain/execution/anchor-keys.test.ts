import { describe, expect, it } from "vitest";
import { decodeAnchorRecord } from "../../../../src/chain/tx/kinds/anchor.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import { DEFAULT_PARAMS } from "../../../../src/chain/params.js";
import { toHex } from "../../../../src/util/bytes.js";
import { bytes32, opaque } from "../tx/fixtures.js";
import { MapState, identity, rejection, runBlock, tx } from "./harness.js";

const alice = identity("alice");
const bob = identity("bob");

describe("anchor", () => {
  it("records the first anchor of a hash with its owner, height, tag and tx id", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const t = tx(alice, "anchor", { hash: bytes32("doc"), tag: "v1" });
    expect(runBlock(state, [t], { height: 12 }).included).toHaveLength(1);
    const rec = decodeAnchorRecord(state.get(StateNs.anchor, bytes32("doc"))!);
    expect(rec).toEqual({ owner: alice.publicKey, height: 12, tag: "v1", txId: t.id });
  });

  it("refuses a later anchor of the same hash, naming the height of the first, and keeps the first record", () => {
    const state = new MapState().fund(alice, 1_000_000n).fund(bob, 1_000_000n);
    runBlock(state, [tx(alice, "anchor", { hash: bytes32("doc"), tag: "first" })], { height: 12 });
    const before = toHex(state.get(StateNs.anchor, bytes32("doc"))!);
    const r = runBlock(state, [tx(bob, "anchor", { hash: bytes32("doc"), tag: "second" })], { height: 13 });
    expect(rejection(r)).toEqual({ code: "ANCHOR_EXISTS", height: 12 });
    expect(toHex(state.get(StateNs.anchor, bytes32("doc"))!)).toBe(before);
  });

  it("refuses a duplicate anchor within the same block", () => {
    const state = new MapState().fund(alice, 1_000_000n).fund(bob, 1_000_000n);
    const r = runBlock(state, [tx(alice, "anchor", { hash: bytes32("doc"), tag: "a" }), tx(bob, "anchor", { hash: bytes32("doc"), tag: "b" })], { height: 5 });
    // Bob's anchor is in the block as failed (he pays its fee); only Alice's took effect.
    expect(r.included.filter((t) => !t.failure)).toHaveLength(1);
    expect(rejection(r)).toEqual({ code: "ANCHOR_EXISTS", height: 5 });
  });

  it("refuses a tag longer than maxAnchorTagLength", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const max = DEFAULT_PARAMS.maxAnchorTagLength;
    expect(rejection(runBlock(state, [tx(alice, "anchor", { hash: bytes32("doc"), tag: "t".repeat(max + 1) })]))).toEqual({ code: "TOO_LARGE", size: max + 1, max });
    expect(runBlock(state, [tx(alice, "anchor", { hash: bytes32("doc"), tag: "t".repeat(max) })]).included).toHaveLength(1);
  });
});

describe("key.publish", () => {
  it("sets the account's prekey, replacing an earlier one", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    runBlock(state, [tx(alice, "keyPublish", { prekey: bytes32("prekey-1"), signature: opaque("sig", 64) })]);
    expect(toHex(state.account(alice).prekey!)).toBe(toHex(bytes32("prekey-1")));
    runBlock(state, [tx(alice, "keyPublish", { prekey: bytes32("prekey-2"), signature: opaque("sig", 64) }, { nonce: 1 })]);
    expect(toHex(state.account(alice).prekey!)).toBe(toHex(bytes32("prekey-2")));
    expect(state.account(alice).nonce).toBe(2);
  });

  it("refuses an all-zero prekey", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    expect(rejection(runBlock(state, [tx(alice, "keyPublish", { prekey: new Uint8Array(32), signature: opaque("sig", 64) })])).code).toBe("BAD_ENCODING");
    expect(state.account(alice).prekey).toBeNull();
  });
});
