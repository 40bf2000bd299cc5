// The SDK's action bodies from user input: what they build, and a clear error naming the field
// for every bad input, before anything is signed.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  bountyOffer, escrowClaim, hashTimeLock, recurringPayment, redPacket, rewardPool, sharedCreate, sharedPropose,
} from "../../../src/client/action-bodies.js";
import { formatAddress } from "../../../src/chain/address.js";
import { toHex, utf8 } from "../../../src/util/bytes.js";
import { identity } from "../chain/tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");
const carol = identity("carol");
const hashlock = toHex(sha256(utf8("s")));
const channel = "0x" + "ab".repeat(32);

const fails = (fn: () => unknown, field: string) => expect(fn).toThrow(expect.objectContaining({ type: expect.objectContaining({ code: "BAD_INPUT", field }) }));

describe("action bodies", () => {
  it("a hash-time lock releases with the preimage before the timeout and refunds from it", () => {
    expect(hashTimeLock({ to: bob.address, refundTo: alice.publicKey, amount: 5n, hashlock, timeoutHeight: 40 })).toMatchObject({
      op: "create", amount: 5n, release: { op: "and", children: [{ op: "hashPreimage" }, { op: "before", clock: "height", at: 40 }] },
      refund: { op: "after", clock: "height", at: 40 },
    });
    fails(() => hashTimeLock({ to: bob.address, refundTo: alice.publicKey, amount: 5n, hashlock: "abc", timeoutHeight: 40 }), "hashlock");
    fails(() => hashTimeLock({ to: bob.address, refundTo: alice.publicKey, amount: 0n, hashlock, timeoutHeight: 40 }), "amount");
    fails(() => escrowClaim("0x" + "00".repeat(32), "zz"), "preimage");
    fails(() => escrowClaim("1234", "00"), "id");
  });

  it("a recurring payment needs an interval for a series; one run has none", () => {
    expect(recurringPayment({ to: bob.address, amount: 3n, start: 10, every: 5, times: 3 })).toMatchObject({ start: 10, interval: 5, runs: 3 });
    expect(recurringPayment({ to: bob.address, amount: 3n, start: 10, every: 0, times: 1 })).toMatchObject({ interval: 0, runs: 1 });
    fails(() => recurringPayment({ to: bob.address, amount: 3n, start: 10, every: 0, times: 2 }), "every");
    fails(() => recurringPayment({ to: bob.address, amount: 3n, start: 10, every: 1, times: 0 }), "times");
  });

  it("a shared account sorts its members once each and checks the threshold", () => {
    const body = sharedCreate({ members: [carol.address, alice.address, bob.address, alice.address], threshold: 2 });
    expect(body.op === "create" && body.members.map(formatAddress)).toEqual([alice, bob, carol].map((m) => m.publicKey).sort(Buffer.compare).map(formatAddress));
    fails(() => sharedCreate({ members: [alice.address], threshold: 2 }), "threshold");
    fails(() => sharedPropose({ id: channel, to: bob.address, amount: 0n, expiryHeight: 9 }), "amount");
  });

  it("a red packet goes to a channel or one recipient, never both, with a unit per share", () => {
    expect(redPacket({ channel, total: 10n, shares: 5, random: true, expiryHeight: 20 })).toMatchObject({ split: "random", audience: { kind: "channel" } });
    fails(() => redPacket({ channel, to: bob.address, total: 10n, shares: 1, random: false, expiryHeight: 20 }), "audience");
    fails(() => redPacket({ to: bob.address, total: 10n, shares: 2, random: false, expiryHeight: 20 }), "shares");
    fails(() => redPacket({ channel, total: 4n, shares: 5, random: false, expiryHeight: 20 }), "total");
  });

  it("a bounty and a reward pool check their own fields", () => {
    expect(bountyOffer({ amount: 9n, replyTo: alice.address, answerer: bob.address, deadlineHeight: 30 })).toMatchObject({ target: { kind: "direct" }, answerer: bob.publicKey });
    fails(() => bountyOffer({ amount: 9n, deadlineHeight: 30 }), "target");
    fails(() => rewardPool({ channel, reward: 10n, capPerPeriod: 1, periodBlocks: 10, fund: 5n, expiryHeight: 50 }), "fund");
    fails(() => rewardPool({ channel, reward: 1n, capPerPeriod: 0, periodBlocks: 10, fund: 5n, expiryHeight: 50 }), "cap");
  });
});
