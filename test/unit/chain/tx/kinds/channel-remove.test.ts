import { describe, expect, it } from "vitest";
import { channelRemoveKind } from "../../../../../src/chain/tx/kinds/channel-remove.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bob, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.channelRemove;

describe("channel.remove kind", () => {
  it("is listed in the channel's log and the owner's history", () => {
    expect(indexRows(sample("channelRemove"))).toEqual([["txByAccount", hex(alice.publicKey)], ["channelLog", hex(body.channel)]]);
  });

  it("notifies the owner, the removed (who can no longer read the channel) and the channel", () => {
    expect(parties(sample("channelRemove"))).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: hex(body.channel) });
  });

  it("shows the removed addresses and the next epoch's wraps for those who remain", () => {
    expect(bodyJson(sample("channelRemove"))).toEqual({
      channel: hex0x(body.channel), removed: [bech(bob)], members: [{ member: bech(alice), wrappedKey: hex0x(body.members[0]!.wrappedKey) }],
    });
  });

  it("is a remove entry that starts the next epoch (so it names none) and wraps its key to the remaining members", () => {
    expect(chatEntry(sample("channelRemove"))).toEqual({
      type: "channel", action: "remove", channel: body.channel, epoch: null, members: [bob.publicKey], wraps: body.members, sealed: null,
    });
  });

  it("is labelled channel.remove and has no block hooks", () => {
    expect(channelRemoveKind.label).toBe("channel.remove");
    expect(channelRemoveKind.blockHooks).toBeNull();
  });
});
