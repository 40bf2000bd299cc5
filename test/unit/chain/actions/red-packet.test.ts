// Red packets: equal and random splits that always sum to the total, one claim per member,
// the rest returned at expiry; every refusal; and the documented bound on any one share.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  claimRedPacket, createRedPacket, MAX_SHARES, redPacketLocked, wakeRedPacket, type RedPacketInput, type RedPacketRecord,
} from "../../../../src/chain/actions/red-packet.js";
import { drawU64, shareFor } from "../../../../src/chain/actions/red-packet-split.js";
import { ALICE, BOB, CAROL, CHANNEL, DAVE, addr, ctxAt, ok, refusal } from "./fixtures.js";

const PACKET_ID = addr("packet");
const SEED = addr("previous block");
const EXPIRY = { clock: "height" as const, at: 100 };
const IN_CHANNEL: RedPacketInput = { sender: ALICE, total: 100n, shares: 3, split: "equal", audience: { kind: "channel", channel: CHANNEL }, expiry: EXPIRY };

function open(input: RedPacketInput = IN_CHANNEL): RedPacketRecord {
  return ok(createRedPacket(input, ctxAt(10))).record;
}

const claim = (r: RedPacketRecord, claimer: Uint8Array, height = 11, channelMember = true) =>
  claimRedPacket(r, { packetId: PACKET_ID, claimer, channelMember, seed: SEED }, ctxAt(height));

describe("createRedPacket", () => {
  it("locks the total and wakes at expiry", () => {
    const out = ok(createRedPacket(IN_CHANNEL, ctxAt(10)));
    expect(out.debit).toBe(100n);
    expect(out.wake).toEqual({ height: 100, timeMs: null });
  });

  it.each<[string, Partial<RedPacketInput>, string]>([
    ["a zero total", { total: 0n }, "BAD_AMOUNT"],
    ["no shares", { shares: 0 }, "BAD_PARAMS"],
    ["too many shares", { shares: MAX_SHARES + 1, total: 10_000n }, "BAD_PARAMS"],
    ["less than a unit per share", { total: 2n }, "BAD_AMOUNT"],
    ["several shares in a direct chat", { audience: { kind: "direct", to: BOB } }, "BAD_PARAMS"],
    ["an expiry already past", { expiry: { clock: "height", at: 10 } }, "EXPIRED"],
  ])("refuses %s", (_name, change, code) => {
    expect(refusal(createRedPacket({ ...IN_CHANNEL, ...change }, ctxAt(10)))).toBe(code);
  });
});

describe("claimRedPacket", () => {
  it("splits equally, the last claimer taking the remainder", () => {
    let r = open();
    const amounts: bigint[] = [];
    for (const who of [BOB, CAROL, DAVE]) {
      const out = ok(claim(r, who));
      amounts.push(out.payments[0]!.amount);
      r = out.record;
    }
    expect(amounts).toEqual([33n, 33n, 34n]);
    expect(r.status).toBe("finished");
    expect(redPacketLocked(r)).toBe(0n);
  });

  it("lets the one recipient of a direct packet claim it", () => {
    const r = open({ ...IN_CHANNEL, shares: 1, audience: { kind: "direct", to: BOB } });
    expect(refusal(claim(r, CAROL, 11, true))).toBe("NOT_ELIGIBLE");
    expect(ok(claim(r, BOB, 11, false)).payments).toEqual([{ to: BOB, amount: 100n }]);
  });

  it("refuses non-members, a second claim, claims after expiry and on a finished packet", () => {
    const r = open();
    expect(refusal(claim(r, BOB, 11, false))).toBe("NOT_ELIGIBLE");
    const once = ok(claim(r, BOB)).record;
    expect(refusal(claim(once, BOB))).toBe("ALREADY_CLAIMED");
    expect(refusal(claim(once, CAROL, 100))).toBe("EXPIRED");
    const done = ok(claim(ok(claim(once, CAROL)).record, DAVE)).record;
    expect(refusal(claim(done, ALICE))).toBe("ACTION_CLOSED");
  });

  it("draws random shares from the seed, packet id and claim index alone", () => {
    const r = open({ ...IN_CHANNEL, split: "random", total: 1000n, shares: 5 });
    const a = ok(claim(r, BOB)).payments[0]!.amount;
    // Same seed, id and index: same share, whoever claims; another seed: another draw.
    expect(ok(claim(r, CAROL)).payments[0]!.amount).toBe(a);
    expect(a).toBe(1n + (drawU64(SEED, PACKET_ID, 0) % 399n));
  });
});

describe("wakeRedPacket", () => {
  it("returns the unclaimed rest to the sender at expiry, not before", () => {
    const once = ok(claim(open(), BOB)).record;
    expect(ok(wakeRedPacket(once, ctxAt(99))).payments).toEqual([]);
    const out = ok(wakeRedPacket(once, ctxAt(100)));
    expect(out.payments).toEqual([{ to: ALICE, amount: 67n }]);
    expect(out.record.status).toBe("expired");
    expect(redPacketLocked(out.record)).toBe(0n);
    expect(ok(wakeRedPacket(out.record, ctxAt(101))).payments).toEqual([]);
  });
});

describe("random split bound", () => {
  it("draws the docs/ACTIONS.md vector", () => {
    // seed = 32 zero bytes, packet id = 32 bytes of 0x01, claim index 0 and 1.
    expect(drawU64(new Uint8Array(32), new Uint8Array(32).fill(1), 0)).toBe(0xa6cb7b03fe84a584n);
    expect(drawU64(new Uint8Array(32), new Uint8Array(32).fill(1), 1)).toBe(0x42b9389e022ad632n);
  });

  it("sums to the total, gives every share at least 1 and never more than 2R/L - 1", () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 24 }), fc.bigInt({ min: 0n, max: 5000n }), fc.uint8Array({ minLength: 32, maxLength: 32 }),
      (shares, extra, seed) => {
        const total = BigInt(shares) + extra;
        let remaining = total;
        let sum = 0n;
        for (let i = 0; i < shares; i++) {
          const left = BigInt(shares - i);
          const share = shareFor("random", total, shares, remaining, i, seed, PACKET_ID);
          expect(share).toBeGreaterThanOrEqual(1n);
          if (left > 1n) expect(share).toBeLessThanOrEqual((2n * remaining) / left - 1n);
          expect(remaining - share).toBeGreaterThanOrEqual(left - 1n);
          remaining -= share;
          sum += share;
        }
        expect(sum).toBe(total);
      },
    ), { numRuns: 150 });
  });
});
