import { describe, expect, it } from "vitest";
import { validatorsForHeight } from "../../../../src/chain/execution/validators.js";
import { GOV_KEY_SET, decodeAddressList } from "../../../../src/chain/tx/kinds/governance-state.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import type { Identity } from "../../../../src/client/keys.js";
import { toHex } from "../../../../src/util/bytes.js";
import { MapState, failures, identity, rejection, runBlock, tx } from "./harness.js";

const [v1, v2, v3, v4] = ["v1", "v2", "v3", "v4"].map(identity) as [Identity, Identity, Identity, Identity];
const newcomer = identity("newcomer");
const outsider = identity("outsider");

function world(validators: Identity[]): MapState {
  const state = new MapState().setValidators(validators);
  for (const who of [v1, v2, v3, v4, newcomer, outsider]) state.fund(who, 10_000_000n);
  return state;
}

function vote(from: Identity, action: "add" | "remove", validator: Identity, state: MapState) {
  return tx(from, "validatorVote", { action, validator: validator.publicKey }, { nonce: state.account(from).nonce });
}

function set(state: MapState, height: number): string[] {
  return validatorsForHeight(state, height).map(toHex).sort();
}

function hexes(...who: Identity[]): string[] {
  return who.map((w) => toHex(w.publicKey)).sort();
}

describe("validator.vote", () => {
  it("refuses a vote from an account that is not a validator", () => {
    const state = world([v1, v2, v3]);
    expect(rejection(runBlock(state, [vote(outsider, "add", newcomer, state)]))).toEqual({ code: "NOT_VALIDATOR" });
  });

  it("schedules nothing until more than half of the validators agree", () => {
    const state = world([v1, v2, v3, v4]);
    runBlock(state, [vote(v1, "add", newcomer, state)], { height: 10 });
    runBlock(state, [vote(v2, "add", newcomer, state)], { height: 11 });
    // 2 of 4 is half, not more than half.
    for (const h of [12, 13, 14, 100]) expect(set(state, h)).toEqual(hexes(v1, v2, v3, v4));
    runBlock(state, [vote(v3, "add", newcomer, state)], { height: 12 });
    expect(set(state, 13)).toEqual(hexes(v1, v2, v3, v4));
    expect(set(state, 14)).toEqual(hexes(v1, v2, v3, v4, newcomer));
  });

  it("schedules an added validator for height + 2 once a majority votes, and the new set governs only from then", () => {
    const state = world([v1, v2, v3]);
    runBlock(state, [vote(v1, "add", newcomer, state)], { height: 10 });
    runBlock(state, [vote(v2, "add", newcomer, state)], { height: 11 });
    expect(set(state, 11)).toEqual(hexes(v1, v2, v3));
    expect(set(state, 12)).toEqual(hexes(v1, v2, v3));
    expect(set(state, 13)).toEqual(hexes(v1, v2, v3, newcomer));
    expect(set(state, 50)).toEqual(hexes(v1, v2, v3, newcomer));
  });

  it("promotes the scheduled set to the current set when its height's block executes", () => {
    const state = world([v1, v2, v3]);
    runBlock(state, [vote(v1, "remove", v3, state), vote(v2, "remove", v3, state)], { height: 10 });
    runBlock(state, [], { height: 11 });
    expect(decodeAddressList(state.get(StateNs.governance, GOV_KEY_SET)).map(toHex).sort()).toEqual(hexes(v1, v2, v3));
    runBlock(state, [], { height: 12 });
    expect(decodeAddressList(state.get(StateNs.governance, GOV_KEY_SET)).map(toHex).sort()).toEqual(hexes(v1, v2));
    // The removed validator can no longer vote.
    expect(rejection(runBlock(state, [vote(v3, "add", newcomer, state)], { height: 13 }))).toEqual({ code: "NOT_VALIDATOR" });
  });

  it("refuses voting twice on the same ballot", () => {
    const state = world([v1, v2, v3]);
    runBlock(state, [vote(v1, "add", newcomer, state)], { height: 10 });
    expect(rejection(runBlock(state, [vote(v1, "add", newcomer, state)], { height: 11 }))).toEqual({ code: "BAD_VOTE", reason: "already voted" });
    expect(set(state, 100)).toEqual(hexes(v1, v2, v3));
  });

  it("refuses adding a current validator and removing a non-validator", () => {
    const state = world([v1, v2, v3]);
    expect(rejection(runBlock(state, [vote(v1, "add", v2, state)]))).toEqual({ code: "BAD_VOTE", reason: "already a validator" });
    expect(rejection(runBlock(state, [vote(v1, "remove", outsider, state)]))).toEqual({ code: "BAD_VOTE", reason: "not a validator" });
  });

  it("cannot remove the last validator", () => {
    const state = world([v1]);
    expect(rejection(runBlock(state, [vote(v1, "remove", v1, state)]))).toEqual({ code: "BAD_VOTE", reason: "cannot remove the last validator" });
    expect(set(state, 100)).toEqual(hexes(v1));
  });

  it("cannot empty the set by removing the last two validators before the first removal takes effect", () => {
    const state = world([v1, v2]);
    // Both agree to remove v2 at height 10 (effective 12) ...
    runBlock(state, [vote(v1, "remove", v2, state), vote(v2, "remove", v2, state)], { height: 10 });
    expect(set(state, 12)).toEqual(hexes(v1));
    // ... and, at height 11, still both validators, to remove v1: that would leave nobody.
    const r = runBlock(state, [vote(v1, "remove", v1, state), vote(v2, "remove", v1, state)], { height: 11 });
    expect(failures(r).map((e) => e.type)).toContainEqual({ code: "BAD_VOTE", reason: "cannot remove the last validator" });
    for (const h of [12, 13, 100]) expect(set(state, h).length).toBeGreaterThan(0);
  });

  it("never lists a validator twice when the same addition is voted again before it takes effect", () => {
    const state = world([v1, v2, v3]);
    runBlock(state, [vote(v1, "add", newcomer, state), vote(v2, "add", newcomer, state)], { height: 10 });
    runBlock(state, [vote(v1, "add", newcomer, state), vote(v2, "add", newcomer, state)], { height: 11 });
    expect(set(state, 13)).toEqual(hexes(v1, v2, v3, newcomer));
  });
});
