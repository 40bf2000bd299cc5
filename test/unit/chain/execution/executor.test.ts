import { describe, expect, it } from "vitest";
import { minFee } from "../../../../src/chain/execution/executor.js";
import { DEFAULT_PARAMS } from "../../../../src/chain/params.js";
import { FEE, MapState, PROPOSER, failures, identity, rejection, runBlock, tx } from "./harness.js";
import { opaque } from "../tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");

function transfer(amount: bigint, opts: Parameters<typeof tx>[3] = {}) {
  return tx(alice, "transfer", { to: bob.publicKey, amount, memo: null }, opts);
}

function message(amount: bigint, opts: Parameters<typeof tx>[3] = {}) {
  return tx(alice, "message", { to: bob.publicKey, envelope: opaque("dm", 64), amount, selfEnvelope: null }, opts);
}

describe("transfer execution", () => {
  it("moves the amount to the recipient, charges the fee and bumps the sender's nonce", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const r = runBlock(state, [transfer(100n)]);
    expect(r.rejected).toEqual([]);
    expect(r.included).toHaveLength(1);
    expect(state.account(alice)).toEqual({ balance: 1_000_000n - FEE - 100n, nonce: 1, prekey: null });
    expect(state.account(bob).balance).toBe(100n);
  });

  it("pays every included fee to the proposer, once for the block", () => {
    const state = new MapState().fund(alice, 1_000_000n).fund(PROPOSER, 7n);
    const r = runBlock(state, [transfer(1n, { nonce: 0 }), transfer(2n, { nonce: 1, fee: FEE + 1n })]);
    expect(r.fees).toBe(2n * FEE + 1n);
    expect(state.account(PROPOSER).balance).toBe(7n + 2n * FEE + 1n);
    const proposerWrites = r.changes.filter((c) => Buffer.from(c.key).equals(Buffer.from(PROPOSER.publicKey)));
    expect(proposerWrites).toHaveLength(1);
  });

  it("lets a sender transfer to itself, paying only the fee", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    runBlock(state, [tx(alice, "transfer", { to: alice.publicKey, amount: 500n, memo: null })]);
    expect(state.account(alice)).toEqual({ balance: 1_000_000n - FEE, nonce: 1, prekey: null });
  });

  it("executes consecutive nonces of one sender in the same block", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const r = runBlock(state, [0, 1, 2].map((n) => transfer(10n, { nonce: n })));
    expect(r.included).toHaveLength(3);
    expect(state.account(alice).nonce).toBe(3);
    expect(state.account(bob).balance).toBe(30n);
  });

  it("refuses a nonce below the account's next one as NONCE_TOO_LOW", () => {
    const state = new MapState().fund(alice, 1_000_000n, 3);
    expect(rejection(runBlock(state, [transfer(1n, { nonce: 2 })]))).toEqual({ code: "NONCE_TOO_LOW", expected: 3, got: 2 });
  });

  it("refuses a nonce past the account's next one as NONCE_GAP", () => {
    const state = new MapState().fund(alice, 1_000_000n, 3);
    expect(rejection(runBlock(state, [transfer(1n, { nonce: 4 })]))).toEqual({ code: "NONCE_GAP", expected: 3, got: 4 });
    expect(runBlock(state, [transfer(1n, { nonce: 3 })]).included).toHaveLength(1);
  });

  it("refuses a tx whose sender cannot pay the fee, and changes nothing", () => {
    const state = new MapState().fund(alice, FEE - 1n);
    const before = state.snapshot();
    const r = runBlock(state, [transfer(1n)]);
    expect(rejection(r)).toEqual({ code: "INSUFFICIENT_FUNDS", balance: FEE - 1n, needed: FEE });
    expect(r.changes).toEqual([]);
    expect(state.snapshot()).toEqual(before);
  });

  it("includes a transfer that the sender can pay the fee for but not the amount as failed: the fee and nonce are taken, nothing moves", () => {
    const state = new MapState().fund(alice, FEE + 10n);
    const r = runBlock(state, [transfer(20n)]);
    expect(r.rejected).toEqual([]);
    expect(failures(r).map((e) => e.type)).toEqual([{ code: "INSUFFICIENT_FUNDS", balance: 10n, needed: 20n }]);
    expect(r.included).toHaveLength(1);
    expect(r.fees).toBe(FEE);
    expect(state.account(alice)).toEqual({ balance: 10n, nonce: 1, prekey: null });
    expect(state.account(bob).balance).toBe(0n);
    expect(state.account(PROPOSER).balance).toBe(FEE);
  });

  it("a failed tx uses its nonce: a second tx with the same nonce in the block cannot be included", () => {
    const state = new MapState().fund(alice, FEE * 2n + 10n);
    const r = runBlock(state, [transfer(FEE * 5n, { nonce: 0 }), transfer(10n, { nonce: 0, fee: FEE })]);
    expect(failures(r).map((e) => e.code)).toEqual(["INSUFFICIENT_FUNDS"]);
    expect(r.rejected.map((x) => x.error.code)).toEqual(["NONCE_TOO_LOW"]);
    expect(state.account(alice)).toEqual({ balance: FEE + 10n, nonce: 1, prekey: null });
    expect(state.account(bob).balance).toBe(0n);
  });

  it("a failed tx is not free: repeating it every block drains the sender's fees, not the chain", () => {
    const state = new MapState().fund(alice, FEE * 3n);
    for (let nonce = 0; nonce < 3; nonce++) expect(failures(runBlock(state, [transfer(FEE * 10n, { nonce })]))).toHaveLength(1);
    expect(state.account(alice)).toEqual({ balance: 0n, nonce: 3, prekey: null });
    // Now it cannot even pay the fee: left out, free, and no longer includable.
    const r = runBlock(state, [transfer(1n, { nonce: 3 })]);
    expect(r.included).toEqual([]);
    expect(rejection(r).code).toBe("INSUFFICIENT_FUNDS");
  });

  it("verifies a block with a failed tx the same way it was built", () => {
    const base = () => new MapState().fund(alice, FEE + 10n);
    const built = runBlock(base(), [transfer(20n)], { commit: false });
    const verified = runBlock(base(), built.included.map(({ stx, id }) => ({ stx, id })), { mode: "verify", commit: false });
    expect(verified.rejected).toEqual([]);
    expect(failures(verified).map((e) => e.code)).toEqual(["INSUFFICIENT_FUNDS"]);
    expect(verified.changes).toEqual(built.changes);
  });

  it("refuses a credit that would take a balance past 2^64-1 with BALANCE_OVERFLOW, and never throws", () => {
    const max = (1n << 64n) - 1n;
    const state = new MapState().fund(alice, 1_000_000n).fund(bob, max - 5n);
    const r = runBlock(state, [transfer(6n), transfer(5n, { nonce: 1 })]);
    expect(failures(r).map((e) => e.type)).toEqual([{ code: "BALANCE_OVERFLOW", balance: max - 5n, credit: 6n }]);
    expect(state.account(bob).balance).toBe(max);
    expect(state.account(alice).balance).toBe(1_000_000n - 2n * FEE - 5n);
  });

  it("refuses a zero-amount transfer as BAD_AMOUNT", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    expect(rejection(runBlock(state, [transfer(0n)])).code).toBe("BAD_AMOUNT");
  });
});

