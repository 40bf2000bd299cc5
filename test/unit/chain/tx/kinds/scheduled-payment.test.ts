import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { scheduledPaymentKind, type ScheduledPaymentBody } from "../../../../../src/chain/tx/kinds/scheduled-payment.js";
import { tx } from "../../execution/harness.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

type Create = Extract<ScheduledPaymentBody, { op: "create" }>;
const every = (start: number, interval: number, runs: number, amount = 100n): Create => ({ op: "create", to: bob.publicKey, amount, clock: "height", start, interval, runs });

describe("scheduled payment kind", () => {
  it("lists the series under payer and payee, notifies nobody, is no chat entry", () => {
    expect(indexRows(sample("scheduledPayment"))).toEqual([
      ["txByAccount", hex(alice.publicKey)], ["actions", hex(alice.publicKey)], ["actions", hex(bob.publicKey)], ["txByAccount", hex(bob.publicKey)],
    ]);
    expect(parties(sample("scheduledPayment"))).toBeNull();
    expect(chatEntry(sample("scheduledPayment"))).toBeNull();
    expect(bodyJson(sample("scheduledPayment"))).toEqual({ op: "create", to: bech(bob), amount: "250", asset: null, clock: "height", start: 20, interval: 10, runs: 3 });
  });

  it("reserves amount * runs (admission's spend) and charges one fee unit per run", () => {
    const t = tx(alice, "scheduledPayment", every(5, 2, 3)).stx.tx as never;
    expect(scheduledPaymentKind.spend(t)).toBe(300n);
    expect(scheduledPaymentKind.extraFee(t)).toBe(600n);
    expect(scheduledPaymentKind.extraFee(tx(alice, "scheduledPayment", { op: "cancel", id: new Uint8Array(32) }).stx.tx as never)).toBe(0n);
  });

  it("refuses a series that breaks a rule before admission", () => {
    const check = (b: Create) => scheduledPaymentKind.checkStateless(tx(alice, "scheduledPayment", b).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check(every(5, 1, 3, 0n))).toBe("ACTION_BAD_AMOUNT");
    expect(check(every(5, 1, 0))).toBe("ACTION_BAD_PARAMS");
    expect(check(every(5, 1, 1_000_001))).toBe("ACTION_BAD_PARAMS");
    expect(check(every(5, 0, 3))).toBe("ACTION_BAD_PARAMS");
    expect(check(every(5, 3, 1))).toBe("ACTION_BAD_PARAMS");
    expect(check({ ...every(5, 500, 3), clock: "time" })).toBe("ACTION_BAD_PARAMS");
    expect(check(every(5, 1, 3, 1n << 63n))).toBe("ACTION_BAD_AMOUNT");
    expect(check(every(5, 1, 3))).toBeUndefined();
  });

  it("pays three times at its heights with no further tx, then finishes", () => {
    const s = new ActionSim([alice, bob]);
    const create = s.tx(alice, "scheduledPayment", every(3, 2, 3));
    s.block([create]);
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 300n);
    const paid: bigint[] = [];
    for (let h = 2; h <= 8; h++) {
      s.block();
      paid.push(s.balance(bob) - START_BALANCE);
    }
    // Heights 2..8: runs at 3, 5, 7.
    expect(paid).toEqual([0n, 100n, 100n, 200n, 200n, 300n, 300n]);
    expect(s.record(create.id)).toMatchObject({ status: "finished", done: 3 });
  });

  it("a start already past runs in the creating block", () => {
    const s = new ActionSim([alice, bob]);
    s.until(5);
    s.block([s.tx(alice, "scheduledPayment", every(1, 0, 1))]);
    expect(s.balance(bob)).toBe(START_BALANCE + 100n);
  });

  it("cancel returns what is left, only for the payer, only once", () => {
    const s = new ActionSim([alice, bob, carol]);
    const create = s.tx(alice, "scheduledPayment", every(2, 5, 4));
    s.block([create]);
    s.until(4);
    expect(s.balance(bob)).toBe(START_BALANCE + 100n);
    const cancel = (who: typeof alice) => s.tx(who, "scheduledPayment", { op: "cancel", id: create.id });
    expect(outcome(s, cancel(bob))).toBe("ACTION_NOT_AUTHORIZED");
    expect(outcome(s, cancel(alice))).toBeNull();
    expect(s.balance(alice)).toBe(START_BALANCE - 2n * SIM_FEE - 100n);
    expect(outcome(s, cancel(alice))).toBe("ACTION_CLOSED");
    s.until(20);
    expect(s.balance(bob)).toBe(START_BALANCE + 100n - SIM_FEE);
    expect(outcome(s, s.tx(carol, "scheduledPayment", { op: "cancel", id: new Uint8Array(32).fill(9) }))).toBe("ACTION_NOT_FOUND");
  });

  it("on the time clock, pays once block time reaches the due point", () => {
    const s = new ActionSim([alice, bob]);
    s.block([s.tx(alice, "scheduledPayment", { ...every(4_500, 2_000, 2), clock: "time" })], 1_000);
    s.block([], 4_000);
    expect(s.balance(bob)).toBe(START_BALANCE);
    s.block([], 5_000);
    expect(s.balance(bob)).toBe(START_BALANCE + 100n);
    s.block([], 7_000);
    expect(s.balance(bob)).toBe(START_BALANCE + 200n);
  });
});
