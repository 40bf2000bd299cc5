import { describe, expect, it } from "vitest";
import { messageKind } from "../../../../../src/chain/tx/kinds/message.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bob, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.message;

describe("message kind", () => {
  it("is listed in the recipient's inbox and history and the sender's history and sent index", () => {
    expect(indexRows(sample("message"))).toEqual([
      ["txByAccount", hex(alice.publicKey)],
      ["inbox", hex(bob.publicKey)],
      ["sent", hex(alice.publicKey)],
      ["txByAccount", hex(bob.publicKey)],
    ]);
  });

  it("notifies sender and recipient, in no channel", () => {
    expect(parties(sample("message"))).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: null });
  });

  it("shows its envelopes as hex and its payment as a decimal string", () => {
    expect(bodyJson(sample("message"))).toEqual({ to: bech(bob), envelope: hex0x(body.envelope), amount: "5", selfEnvelope: hex0x(body.selfEnvelope!) });
    expect(bodyJson(sample("message", { ...body, selfEnvelope: null }))).toMatchObject({ selfEnvelope: null });
  });

  it("is a direct chat entry: envelope sealed to the recipient, self copy to the sender", () => {
    expect(chatEntry(sample("message"))).toEqual({ type: "direct", to: bob.publicKey, amount: 5n, sealed: body.envelope, selfSealed: body.selfEnvelope });
  });

  it("is labelled message and has no block hooks", () => {
    expect(messageKind.label).toBe("message");
    expect(messageKind.blockHooks).toBeNull();
  });
});
