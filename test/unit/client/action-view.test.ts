// What an action record means for one person (src/client/action-view.ts): whom it concerns and
// which buttons the chat offers them. Records are shaped as action_get returns them (docs/RPC.md).
import { describe, expect, it } from "vitest";
import { choicesFor, deadlineOf, isBetween, partiesOf, type EscrowJson, type RedPacketJson, type ScheduledPaymentJson, type BountyJson } from "../../../src/client/action-view.js";

const A = "parley1alice";
const B = "parley1bob";
const C = "parley1carol";
const base = { id: "0x01", locked: "100", height: 50 };

const packet = (over: Partial<RedPacketJson> = {}): RedPacketJson => ({
  ...base, kind: "redPacket", status: "open", sender: A, total: "100", shares: 1, split: "equal",
  audience: { kind: "direct", to: B }, expiry: { clock: "height", at: 100 }, createdHeight: 10, claims: [], remaining: "100", ...over,
});

// A hash-time lock from A to B with timeout 80, as action-bodies' hashlockEscrow makes it.
const htlc = (over: Partial<EscrowJson> = {}): EscrowJson => ({
  ...base, kind: "escrow", status: "open", owner: A, amount: "100", releaseTo: B, refundTo: A,
  release: { op: "and", children: [{ op: "hashPreimage", sha256: "0xab" }, { op: "before", clock: "height", at: 80 }] },
  refund: { op: "after", clock: "height", at: 80 }, createdHeight: 10, approvals: [], settledHeight: 0, ...over,
});

describe("action-view", () => {
  it("a direct red packet: only the recipient may claim, once, before it expires", () => {
    expect(choicesFor(packet(), B, 50).claim).toBe(true);
    expect(choicesFor(packet(), A, 50).claim).toBe(false);
    expect(choicesFor(packet(), B, 100).claim).toBe(false);
    expect(choicesFor(packet({ claims: [{ claimer: B, amount: "100" }] }), B, 50).claim).toBe(false);
    expect(choicesFor(packet({ status: "finished" }), B, 50).claim).toBe(false);
  });

  it("a channel red packet: any member may claim (the chain checks membership)", () => {
    expect(choicesFor(packet({ audience: { kind: "channel", channel: "0xcc" } }), C, 50).claim).toBe(true);
  });

  it("a hash-time lock: the recipient releases with the secret, the owner refunds at the timeout", () => {
    expect(deadlineOf(htlc().refund)).toEqual({ clock: "height", at: 80 });
    expect(choicesFor(htlc(), B, 50)).toMatchObject({ release: true, refund: false, approve: false });
    expect(choicesFor(htlc(), A, 50)).toMatchObject({ release: false, refund: false });
    expect(choicesFor(htlc(), A, 80)).toMatchObject({ release: false, refund: true });
    expect(choicesFor(htlc({ status: "released" }), B, 50).release).toBe(false);
  });

  it("an escrow with approvals: each named approver approves once; the approver is a party", () => {
    const e = htlc({ release: { op: "approvals", m: 1, of: [C] } });
    expect(choicesFor(e, C, 50).approve).toBe(true);
    expect(choicesFor({ ...e, approvals: [C] }, C, 50).approve).toBe(false);
    expect(partiesOf(e).sort()).toEqual([A, B, C].sort());
    expect(isBetween(e, A, C)).toBe(true);
  });

  it("a scheduled payment: the payer may cancel it, the recipient may not", () => {
    const p: ScheduledPaymentJson = {
      ...base, kind: "scheduledPayment", status: "open", payer: A, to: B, amount: "5", clock: "height", start: 20, interval: 10,
      runs: 3, done: 1, failed: 0, createdHeight: 10, next: 30,
    };
    expect(choicesFor(p, A, 25).cancel).toBe(true);
    expect(choicesFor(p, B, 25).cancel).toBe(false);
    expect(isBetween(p, B, A)).toBe(true);
  });

  it("a bounty concerns its owner and its answerer, not a stranger; it offers no button", () => {
    const b: BountyJson = {
      ...base, kind: "bounty", status: "open", owner: A, amount: "9", target: { kind: "channel", channel: "0xcc" }, answerer: B,
      deadline: { clock: "height", at: 90 }, createdHeight: 10, paidTo: null, settledHeight: 0,
    };
    expect(isBetween(b, A, B)).toBe(true);
    expect(isBetween(b, A, C)).toBe(false);
    expect(Object.values(choicesFor(b, B, 20))).not.toContain(true);
  });
});
