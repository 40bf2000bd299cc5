import { describe, expect, it } from "vitest";
import { channelKeyRows } from "../../../../src/chain/execution/channel-key-rows.js";
import type { Identity } from "../../../../src/client/keys.js";
import { txError } from "../../../../src/chain/tx/errors.js";
import { toHex } from "../../../../src/util/bytes.js";
import { opaque } from "../tx/fixtures.js";
import { identity, tx } from "./harness.js";

const alice = identity("alice");
const bob = identity("bob");
const carol = identity("carol");

const wrapped = (...who: Identity[]) => who.map((w) => ({ member: w.publicKey, wrappedKey: opaque(`key/${toHex(w.publicKey)}`, 72) }));

function rowsOf(rows: ReturnType<typeof channelKeyRows>) {
  return rows.map((r) => ({ member: toHex(r.member), index: r.index, epoch: r.epoch }));
}

describe("channel key rows", () => {
  it("gives every wrapped member a row with the epoch whose key it carries, removes counting up from the parent's epoch", () => {
    const channel = opaque("channel", 32);
    const invite = tx(alice, "channelInvite", { channel, epoch: 3, members: wrapped(carol) }, { nonce: 0 });
    const remove1 = tx(alice, "channelRemove", { channel, removed: [carol.publicKey], members: wrapped(alice, bob) }, { nonce: 1 });
    const remove2 = tx(alice, "channelRemove", { channel, removed: [bob.publicKey], members: wrapped(alice) }, { nonce: 2 });
    const post = tx(bob, "channelPost", { channel, epoch: 4, envelope: opaque("post", 40) });
    const asked: string[] = [];
    const rows = channelKeyRows([invite, remove1, post, remove2], (c) => (asked.push(toHex(c)), 3));
    expect(rowsOf(rows)).toEqual([
      { member: toHex(carol.publicKey), index: 0, epoch: 3 },
      { member: toHex(alice.publicKey), index: 1, epoch: 4 },
      { member: toHex(bob.publicKey), index: 1, epoch: 4 },
      { member: toHex(alice.publicKey), index: 3, epoch: 5 },
    ]);
    // The parent state is read once per channel, not once per remove.
    expect(asked).toEqual([toHex(channel)]);
  });

  it("a create wraps epoch 0 under the create tx's own id; a failed tx gives no row", () => {
    const create = tx(alice, "channelCreate", { meta: opaque("meta", 32), members: wrapped(alice, bob) });
    const failedInvite = { ...tx(alice, "channelInvite", { channel: create.id, epoch: 0, members: wrapped(carol) }, { nonce: 1 }), failure: txError({ code: "NOT_CHANNEL_OWNER" }) };
    const rows = channelKeyRows([create, failedInvite], () => 0);
    expect(rows.map((r) => [toHex(r.channel), toHex(r.member), r.epoch])).toEqual([
      [toHex(create.id), toHex(alice.publicKey), 0],
      [toHex(create.id), toHex(bob.publicKey), 0],
    ]);
  });
});
