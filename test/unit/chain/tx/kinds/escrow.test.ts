import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Condition } from "../../../../../src/chain/actions/condition.js";
import { conditionCost } from "../../../../../src/chain/actions/condition-rules.js";
import { checkCommon, minFee } from "../../../../../src/chain/execution/executor.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { escrowKind, type EscrowBody } from "../../../../../src/chain/tx/kinds/escrow.js";
import { ACTIONS_BLOCK_HOOKS } from "../../../../../src/chain/tx/kinds/actions-hook.js";
import { decodeTx } from "../../../../../src/chain/tx/codec.js";
import { utf8 } from "../../../../../src/util/bytes.js";
import { replyEscrow } from "../../../../../src/client/action-bodies.js";
import { CHAIN_ID, identity, tx } from "../../execution/harness.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const secret = utf8("open sesame");
const hashlock = sha256(secret);
const htlc = (timeout: number): Extract<EscrowBody, { op: "create" }> => ({
  op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 1_000n,
  release: { op: "and", children: [{ op: "hashPreimage", sha256: hashlock }, { op: "before", clock: "height", at: timeout }] },
  refund: { op: "after", clock: "height", at: timeout },
});

function sim(): ActionSim {
  return new ActionSim([alice, bob, carol]);
}

describe("escrow kind", () => {
  it("lists the creation under every party's actions and the recipients' history", () => {
    const rows = indexRows(sample("escrow"));
    expect(rows[0]).toEqual(["txByAccount", hex(alice.publicKey)]);
    expect(rows).toContainEqual(["actions", hex(alice.publicKey)]);
    expect(rows).toContainEqual(["actions", hex(bob.publicKey)]);
    expect(rows).toContainEqual(["txByAccount", hex(bob.publicKey)]);
    expect(parties(sample("escrow"))).toBeNull();
    expect(chatEntry(sample("escrow"))).toBeNull();
  });

  it("shows conditions as JSON trees and carries the actions end-block hook", () => {
    expect(bodyJson(sample("escrow"))).toMatchObject({
      op: "create", releaseTo: bech(bob), amount: "1000",
      release: { op: "and", children: [{ op: "hashPreimage" }, { op: "before", clock: "height", at: 100 }] }, refund: { op: "after", at: 100 },
    });
    expect(escrowKind.blockHooks).toBe(ACTIONS_BLOCK_HOOKS);
  });

  it("charges both condition trees on top of the size fee", () => {
    const body = SAMPLE_BODIES.escrow as Extract<EscrowBody, { op: "create" }>;
    const cost = conditionCost(body.release) + conditionCost(body.refund);
    expect(cost).toBe(5n * 200n);
    const draft = tx(alice, "escrow", body, { fee: 0n });
    const min = minFee(DEFAULT_PARAMS, draft.stx.bytes.length);
    const env = { chainId: CHAIN_ID, params: DEFAULT_PARAMS, height: 1 };
    expect(checkCommon(tx(alice, "escrow", body, { fee: min }).stx, env)?.type).toMatchObject({ code: "FEE_TOO_LOW", min: min + cost });
    expect(checkCommon(tx(alice, "escrow", body, { fee: min + cost }).stx, env)).toBeNull();
    expect(escrowKind.spend(draft.stx.tx as never)).toBe(1_000n);
  });

  it("refuses bad bodies before admission: zero amount, a bad tree, too many or too long preimages", () => {
    const check = (body: EscrowBody) => escrowKind.checkStateless(tx(alice, "escrow", body).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check({ ...htlc(10), amount: 0n })).toBe("ACTION_BAD_AMOUNT");
    const lonelyAnd: Condition = { op: "and", children: [{ op: "after", clock: "height", at: 1 }] };
    expect(check({ ...htlc(10), release: lonelyAnd })).toBe("ACTION_BAD_CONDITION");
    const id = new Uint8Array(32);
    expect(check({ op: "claim", id, side: "release", preimages: [secret, secret, secret, secret, secret] })).toBe("ACTION_BAD_CLAIM");
    expect(check({ op: "claim", id, side: "release", preimages: [new Uint8Array(65)] })).toBe("ACTION_BAD_CLAIM");
    expect(check({ op: "claim", id, side: "refund", preimages: [secret] })).toBeUndefined();
  });

  it("does not decode an unknown op or a wrong field count", () => {
    expect(escrowKind.decodeBody([7, new Uint8Array(32)])).toMatch(/op must be/);
    expect(escrowKind.decodeBody([1, new Uint8Array(32), 0])).toMatch(/4 fields/);
    expect(escrowKind.decodeBody([1, new Uint8Array(32), 2, []])).toMatch(/side/);
    // Round trip through the wire form of a whole tx.
    const built = tx(alice, "escrow", htlc(10));
    const back = decodeTx(built.stx.bytes, 1 << 20);
    expect(back.ok && back.value.tx.body).toEqual(htlc(10));
  });

  it("a revealed preimage releases to releaseTo; a wrong one fails the claim and changes nothing but the fee", () => {
    const s = sim();
    const create = s.tx(alice, "escrow", htlc(50));
    expect(outcome(s, create)).toBeNull();
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 1_000n);
    const wrong = s.tx(carol, "escrow", { op: "claim", id: create.id, side: "release", preimages: [utf8("guess")] });
    expect(outcome(s, wrong)).toBe("ACTION_CONDITION_NOT_MET");
    expect(s.balance(carol)).toBe(START_BALANCE - SIM_FEE);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    // Anyone may claim: the proof counts, not the sender.
    expect(outcome(s, s.tx(carol, "escrow", { op: "claim", id: create.id, side: "release", preimages: [secret] }))).toBeNull();
    expect(s.balance(bob)).toBe(START_BALANCE + 1_000n);
    expect(s.record(create.id)).toMatchObject({ status: "released" });
    expect(outcome(s, s.tx(bob, "escrow", { op: "claim", id: create.id, side: "release", preimages: [secret] }))).toBe("ACTION_CLOSED");
  });

  it("refunds by itself at the timeout height, with no tx, and a late preimage is then refused", () => {
    const s = sim();
    const create = s.tx(alice, "escrow", htlc(6));
    s.block([create]);
    s.until(6);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block();
    expect(s.record(create.id)).toMatchObject({ status: "refunded", settledHeight: 6 });
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE);
    expect(outcome(s, s.tx(bob, "escrow", { op: "claim", id: create.id, side: "release", preimages: [secret] }))).toBe("ACTION_CLOSED");
  });

  it("releases on the second of two approvals; others and repeats are refused", () => {
    const s = sim();
    const [lo, hi] = [bob.publicKey, carol.publicKey].sort(Buffer.compare);
    const create = s.tx(alice, "escrow", {
      op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 400n,
      release: { op: "approvals", m: 2, of: [lo!, hi!] }, refund: { op: "after", clock: "height", at: 1_000 },
    });
    s.block([create]);
    const approve = (who: typeof alice) => s.tx(who, "escrow", { op: "approve", id: create.id });
    expect(outcome(s, approve(alice))).toBe("ACTION_NOT_AUTHORIZED");
    expect(outcome(s, approve(bob))).toBeNull();
    expect(outcome(s, approve(bob))).toBe("ACTION_ALREADY_APPROVED");
    expect(s.balance(bob)).toBe(START_BALANCE - 2n * SIM_FEE);
    expect(outcome(s, approve(carol))).toBeNull();
    expect(s.record(create.id)).toMatchObject({ status: "released" });
    expect(s.balance(bob)).toBe(START_BALANCE - 2n * SIM_FEE + 400n);
  });

  it("releases when a watched payment is final in a later block (the end-block hook observes it)", () => {
    const s = sim();
    const create = s.tx(alice, "escrow", {
      op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 700n,
      release: { op: "paymentReceived", from: bob.publicKey, to: carol.publicKey, minAmount: 50n, asset: null },
      refund: { op: "after", clock: "height", at: 1_000 },
    });
    // A payment in the creating block does not count: only one final after creation does.
    s.block([create, s.tx(bob, "transfer", { to: carol.publicKey, amount: 60n, memo: null })]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([s.tx(bob, "transfer", { to: carol.publicKey, amount: 49n, memo: null })]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([s.tx(bob, "message", { to: carol.publicKey, envelope: new Uint8Array(40).fill(1), amount: 50n, selfEnvelope: null })]);
    expect(s.record(create.id)).toMatchObject({ status: "released" });
  });

  it("pay on reply (`escrow create --on-reply`): releases by itself once the recipient's reply to the creator is final", () => {
    const s = sim();
    const create = s.tx(alice, "escrow", replyEscrow({ to: bob.publicKey, refundTo: alice.publicKey, amount: 300n, timeoutHeight: 1_000 }));
    s.block([create]);
    // A message from someone else, or from bob to someone else, is not the reply.
    s.block([s.tx(carol, "message", { to: alice.publicKey, envelope: new Uint8Array(40).fill(2), amount: 0n, selfEnvelope: null })]);
    s.block([s.tx(bob, "message", { to: carol.publicKey, envelope: new Uint8Array(40).fill(3), amount: 0n, selfEnvelope: null })]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([s.tx(bob, "message", { to: alice.publicKey, envelope: new Uint8Array(40).fill(4), amount: 0n, selfEnvelope: null })]);
    expect(s.record(create.id)).toMatchObject({ status: "released" });
  });

  it("fails a claim of an unknown id or of another kind's action, and a create the balance cannot lock", () => {
    const s = sim();
    expect(outcome(s, s.tx(bob, "escrow", { op: "claim", id: new Uint8Array(32), side: "refund", preimages: [] }))).toBe("ACTION_NOT_FOUND");
    const schedule = s.tx(alice, "scheduledPayment", { op: "create", to: bob.publicKey, amount: 1n, clock: "height", start: 500, interval: 0, runs: 1 });
    s.block([schedule]);
    expect(outcome(s, s.tx(bob, "escrow", { op: "approve", id: schedule.id }))).toBe("ACTION_NOT_FOUND");
    const poor = identity("poor");
    s.state.fund(poor, SIM_FEE + 10n);
    expect(outcome(s, s.tx(poor, "escrow", { ...htlc(50), amount: 11n }))).toBe("INSUFFICIENT_FUNDS");
    expect(s.balance(poor)).toBe(10n);
  });
});