describe("common tx rules", () => {
  const state = () => new MapState().fund(alice, 1_000_000n);

  it("refuses a tx past its expiry height, and accepts one expiring at this height", () => {
    expect(rejection(runBlock(state(), [transfer(1n, { expiry: 9 })], { height: 10 }))).toEqual({ code: "EXPIRED", expiry: 9, height: 10 });
    expect(runBlock(state(), [transfer(1n, { expiry: 10 })], { height: 10 }).included).toHaveLength(1);
  });

  it("refuses an expiry further ahead than maxExpiryWindow, and accepts one exactly at the window", () => {
    const edge = 10 + DEFAULT_PARAMS.maxExpiryWindow;
    expect(rejection(runBlock(state(), [transfer(1n, { expiry: edge + 1 })], { height: 10 }))).toEqual({ code: "EXPIRY_TOO_FAR", expiry: edge + 1, max: edge });
    expect(runBlock(state(), [transfer(1n, { expiry: edge })], { height: 10 }).included).toHaveLength(1);
  });

  it("refuses a tx signed for another chain as WRONG_CHAIN", () => {
    expect(rejection(runBlock(state(), [transfer(1n, { chainId: "parley-other" })]))).toEqual({ code: "WRONG_CHAIN", expected: "parley-test", got: "parley-other" });
  });

  it("refuses a fee one below feeBase + feePerByte * size, and accepts exactly that fee", () => {
    const size = transfer(1n).stx.bytes.length;
    const min = minFee(DEFAULT_PARAMS, size);
    expect(min).toBe(DEFAULT_PARAMS.feeBase + DEFAULT_PARAMS.feePerByte * BigInt(size));
    const low = transfer(1n, { fee: min - 1n });
    expect(low.stx.bytes.length).toBe(size);
    expect(rejection(runBlock(state(), [low]))).toEqual({ code: "FEE_TOO_LOW", min, got: min - 1n });
    expect(runBlock(state(), [transfer(1n, { fee: min })]).included).toHaveLength(1);
  });
});

