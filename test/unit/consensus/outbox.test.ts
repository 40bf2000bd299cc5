// The outbox's re-broadcast: what a validator sends again each period. Besides its own
// messages of the current and previous round, a locked or valid validator re-sends the
// prevotes its lock rests on, so a peer that restarted (or missed that round) can accept the
// re-proposed value by rule 3. Without them the 30-minute soak halted at one height for good
// (docs/RELIABILITY.md 8.7).
import { describe, expect, it } from "vitest";
import { HeightState } from "../../../src/consensus/height-state.js";
import { signVote, type ConsensusMessage } from "../../../src/consensus/messages.js";
import { Outbox } from "../../../src/consensus/outbox.js";
import type { WalGuardedSigner } from "../../../src/consensus/signing.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { makeKeys, nobleSigner } from "./keys.js";

const CHAIN = "outbox-test";
const keys = makeKeys(4);
const value = { id: new Uint8Array(32).fill(7), bytes: new Uint8Array([1, 2, 3]) };

function prevote(i: number, round: number, id: Uint8Array | null) {
  return signVote(CHAIN, { type: "prevote", height: 9, round, valueId: id, validator: keys[i]!.publicKey }, nobleSigner(keys[i]!));
}

/** Validator 0 at round 7, after prevotes of round 0 from 1, 2 and 3 for `value` (and its own). */
function stateAtRound7(): HeightState {
  const hs = new HeightState(9, ValidatorSet.from(keys.map((k) => k.publicKey)), true);
  for (const i of [0, 1, 2, 3]) hs.votes.get(0, "prevote").add(prevote(i, 0, value.id));
  hs.votes.get(7, "prevote").add(prevote(0, 7, null));
  hs.round = 7;
  return hs;
}

function resent(hs: HeightState): ConsensusMessage[] {
  const sent: ConsensusMessage[] = [];
  const me = { publicKey: keys[0]!.publicKey } as unknown as WalGuardedSigner;
  new Outbox(me, { broadcast: (m) => void sent.push(m) }).resend(hs);
  return sent;
}

const describeVote = (m: ConsensusMessage): string => ("type" in m ? `${m.type} r${m.round} by ${keys.findIndex((k) => Buffer.from(k.publicKey).equals(Buffer.from(m.validator)))}` : "proposal");

describe("outbox re-broadcast", () => {
  it("a validator with a valid value re-sends the prevotes that made it valid, from every signer, once each", () => {
    const hs = stateAtRound7();
    hs.validRound = 0;
    hs.validValue = value;
    hs.lockedRound = 0;
    hs.lockedId = value.id;
    expect(resent(hs).map(describeVote).sort()).toEqual(["prevote r0 by 0", "prevote r0 by 1", "prevote r0 by 2", "prevote r0 by 3", "prevote r7 by 0"]);
  });

  it("a validator locked after a restart (no valid value, only the lock from its WAL) re-sends the proof it still holds", () => {
    const hs = stateAtRound7();
    hs.lockedRound = 0;
    hs.lockedId = value.id;
    expect(resent(hs).map(describeVote).sort()).toEqual(["prevote r0 by 0", "prevote r0 by 1", "prevote r0 by 2", "prevote r0 by 3", "prevote r7 by 0"]);
  });

  it("an unlocked validator re-sends only its own messages of the current and previous round", () => {
    expect(resent(stateAtRound7()).map(describeVote)).toEqual(["prevote r7 by 0"]);
  });
});
