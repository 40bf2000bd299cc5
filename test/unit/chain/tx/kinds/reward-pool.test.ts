import { describe, expect, it } from "vitest";
import { encodeChannelState } from "../../../../../src/chain/tx/kinds/channel-state.js";
import { rewardPoolKind, type RewardPoolBody } from "../../../../../src/chain/tx/kinds/reward-pool.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { tx } from "../../execution/harness.js";
import { bytes32 } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const channel = bytes32("channel");
const envelope = new Uint8Array(40).fill(3);
const pool = (over: Partial<RewardPoolBody> = {}): RewardPoolBody => ({
  op: "fund", channel, reward: 10n, capPerPeriod: 2, periodBlocks: 5, fund: 45n, expiry: { clock: "height", at: 30 }, ...over,
});

function withChannel(): ActionSim {
  const s = new ActionSim([alice, bob, carol]);
  s.state.set(StateNs.channel, channel, encodeChannelState({ owner: alice.publicKey, epoch: 0, members: [alice, bob, carol].map((m) => m.publicKey), createdHeight: 0 }));
  return s;
}
const post = (s: ActionSim, who: typeof alice) => s.tx(who, "channelPost", { channel, epoch: 0, envelope });

describe("reward pool kind", () => {
  it("is listed under its organiser only and is no chat entry", () => {
    expect(indexRows(sample("rewardPool"))).toEqual([["txByAccount", hex(alice.publicKey)], ["actions", hex(alice.publicKey)]]);
    expect(parties(sample("rewardPool"))).toBeNull();
    expect(chatEntry(sample("rewardPool"))).toBeNull();
    expect(bodyJson(sample("rewardPool"))).toMatchObject({ op: "fund", reward: "10", capPerPeriod: 3, periodBlocks: 100, fund: "1000" });
  });

  it("refuses bad pools before admission and spends the fund", () => {
    const check = (b: RewardPoolBody) => rewardPoolKind.checkStateless(tx(alice, "rewardPool", b).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check(pool({ reward: 0n }))).toBe("ACTION_BAD_AMOUNT");
    expect(check(pool({ fund: 9n }))).toBe("ACTION_BAD_AMOUNT");
    expect(check(pool({ capPerPeriod: 0 }))).toBe("ACTION_BAD_PARAMS");
    expect(check(pool({ capPerPeriod: 10_001 }))).toBe("ACTION_BAD_PARAMS");
    expect(check(pool({ periodBlocks: 0 }))).toBe("ACTION_BAD_PARAMS");
    expect(check(pool())).toBeUndefined();
    expect(rewardPoolKind.spend(tx(alice, "rewardPool", pool()).stx.tx as never)).toBe(45n);
  });

  it("pays each member's posts up to the cap per period, never the organiser, the last reward partial", () => {
    const s = withChannel();
    const fund = s.tx(alice, "rewardPool", pool());
    s.block([fund]);
    s.block([post(s, bob), post(s, bob), post(s, bob), post(s, alice)]);
    expect(s.balance(bob)).toBe(START_BALANCE - 3n * SIM_FEE + 20n);
    expect(s.balance(alice)).toBe(START_BALANCE - 2n * SIM_FEE - 45n);
    s.block([post(s, carol), post(s, carol)]);
    expect(s.record(fund.id)).toMatchObject({ balance: 5n, paidPosts: 4 });
    // Height 6 starts the next period of 5 blocks: bob earns again, the last 5 units.
    s.until(6);
    s.block([post(s, bob)]);
    expect(s.record(fund.id)).toMatchObject({ balance: 0n, status: "emptied" });
    expect(s.balance(bob)).toBe(START_BALANCE - 4n * SIM_FEE + 25n);
  });

  it("returns the rest at expiry, and refuses a pool for a channel that does not exist", () => {
    const s = withChannel();
    const fund = s.tx(alice, "rewardPool", pool({ expiry: { clock: "height", at: 4 } }));
    s.block([fund]);
    s.until(5);
    expect(s.record(fund.id)).toMatchObject({ status: "expired", balance: 0n });
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE);
    expect(outcome(s, s.tx(alice, "rewardPool", pool({ channel: bytes32("none") })))).toBe("CHANNEL_NOT_FOUND");
  });
});
