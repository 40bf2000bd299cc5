import { describe, expect, it } from "vitest";
import { stateMapKey } from "../../../../../src/chain/state/state-store.js";
import {
  GOV_KEY_SCHEDULED, GOV_KEY_SET, decodeAddressList, decodeScheduled, encodeAddressList, encodeScheduled, type ScheduledChange,
} from "../../../../../src/chain/tx/kinds/governance-state.js";
import { validatorVoteKind } from "../../../../../src/chain/tx/kinds/validator-vote.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { StateNs, type BlockContext, type StateNsByte } from "../../../../../src/chain/tx/spec.js";
import { EMPTY_ACCOUNT } from "../../../../../src/chain/state/account.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

/** A block context over a plain map, recording every write. */
function context(height: number, set: Uint8Array[], scheduled: ScheduledChange[]): { ctx: BlockContext; writes: string[]; state: Map<string, Uint8Array> } {
  const state = new Map<string, Uint8Array>([
    [stateMapKey(StateNs.governance, GOV_KEY_SET), encodeAddressList(set)],
    [stateMapKey(StateNs.governance, GOV_KEY_SCHEDULED), encodeScheduled(scheduled)],
  ]);
  const writes: string[] = [];
  const ctx: BlockContext = {
    params: DEFAULT_PARAMS, chainId: "parley-test", height, time: 1_000 * height, parentHash: new Uint8Array(32),
    getAccount: () => EMPTY_ACCOUNT,
    setAccount: () => writes.push("account"),
    get: (ns: StateNsByte, key: Uint8Array) => state.get(stateMapKey(ns, key)),
    set: (ns: StateNsByte, key: Uint8Array, value: Uint8Array) => {
      writes.push(Buffer.from(key).toString());
      state.set(stateMapKey(ns, key), value);
    },
    validators: () => set,
  };
  return { ctx, writes, state };
}

describe("validator.vote kind", () => {
  it("is listed only in the voter's history", () => {
    expect(indexRows(sample("validatorVote"))).toEqual([["txByAccount", hex(alice.publicKey)]]);
  });

  it("notifies nobody and is no chat entry", () => {
    expect(parties(sample("validatorVote"))).toBeNull();
    expect(chatEntry(sample("validatorVote"))).toBeNull();
  });

  it("shows the action by name and the validator in bech32m", () => {
    expect(bodyJson(sample("validatorVote"))).toEqual({ action: "remove", validator: bech(carol) });
    expect(bodyJson(sample("validatorVote", { ...SAMPLE_BODIES.validatorVote, action: "add" }))).toMatchObject({ action: "add" });
  });

  it("is labelled validator.vote", () => {
    expect(validatorVoteKind.label).toBe("validator.vote");
  });

  describe("its begin-block hook", () => {
    const hooks = validatorVoteKind.blockHooks!;
    const later: ScheduledChange = { height: 11, validators: [alice.publicKey, bob.publicKey, carol.publicKey] };

    it("makes the change scheduled for this height the current set and keeps later ones scheduled", () => {
      const { ctx, state } = context(10, [alice.publicKey], [{ height: 10, validators: [alice.publicKey, bob.publicKey] }, later]);
      hooks.beginBlock!(ctx);
      expect(decodeAddressList(state.get(stateMapKey(StateNs.governance, GOV_KEY_SET)))).toEqual([alice.publicKey, bob.publicKey]);
      expect(decodeScheduled(state.get(stateMapKey(StateNs.governance, GOV_KEY_SCHEDULED)))).toEqual([later]);
    });

    it("writes nothing in a block where no change is due", () => {
      const { ctx, writes } = context(10, [alice.publicKey], [later]);
      hooks.beginBlock!(ctx);
      expect(writes).toEqual([]);
    });

    it("states its per-block bound and has no end-block work", () => {
      expect(hooks.bound).toMatch(/at most 2 entries/);
      expect(hooks.endBlock).toBeUndefined();
    });
  });
});
