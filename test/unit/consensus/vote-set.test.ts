import { describe, expect, it } from "vitest";
import { signVote, type SignedVote } from "../../../src/consensus/messages.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { VoteSet } from "../../../src/consensus/vote-set.js";
import { testValue } from "./bench.js";
import { makeKeys, nobleSigner } from "./keys.js";

const keys = makeKeys(4, "vote-set");
const v = testValue("v");
const w = testValue("w");
const u = testValue("u");

function vote(i: number, id: Uint8Array | null): SignedVote {
  return signVote("c", { type: "prevote", height: 1, round: 0, valueId: id, validator: keys[i]!.publicKey }, nobleSigner(keys[i]!));
}

describe("validator set numbers", () => {
  it("quorum is floor(2n/3)+1 and f+1 is floor((n-1)/3)+1", () => {
    const table = [1, 2, 3, 4, 7, 10].map((n) => {
      const set = ValidatorSet.from(makeKeys(n, "q").map((k) => k.publicKey));
      return [n, set.quorum, set.fPlusOne];
    });
    expect(table).toEqual([
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
      [4, 3, 2],
      [7, 5, 3],
      [10, 7, 4],
    ]);
  });

  it("the proposer of (h, r) is index (h + r) mod n in address order, whatever order the set was given in", () => {
    const set = ValidatorSet.from([...keys].reverse().map((k) => k.publicKey));
    expect(set.proposer(1, 0)).toEqual(keys[1]!.publicKey);
    expect(set.proposer(1, 2)).toEqual(keys[3]!.publicKey);
    expect(set.proposer(6, 1)).toEqual(keys[3]!.publicKey);
  });
});

describe("vote set", () => {
  it("counts each validator once per id", () => {
    const set = new VoteSet("prevote", 0, 3);
    expect(set.add(vote(0, v.id)).added).toBe(true);
    expect(set.add(vote(0, v.id)).added).toBe(false);
    set.add(vote(1, v.id));
    expect(set.count(v.id)).toBe(2);
    expect(set.hasQuorumFor(v.id)).toBe(false);
    set.add(vote(2, null));
    expect(set.hasQuorumAny()).toBe(true);
    expect(set.quorumKey()).toBeUndefined();
  });

  it("a second id from one validator is evidence, and it counts once for each id it signed", () => {
    const set = new VoteSet("prevote", 0, 3);
    set.add(vote(0, v.id));
    const r = set.add(vote(0, w.id));
    expect(r.evidence?.vote1.valueId).toEqual(v.id);
    expect(r.evidence?.vote2.valueId).toEqual(w.id);
    expect(set.total).toBe(1);
    expect(set.count(v.id)).toBe(1);
    expect(set.count(w.id)).toBe(1);
  });

  it("an equivocator's third id is dropped unless it completes a quorum", () => {
    const set = new VoteSet("prevote", 0, 3);
    set.add(vote(0, v.id));
    set.add(vote(0, w.id));
    expect(set.add(vote(0, u.id)).added).toBe(false);
    set.add(vote(1, u.id));
    set.add(vote(2, u.id));
    expect(set.add(vote(0, u.id)).added).toBe(true);
    expect(set.quorumKey()).toBe(Buffer.from(u.id).toString("hex"));
  });
});
