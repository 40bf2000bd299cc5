import { describe, expect, it } from "vitest";
import { channelInviteKind } from "../../../../../src/chain/tx/kinds/channel-invite.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bodyJson, carol, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.channelInvite;

describe("channel.invite kind", () => {
  it("is listed in the channel's log and the inviter's history", () => {
    expect(indexRows(sample("channelInvite"))).toEqual([["txByAccount", hex(alice.publicKey)], ["channelLog", hex(body.channel)]]);
  });

  it("notifies the inviter, the invited and the channel", () => {
    expect(parties(sample("channelInvite"))).toEqual({ parties: [hex(alice.publicKey), hex(carol.publicKey)], channel: hex(body.channel) });
  });

  it("shows the channel, the epoch and the new members' wrapped keys", () => {
    expect(bodyJson(sample("channelInvite"))).toEqual({
      channel: hex0x(body.channel), epoch: 3, members: [{ member: bech(carol), wrappedKey: hex0x(body.members[0]!.wrappedKey) }],
    });
  });

  it("is an invite entry wrapping the epoch it names to those it adds, sealing nothing", () => {
    expect(chatEntry(sample("channelInvite"))).toEqual({
      type: "channel", action: "invite", channel: body.channel, epoch: 3, members: [carol.publicKey], wraps: body.members, sealed: null,
    });
  });

  it("is labelled channel.invite and has no block hooks", () => {
    expect(channelInviteKind.label).toBe("channel.invite");
    expect(channelInviteKind.blockHooks).toBeNull();
  });
});
