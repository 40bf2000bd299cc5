import { describe, expect, it } from "vitest";
import { encodeChannelState } from "../../../../../src/chain/tx/kinds/channel-state.js";
import { redPacketKind, type RedPacketBody } from "../../../../../src/chain/tx/kinds/red-packet.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { tx } from "../../execution/harness.js";
import { bytes32, identity } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const dave = identity("dave");
const erin = identity("erin");
const channel = bytes32("channel");
type Send = Extract<RedPacketBody, { op: "send" }>;
const packet = (over: Partial<Send> = {}): Send => ({
  op: "send", total: 500n, shares: 5, split: "equal", audience: { kind: "channel", channel }, expiry: { clock: "height", at: 10 }, ...over,
});

function withChannel(): ActionSim {
  const s = new ActionSim([alice, bob, carol, dave, erin]);
  s.state.set(StateNs.channel, channel, encodeChannelState({ owner: alice.publicKey, epoch: 0, members: [alice, bob, carol, dave].map((m) => m.publicKey), createdHeight: 0 }));
  return s;
}

describe("red packet kind", () => {
  it("shows a channel packet in the channel's log as an action entry", () => {
    const s = sample("redPacket");
    expect(indexRows(s)).toEqual([["txByAccount", hex(alice.publicKey)], ["actions", hex(alice.publicKey)], ["channelLog", hex(channel)]]);
    expect(parties(s)).toEqual({ parties: [hex(alice.publicKey)], channel: hex(channel) });
    expect(chatEntry(s)).toEqual({ type: "action", action: "redPacket", id: s.id, to: null, channel, amount: 500n, asset: null, shares: 5 });
    expect(bodyJson(s)).toMatchObject({ op: "send", total: "500", shares: 5, split: "random", audience: { kind: "channel", channel: "0x" + hex(channel) } });
  });

  it("shows a direct packet in the recipient's inbox and the sender's sent list; claims in no chat", () => {
    const s = sample("redPacket", packet({ shares: 1, audience: { kind: "direct", to: bob.publicKey } }));
    expect(indexRows(s)).toContainEqual(["inbox", hex(bob.publicKey)]);
    expect(indexRows(s)).toContainEqual(["sent", hex(alice.publicKey)]);
    expect(chatEntry(s)).toMatchObject({ type: "action", to: bob.publicKey, channel: null, shares: 1 });
    expect(chatEntry(sample("redPacket", { op: "claim", id: s.id }))).toBeNull();
  });

  it("refuses bad packets before admission", () => {
    const check = (b: Send) => redPacketKind.checkStateless(tx(alice, "redPacket", b).stx.tx as never, DEFAULT_PARAMS)?.code;
    expect(check(packet({ total: 0n }))).toBe("ACTION_BAD_AMOUNT");
    expect(check(packet({ total: 4n }))).toBe("ACTION_BAD_AMOUNT");
    expect(check(packet({ shares: 0 }))).toBe("ACTION_BAD_PARAMS");
    expect(check(packet({ shares: 257, total: 1_000n }))).toBe("ACTION_BAD_PARAMS");
    expect(check(packet({ audience: { kind: "direct", to: bob.publicKey } }))).toBe("ACTION_BAD_PARAMS");
    expect(check(packet({ expiry: { clock: "height", at: 0 } }))).toBe("ACTION_EXPIRED");
    expect(check(packet())).toBeUndefined();
    expect(redPacketKind.spend(tx(alice, "redPacket", packet()).stx.tx as never)).toBe(500n);
  });

  it("5 shares, 3 members claim, the other 2 shares return to the sender at expiry", () => {
    const s = withChannel();
    const send = s.tx(alice, "redPacket", packet());
    expect(outcome(s, send)).toBeNull();
    for (const who of [bob, carol, dave]) expect(outcome(s, s.tx(who, "redPacket", { op: "claim", id: send.id }))).toBeNull();
    for (const who of [bob, carol, dave]) expect(s.balance(who)).toBe(START_BALANCE - SIM_FEE + 100n);
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 500n);
    s.until(11);
    expect(s.record(send.id)).toMatchObject({ status: "expired", remaining: 0n });
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 300n);
  });

  it("refuses a second claim, a non-member, a claim after expiry, and a sender outside the channel", () => {
    const s = withChannel();
    const send = s.tx(alice, "redPacket", packet({ split: "random", expiry: { clock: "height", at: 6 } }));
    s.block([send]);
    const claim = (who: typeof alice) => s.tx(who, "redPacket", { op: "claim", id: send.id });
    expect(outcome(s, claim(bob))).toBeNull();
    expect(outcome(s, claim(bob))).toBe("ACTION_ALREADY_CLAIMED");
    expect(outcome(s, claim(erin))).toBe("ACTION_NOT_ELIGIBLE");
    s.until(6);
    // In the expiry block the claim is refused; the hook then returns the rest.
    expect(outcome(s, claim(carol))).toBe("ACTION_EXPIRED");
    expect(outcome(s, claim(carol))).toBe("ACTION_CLOSED");
    expect(outcome(s, s.tx(erin, "redPacket", packet()))).toBe("NOT_CHANNEL_MEMBER");
    expect(outcome(s, s.tx(alice, "redPacket", packet({ audience: { kind: "channel", channel: bytes32("nowhere") } })))).toBe("CHANNEL_NOT_FOUND");
  });

  it("random shares are drawn from the parent hash: every share at least 1, all summing to the total", () => {
    const shares = (parent: Uint8Array) => {
      const s = withChannel();
      const send = s.tx(alice, "redPacket", packet({ split: "random", shares: 4 }));
      s.block([send]);
      s.block([bob, carol, dave].map((who) => s.tx(who, "redPacket", { op: "claim", id: send.id })), undefined, parent);
      const rec = s.record(send.id);
      if (rec?.kind !== "redPacket") throw new Error("not a red packet");
      for (const c of rec.claims) expect(c.amount).toBeGreaterThanOrEqual(1n);
      expect(rec.claims.reduce((a, c) => a + c.amount, 0n) + rec.remaining).toBe(500n);
      return rec.claims.map((c) => c.amount);
    };
    const a = shares(bytes32("parent a"));
    expect(shares(bytes32("parent a"))).toEqual(a);
    expect(shares(bytes32("parent b"))).not.toEqual(a);
  });

  it("a direct packet is claimed only by its recipient", () => {
    const s = withChannel();
    const send = s.tx(alice, "redPacket", packet({ shares: 1, total: 40n, audience: { kind: "direct", to: bob.publicKey } }));
    s.block([send]);
    expect(outcome(s, s.tx(carol, "redPacket", { op: "claim", id: send.id }))).toBe("ACTION_NOT_ELIGIBLE");
    expect(outcome(s, s.tx(bob, "redPacket", { op: "claim", id: send.id }))).toBeNull();
    expect(s.record(send.id)).toMatchObject({ status: "finished" });
  });
});