describe("build and verify modes", () => {
  function mixed() {
    return [transfer(1n, { nonce: 0 }), transfer(1n, { nonce: 5 }), transfer(1n, { nonce: 1 })];
  }

  it("build mode leaves a failing tx out and keeps executing the rest", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const txs = mixed();
    const r = runBlock(state, txs, { mode: "build" });
    expect(r.included.map((t) => t.stx.tx.nonce)).toEqual([0, 1]);
    expect(r.rejected.map((x) => [x.tx, x.error.code])).toEqual([[txs[1], "NONCE_GAP"]]);
    expect(state.account(alice).nonce).toBe(2);
  });

  it("verify mode stops at the first failing tx and reports it", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const txs = mixed();
    const r = runBlock(state, txs, { mode: "verify", commit: false });
    expect(r.included).toEqual([txs[0]]);
    expect(r.rejected.map((x) => [x.tx, x.error.code])).toEqual([[txs[1], "NONCE_GAP"]]);
  });

  it("proposer and verifier compute the same changes for the txs the proposer kept", () => {
    const built = runBlock(new MapState().fund(alice, 1_000_000n), mixed(), { mode: "build", commit: false });
    const verified = runBlock(new MapState().fund(alice, 1_000_000n), built.included, { mode: "verify", commit: false });
    expect(verified.rejected).toEqual([]);
    expect(verified.changes).toEqual(built.changes);
  });
});

describe("message execution", () => {
  it("moves the attached payment together with the message", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    const r = runBlock(state, [message(700n)]);
    expect(r.included).toHaveLength(1);
    expect(state.account(alice).balance).toBe(1_000_000n - FEE - 700n);
    expect(state.account(bob).balance).toBe(700n);
  });

  it("charges only the fee for a message without payment", () => {
    const state = new MapState().fund(alice, 1_000_000n);
    runBlock(state, [message(0n)]);
    expect(state.account(alice)).toEqual({ balance: 1_000_000n - FEE, nonce: 1, prekey: null });
    expect(state.account(bob).balance).toBe(0n);
  });

  it("includes a message whose payment exceeds the balance as failed: fee and nonce taken, no payment", () => {
    const state = new MapState().fund(alice, FEE + 100n);
    const r = runBlock(state, [message(101n)]);
    expect(rejection(r)).toEqual({ code: "INSUFFICIENT_FUNDS", balance: 100n, needed: 101n });
    expect(failures(r)).toHaveLength(1);
    expect(state.account(alice)).toEqual({ balance: 100n, nonce: 1, prekey: null });
    expect(state.account(bob).balance).toBe(0n);
  });

  it("refuses an empty envelope and one larger than maxEnvelopeBytes", () => {
    const params = { ...DEFAULT_PARAMS, maxEnvelopeBytes: 100 };
    const state = new MapState().fund(alice, 1_000_000n);
    const empty = tx(alice, "message", { to: bob.publicKey, envelope: new Uint8Array(0), amount: 0n, selfEnvelope: null });
    expect(rejection(runBlock(state, [empty], { params })).code).toBe("BAD_ENCODING");
    const big = tx(alice, "message", { to: bob.publicKey, envelope: opaque("big", 101), amount: 0n, selfEnvelope: null });
    expect(rejection(runBlock(state, [big], { params }))).toEqual({ code: "ENVELOPE_TOO_LARGE", size: 101, max: 100 });
    const bigSelf = tx(alice, "message", { to: bob.publicKey, envelope: opaque("ok", 100), amount: 0n, selfEnvelope: opaque("self", 101) });
    expect(rejection(runBlock(state, [bigSelf], { params }))).toEqual({ code: "ENVELOPE_TOO_LARGE", size: 101, max: 100 });
    const fits = tx(alice, "message", { to: bob.publicKey, envelope: opaque("ok", 100), amount: 0n, selfEnvelope: opaque("self", 100) });
    expect(runBlock(state, [fits], { params }).included).toHaveLength(1);
  });
});
