// A red packet or a pay-on-reply offer shows in the conversation it was made in: a direct one
// as a ChatMessage with its offer (no text to open), in the recipient's view and the sender's.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { openDirectEntry } from "../../../src/client/chat.js";
import { keyringFor } from "../../../src/client/prekeys.js";
import type { VerifiedEntry } from "../../../src/client/chat-entries.js";
import { toHex } from "../../../src/util/bytes.js";
import { identity, sampleTx } from "../chain/tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");

function entry(kind: "redPacket" | "bounty", body: never): VerifiedEntry {
  const built = sampleTx(kind, { body });
  return { stx: built.stx, id: toHex(sha256(built.stx.payload)), height: 4, index: 0, time: 1_000, cursor: "4.0" };
}

describe("offers in direct chats", () => {
  it("a red packet to bob shows in bob's chat and alice's as an offer", () => {
    const e = entry("redPacket", { op: "send", total: 80n, shares: 1, split: "equal", audience: { kind: "direct", to: bob.publicKey }, expiry: { clock: "height", at: 50 } } as never);
    const forBob = openDirectEntry(e, bob.publicKey, keyringFor(bob, []));
    expect(forBob).toMatchObject({ kind: "redPacket", direction: "in", text: null, failure: null, amount: 80n, offer: { action: "redPacket", id: "0x" + e.id, amount: 80n, shares: 1 } });
    expect(openDirectEntry(e, alice.publicKey, keyringFor(alice, []))).toMatchObject({ direction: "out", offer: { action: "redPacket" } });
  });

  it("a channel red packet is no direct chat entry; a plain message has no offer", () => {
    const e = entry("redPacket", { op: "send", total: 80n, shares: 4, split: "equal", audience: { kind: "channel", channel: new Uint8Array(32) }, expiry: { clock: "height", at: 50 } } as never);
    expect(openDirectEntry(e, bob.publicKey, keyringFor(bob, []))).toBeNull();
    const m = sampleTx("transfer");
    const plain = openDirectEntry({ stx: m.stx, id: m.id, height: 1, index: 0, time: 0, cursor: "1.0" }, bob.publicKey, keyringFor(bob, []));
    expect(plain?.offer).toBeNull();
  });
});
