import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { sharedAccountKind, type SharedAccountBody } from "../../../../../src/chain/tx/kinds/shared-account.js";
import { tx } from "../../execution/harness.js";
import { identity } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const dave = identity("dave");
const members = [alice.publicKey, bob.publicKey, carol.publicKey].sort(Buffer.compare);

function twoOfThree(s: ActionSim, deposit = 1_000n) {
  const create = s.tx(alice, "sharedAccount", { op: "create", members, threshold: 2, deposit });
  s.block([create]);
  return create.id;
}

describe("shared account kind", () => {
  it("lists a creation under every member; a proposal only in its sender's history", () => {
    const created = sample("sharedAccount", { op: "create", members, threshold: 2, deposit: 5n });
    const rows = indexRows(created);
    for (const m of members) expect(rows).toContainEqual(["actions", hex(m)]);
    expect(indexRows(sample("sharedAccount"))).toEqual([["txByAccount", hex(alice.publicKey)]]);
    expect(parties(sample("sharedAccount"))).toBeNull();
    expect(chatEntry(sample("sharedAccount"))).toBeNull();
    expect(bodyJson(sample("sharedAccount"))).toMatchObject({ op: "propose", action: { type: "pay", to: bech(carol), amount: "75" }, expiry: { clock: "height", at: 500 } });
  });

  it("spends the deposit of a create or a deposit, nothing for the other ops", () => {
    const spend = (b: SharedAccountBody) => sharedAccountKind.spend(tx(alice, "sharedAccount", b).stx.tx as never);
    expect(spend({ op: "create", members, threshold: 2, deposit: 9n })).toBe(9n);
    expect(spend({ op: "deposit", id: new Uint8Array(32), amount: 4n })).toBe(4n);
    expect(spend({ op: "approve", id: new Uint8Array(32), proposalId: 0 })).toBe(0n);
  });

  it("refuses bad members, thresholds and empty deposits before admission", () => {
    const check = (b: SharedAccountBody) => sharedAccountKind.checkStateless(tx(alice, "sharedAccount", b).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check({ op: "create", members: [...members].reverse(), threshold: 2, deposit: 0n })).toBe("ACTION_BAD_PARAMS");
    expect(check({ op: "create", members, threshold: 4, deposit: 0n })).toBe("ACTION_BAD_PARAMS");
    expect(check({ op: "create", members, threshold: 0, deposit: 0n })).toBe("ACTION_BAD_PARAMS");
    expect(check({ op: "create", members: [], threshold: 1, deposit: 0n })).toBe("ACTION_BAD_PARAMS");
    expect(check({ op: "deposit", id: new Uint8Array(32), amount: 0n })).toBe("ACTION_BAD_AMOUNT");
    expect(check({ op: "create", members, threshold: 3, deposit: 0n })).toBeUndefined();
  });

  it("a 2-of-3 account pays after the second approval, not before", () => {
    const s = new ActionSim([alice, bob, carol, dave]);
    const id = twoOfThree(s);
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 1_000n);
    const propose = s.tx(bob, "sharedAccount", { op: "propose", id, action: { type: "pay", to: dave.publicKey, amount: 600n }, expiry: { clock: "height", at: 100 } });
    expect(outcome(s, propose)).toBeNull();
    expect(s.balance(dave)).toBe(START_BALANCE);
    expect(outcome(s, s.tx(bob, "sharedAccount", { op: "approve", id, proposalId: 0 }))).toBe("ACTION_ALREADY_APPROVED");
    expect(outcome(s, s.tx(dave, "sharedAccount", { op: "approve", id, proposalId: 0 }))).toBe("ACTION_NOT_AUTHORIZED");
    expect(outcome(s, s.tx(carol, "sharedAccount", { op: "approve", id, proposalId: 0 }))).toBeNull();
    expect(s.balance(dave)).toBe(START_BALANCE - SIM_FEE + 600n);
    expect(s.record(id)).toMatchObject({ balance: 400n, proposals: [] });
    expect(outcome(s, s.tx(alice, "sharedAccount", { op: "approve", id, proposalId: 0 }))).toBe("ACTION_PROPOSAL_NOT_FOUND");
  });

  it("an approved payment larger than the balance waits for a deposit, then any member executes it", () => {
    const s = new ActionSim([alice, bob, carol, dave]);
    const id = twoOfThree(s, 100n);
    s.block([s.tx(alice, "sharedAccount", { op: "propose", id, action: { type: "pay", to: dave.publicKey, amount: 250n }, expiry: { clock: "height", at: 100 } })]);
    s.block([s.tx(bob, "sharedAccount", { op: "approve", id, proposalId: 0 })]);
    expect(outcome(s, s.tx(carol, "sharedAccount", { op: "execute", id, proposalId: 0 }))).toBe("ACTION_INSUFFICIENT_LOCKED");
    expect(outcome(s, s.tx(dave, "sharedAccount", { op: "deposit", id, amount: 150n }))).toBeNull();
    expect(outcome(s, s.tx(dave, "sharedAccount", { op: "execute", id, proposalId: 0 }))).toBe("ACTION_NOT_AUTHORIZED");
    expect(outcome(s, s.tx(carol, "sharedAccount", { op: "execute", id, proposalId: 0 }))).toBeNull();
    expect(s.record(id)).toMatchObject({ balance: 0n });
  });

  it("refuses proposals by non-members, already expired ones, and approvals after expiry", () => {
    const s = new ActionSim([alice, bob, carol, dave]);
    const id = twoOfThree(s);
    const pay = { type: "pay" as const, to: dave.publicKey, amount: 1n };
    expect(outcome(s, s.tx(dave, "sharedAccount", { op: "propose", id, action: pay, expiry: { clock: "height", at: 100 } }))).toBe("ACTION_NOT_AUTHORIZED");
    expect(outcome(s, s.tx(bob, "sharedAccount", { op: "propose", id, action: pay, expiry: { clock: "height", at: 2 } }))).toBe("ACTION_EXPIRED");
    s.block([s.tx(bob, "sharedAccount", { op: "propose", id, action: pay, expiry: { clock: "height", at: 6 } })]);
    s.until(6);
    expect(outcome(s, s.tx(carol, "sharedAccount", { op: "approve", id, proposalId: 0 }))).toBe("ACTION_EXPIRED");
    expect(outcome(s, s.tx(carol, "sharedAccount", { op: "deposit", id: new Uint8Array(32), amount: 1n }))).toBe("ACTION_NOT_FOUND");
  });
});
