// The actions end-block hook through the executor: its per-block cap, and its order (events of
// this block's txs, then the due queues).
import { describe, expect, it } from "vitest";
import { DUE_PER_BLOCK_CAP } from "../../../../../src/chain/actions/scheduler.js";
import { ACTIONS_BLOCK_HOOKS } from "../../../../../src/chain/tx/kinds/actions-hook.js";
import { BLOCK_HOOKS } from "../../../../../src/chain/tx/registry.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { ActionSim } from "./action-sim.js";
import { alice, bob } from "./helpers.js";

describe("actions end-block hook", () => {
  it("is registered once and states its bound", () => {
    expect(BLOCK_HOOKS.filter((h) => h === ACTIONS_BLOCK_HOOKS)).toHaveLength(1);
    expect(ACTIONS_BLOCK_HOOKS.bound).toContain(`${DUE_PER_BLOCK_CAP} due actions`);
  });

  it(`runs at most ${DUE_PER_BLOCK_CAP} due payments per block; the rest run first in the next blocks`, () => {
    const s = new ActionSim([alice, bob], 10n ** 12n);
    const n = 450;
    const txs = Array.from({ length: n }, () => s.tx(alice, "scheduledPayment", { op: "create", to: bob.publicKey, amount: 1n, clock: "height", start: 3, interval: 0, runs: 1 }));
    s.block(txs);
    s.block();
    const start = s.balance(bob);
    const paid: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      s.block();
      paid.push(s.balance(bob) - start);
    }
    expect(paid).toEqual([200n, 400n, 450n, 450n]);
    // Every queue entry is gone once drained, except the two queues' meta rows.
    expect(s.entries(StateNs.schedule)).toBeLessThanOrEqual(2);
  });
});
