import { describe, expect, it } from "vitest";
import { channelPostKind } from "../../../../../src/chain/tx/kinds/channel-post.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.channelPost;

describe("channel.post kind", () => {
  it("is listed in the channel's log and the poster's history", () => {
    expect(indexRows(sample("channelPost"))).toEqual([["txByAccount", hex(alice.publicKey)], ["channelLog", hex(body.channel)]]);
  });

  it("notifies the poster and the channel (members follow the channel, not each post)", () => {
    expect(parties(sample("channelPost"))).toEqual({ parties: [hex(alice.publicKey)], channel: hex(body.channel) });
  });

  it("shows the channel, the epoch and the sealed envelope", () => {
    expect(bodyJson(sample("channelPost"))).toEqual({ channel: hex0x(body.channel), epoch: 300, envelope: hex0x(body.envelope) });
  });

  it("is a post entry sealed with the key of the epoch it names, naming no members and wrapping no key", () => {
    expect(chatEntry(sample("channelPost"))).toEqual({
      type: "channel", action: "post", channel: body.channel, epoch: 300, members: [], wraps: [], sealed: body.envelope,
    });
  });

  it("is labelled channel.post and has no block hooks", () => {
    expect(channelPostKind.label).toBe("channel.post");
    expect(channelPostKind.blockHooks).toBeNull();
  });
});
