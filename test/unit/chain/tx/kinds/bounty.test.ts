import { describe, expect, it } from "vitest";
import { bountyKind, type BountyBody } from "../../../../../src/chain/tx/kinds/bounty.js";
import { encodeChannelState } from "../../../../../src/chain/tx/kinds/channel-state.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { tx } from "../../execution/harness.js";
import { bytes32, identity } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const dave = identity("dave");
const channel = bytes32("channel");
const envelope = new Uint8Array(40).fill(7);
const offer = (over: Partial<BountyBody> = {}): BountyBody => ({
  op: "offer", amount: 300n, target: { kind: "direct", to: alice.publicKey }, answerer: bob.publicKey, deadline: { clock: "height", at: 10 }, ...over,
});
const reply = (s: ActionSim, from: typeof alice, to: typeof alice) => s.tx(from, "message", { to: to.publicKey, envelope, amount: 0n, selfEnvelope: null });

describe("bounty kind", () => {
  it("a pay-on-reply offer to a named answerer shows in their chat with the owner", () => {
    const s = sample("bounty");
    expect(chatEntry(s)).toEqual({ type: "action", action: "bounty", id: s.id, to: bob.publicKey, channel: null, amount: 300n, asset: null, shares: 1 });
    expect(indexRows(s)).toContainEqual(["inbox", hex(bob.publicKey)]);
    expect(indexRows(s)).toContainEqual(["actions", hex(bob.publicKey)]);
    expect(parties(s)).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: null });
    expect(bodyJson(s)).toMatchObject({ op: "offer", amount: "300", answerer: bech(bob), target: { kind: "direct", to: bech(alice) } });
  });

  it("an open bounty at the owner's own inbox shows in no chat", () => {
    const s = sample("bounty", offer({ answerer: null }));
    expect(chatEntry(s)).toBeNull();
    expect(parties(s)).toBeNull();
    expect(indexRows(s)).toEqual([["txByAccount", hex(alice.publicKey)], ["actions", hex(alice.publicKey)]]);
  });

  it("refuses a zero amount, the owner as answerer and a past deadline before admission; charges a watch and a deadline", () => {
    const check = (b: BountyBody) => bountyKind.checkStateless(tx(alice, "bounty", b).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check(offer({ amount: 0n }))).toBe("ACTION_BAD_AMOUNT");
    expect(check(offer({ answerer: alice.publicKey }))).toBe("ACTION_BAD_PARAMS");
    expect(check(offer({ deadline: { clock: "time", at: 0 } }))).toBe("ACTION_EXPIRED");
    expect(check(offer())).toBeUndefined();
    const t = tx(alice, "bounty", offer()).stx.tx as never;
    expect(bountyKind.spend(t)).toBe(300n);
    expect(bountyKind.extraFee(t)).toBe(1_000n);
  });

  it("pays the named answerer when the reply is final in a later block; other replies do not count", () => {
    const s = new ActionSim([alice, bob, carol]);
    const create = s.tx(alice, "bounty", offer());
    // A reply in the creating block is not "after" the offer.
    s.block([create, reply(s, bob, alice)]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([reply(s, carol, alice), reply(s, bob, carol)]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([reply(s, bob, alice)]);
    expect(s.record(create.id)).toMatchObject({ status: "paid", paidTo: bob.publicKey, settledHeight: 3 });
    expect(s.balance(bob)).toBe(START_BALANCE - 3n * SIM_FEE + 300n);
  });

  it("returns an unanswered bounty at its deadline, and a reply in that block is too late", () => {
    const s = new ActionSim([alice, bob]);
    const create = s.tx(alice, "bounty", offer({ deadline: { clock: "height", at: 4 } }));
    s.block([create]);
    s.until(4);
    s.block([reply(s, bob, alice)]);
    expect(s.record(create.id)).toMatchObject({ status: "refunded", settledHeight: 4 });
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE);
  });

  it("in a channel pays the first poster but the owner; only members may offer there", () => {
    const s = new ActionSim([alice, bob, carol, dave]);
    s.state.set(StateNs.channel, channel, encodeChannelState({ owner: alice.publicKey, epoch: 0, members: [alice.publicKey, carol.publicKey], createdHeight: 0 }));
    expect(outcome(s, s.tx(dave, "bounty", offer({ target: { kind: "channel", channel }, answerer: null })))).toBe("NOT_CHANNEL_MEMBER");
    const create = s.tx(alice, "bounty", offer({ target: { kind: "channel", channel }, answerer: null }));
    s.block([create]);
    s.block([s.tx(alice, "channelPost", { channel, epoch: 0, envelope })]);
    expect(s.record(create.id)).toMatchObject({ status: "open" });
    s.block([s.tx(carol, "channelPost", { channel, epoch: 0, envelope })]);
    expect(s.record(create.id)).toMatchObject({ status: "paid", paidTo: carol.publicKey });
  });
});
