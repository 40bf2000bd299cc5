import { describe, expect, it } from "vitest";
import { StateStore } from "../../../src/chain/state/state-store.js";
import { pendingGovernance } from "../../../src/chain/governance-view.js";
import { GOV_KEY_SCHEDULED, GOV_KEY_SET, ballotKey, encodeAddressList, encodeScheduled, sortValidators } from "../../../src/chain/tx/kinds/governance-state.js";
import { VoteAction } from "../../../src/chain/tx/kinds/validator-vote.js";
import { StateNs } from "../../../src/chain/tx/spec.js";
import { identity } from "./tx/fixtures.js";

const [a, b, c, d] = ["a", "b", "c", "d"].map((l) => identity(`gov-${l}`).publicKey) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
const newcomer = identity("gov-new").publicKey;
const gone = identity("gov-gone").publicKey;

function state(entries: Array<[Uint8Array, Uint8Array]>): StateStore {
  const s = new StateStore();
  s.apply(entries.map(([key, value]) => ({ ns: StateNs.governance, key, value })));
  return s;
}

describe("pending governance", () => {
  const set = sortValidators([a, b, c, d]);

  it("lists an open ballot with its voters, who has not voted and the votes that decide it", () => {
    const s = state([[GOV_KEY_SET, encodeAddressList(set)], [ballotKey(VoteAction.add, newcomer), encodeAddressList([b, gone])]]);
    const g = pendingGovernance(s, 7);
    expect(g.height).toBe(8);
    expect(g.ballots).toHaveLength(1);
    const ballot = g.ballots[0]!;
    expect(ballot.action).toBe("add");
    expect(ballot.validator).toEqual(newcomer);
    // a vote by someone no longer a validator does not count
    expect(ballot.voters).toEqual([b]);
    expect(ballot.missing).toEqual(set.filter((v) => v !== b));
    expect(ballot.needed).toBe(3);
  });

  it("leaves out decided ballots (emptied) and shows a decided change until it is in force", () => {
    const next = sortValidators([...set, newcomer]);
    const s = state([
      [GOV_KEY_SET, encodeAddressList(set)],
      [ballotKey(VoteAction.add, newcomer), encodeAddressList([])],
      [GOV_KEY_SCHEDULED, encodeScheduled([{ height: 9, validators: next }])],
    ]);
    expect(pendingGovernance(s, 7).ballots).toEqual([]);
    expect(pendingGovernance(s, 7).scheduled).toEqual([{ height: 9, validators: next }]);
    expect(pendingGovernance(s, 8).validators).toEqual(next);
  });

  it("sees a ballot removed from state go", () => {
    const s = state([[GOV_KEY_SET, encodeAddressList(set)], [ballotKey(VoteAction.remove, d), encodeAddressList([a])]]);
    expect(pendingGovernance(s, 1).ballots.map((x) => x.action)).toEqual(["remove"]);
    s.apply([{ ns: StateNs.governance, key: ballotKey(VoteAction.remove, d), value: new Uint8Array(0) }]);
    expect(pendingGovernance(s, 1).ballots).toEqual([]);
  });
});
