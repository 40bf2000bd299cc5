// Stored action records: every kind round-trips byte-exactly through [tag, ...fields], and a
// record that is malformed or not canonical is refused with a reason.
import { describe, expect, it } from "vitest";
import { encode } from "../../../../src/chain/codec.js";
import { createBounty } from "../../../../src/chain/actions/bounty.js";
import { createEscrow } from "../../../../src/chain/actions/escrow.js";
import { createRedPacket, claimRedPacket } from "../../../../src/chain/actions/red-packet.js";
import { createRewardPool } from "../../../../src/chain/actions/reward-pool.js";
import { createScheduledPayment } from "../../../../src/chain/actions/scheduled-payment.js";
import { createSharedAccount, proposeShared } from "../../../../src/chain/actions/shared-account.js";
import { ActionKind, decodeActionRecord, encodeActionRecord, lockedOf, type ActionRecord } from "../../../../src/chain/actions/records.js";
import { decodeUnknown } from "../../../../src/chain/codec.js";
import { compareBytes, toHex, utf8 } from "../../../../src/util/bytes.js";
import { ALICE, BOB, C, CAROL, CHANNEL, addr, ctxAt, ok } from "./fixtures.js";

const ctx = ctxAt(10);
const EXPIRY = { clock: "height" as const, at: 100 };

function samples(): ActionRecord[] {
  const escrow = ok(createEscrow({ owner: ALICE, amount: 5n, releaseTo: BOB, refundTo: ALICE, release: C.and(C.preimage(utf8("s")), C.approvals(1, BOB)), refund: C.afterTime(9e6) }, ctx)).record;
  const scheduled = ok(createScheduledPayment({ payer: ALICE, to: BOB, amount: 3n, clock: "time", start: 5000, interval: 1000, runs: 4 }, ctx)).record;
  const members = [ALICE, BOB, CAROL].sort(compareBytes);
  const sharedBase = ok(createSharedAccount({ members, threshold: 2, deposit: 9n }, ctx)).record;
  const shared = ok(proposeShared(sharedBase, { proposer: ALICE, action: { type: "change", members: [ALICE, BOB].sort(compareBytes), threshold: 2 }, expiry: EXPIRY }, ctx)).record;
  const packetBase = ok(createRedPacket({ sender: ALICE, total: 50n, shares: 3, split: "random", audience: { kind: "channel", channel: CHANNEL }, expiry: EXPIRY }, ctx)).record;
  const packet = ok(claimRedPacket(packetBase, { packetId: addr("p"), claimer: BOB, channelMember: true, seed: addr("seed") }, ctxAt(11))).record;
  const bounty = ok(createBounty({ owner: ALICE, amount: 7n, target: { kind: "direct", to: ALICE }, answerer: BOB, deadline: EXPIRY }, ctx)).record;
  const pool = ok(createRewardPool({ organiser: ALICE, channel: CHANNEL, reward: 2n, capPerPeriod: 3, periodBlocks: 10, fund: 20n, expiry: EXPIRY }, ctx)).record;
  return [escrow, scheduled, shared, packet, bounty, pool];
}

describe("action record codec", () => {
  it.each(samples().map((r) => [r.kind, r] as const))("%s round-trips byte-exactly, tag first", (kind, record) => {
    const bytes = encodeActionRecord(record);
    expect((decodeUnknown(bytes) as unknown[])[0]).toBe(ActionKind[kind]);
    const back = decodeActionRecord(bytes);
    expect(back).toEqual(record);
    expect(toHex(encodeActionRecord(back as ActionRecord))).toBe(toHex(bytes));
    expect(lockedOf(back as ActionRecord)).toBe(lockedOf(record));
  });

  it("refuses an unknown kind, a wrong field count, a bad field and non-canonical bytes", () => {
    expect(decodeActionRecord(encode([99]))).toBe("unknown action kind 99");
    expect(decodeActionRecord(encode([]))).toBe("an action record is a non-empty array");
    expect(decodeActionRecord(Uint8Array.of(0xc1))).toBe("an action record is a non-empty array");
    const escrowFields = decodeUnknown(encodeActionRecord(samples()[0]!)) as unknown[];
    expect(decodeActionRecord(encode(escrowFields.slice(0, 5)))).toBe("escrow has 12 fields");
    const withAsset = [...escrowFields];
    withAsset[2] = new Uint8Array(31);
    expect(decodeActionRecord(encode(withAsset))).toBe("asset must be nil or 32 bytes");
    const badRelease = [...escrowFields];
    badRelease[6] = [42];
    expect(decodeActionRecord(encode(badRelease))).toBe("release: node 0: unknown tag");
    const bytes = encodeActionRecord(samples()[4]!);
    // The same record with its createdHeight (10) written as uint8 0xcc 0x0a instead of a fixint.
    const hex = toHex(bytes);
    const i = hex.lastIndexOf("0a");
    const longForm = Uint8Array.from(Buffer.from(`${hex.slice(0, i)}cc0a${hex.slice(i + 2)}`, "hex"));
    expect(decodeActionRecord(longForm)).toBe("action record is not in canonical encoding");
  });

  it("refuses inconsistent counters and unsorted sets", () => {
    const scheduled = decodeUnknown(encodeActionRecord(samples()[1]!)) as unknown[];
    const overDone = [...scheduled];
    overDone[9] = 5; // done > runs (4)
    expect(decodeActionRecord(encode(overDone))).toBe("done and failed cannot exceed runs");
    const shared = decodeUnknown(encodeActionRecord(samples()[2]!)) as unknown[];
    const unsorted = [...shared];
    unsorted[2] = [...(shared[2] as Uint8Array[])].reverse();
    expect(decodeActionRecord(encode(unsorted))).toBe("members must be 1..32 ascending addresses");
    const noThreshold = [...shared];
    noThreshold[3] = 4;
    expect(decodeActionRecord(encode(noThreshold))).toBe("threshold must be 1..members");
  });
});
