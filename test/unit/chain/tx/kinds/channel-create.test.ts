import { describe, expect, it } from "vitest";
import { channelCreateKind } from "../../../../../src/chain/tx/kinds/channel-create.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bob, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.channelCreate;

describe("channel.create kind", () => {
  it("starts the channel's log under its own tx id (the channel id), besides the creator's history", () => {
    const s = sample("channelCreate");
    expect(indexRows(s)).toEqual([["txByAccount", hex(alice.publicKey)], ["channelLog", hex(s.id)]]);
  });

  it("notifies every member by address and the new channel", () => {
    const s = sample("channelCreate");
    expect(parties(s)).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: hex(s.id) });
  });

  it("shows its sealed metadata and each member's wrapped key", () => {
    expect(bodyJson(sample("channelCreate"))).toEqual({
      meta: hex0x(body.meta),
      members: [
        { member: bech(alice), wrappedKey: hex0x(body.members[0]!.wrappedKey) },
        { member: bech(bob), wrappedKey: hex0x(body.members[1]!.wrappedKey) },
      ],
    });
  });

  it("is the create entry of its channel, at epoch 0, wrapping the key to every member and sealing the metadata", () => {
    const s = sample("channelCreate");
    expect(chatEntry(s)).toEqual({
      type: "channel", action: "create", channel: s.id, epoch: 0, members: [alice.publicKey, bob.publicKey], wraps: body.members, sealed: body.meta,
    });
  });

  it("is labelled channel.create and has no block hooks", () => {
    expect(channelCreateKind.label).toBe("channel.create");
    expect(channelCreateKind.blockHooks).toBeNull();
  });
});
