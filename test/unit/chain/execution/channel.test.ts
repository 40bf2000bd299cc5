import { describe, expect, it } from "vitest";
import { decodeChannelState, type ChannelState } from "../../../../src/chain/tx/kinds/channel-state.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import type { ExecTx } from "../../../../src/chain/execution/executor.js";
import type { Identity } from "../../../../src/client/keys.js";
import { toHex } from "../../../../src/util/bytes.js";
import { opaque } from "../tx/fixtures.js";
import { MapState, identity, rejection, runBlock, tx } from "./harness.js";

const alice = identity("alice"); // owner
const bob = identity("bob");
const carol = identity("carol");
const dave = identity("dave");

function wrapped(...who: Identity[]) {
  return who.map((w) => ({ member: w.publicKey, wrappedKey: opaque(`key/${toHex(w.publicKey)}`, 72) }));
}

/** A fresh state with everyone funded, and a per-sender nonce counter for the txs below. */
class World {
  readonly state = new MapState();
  private readonly nonces = new Map<string, number>();
  height = 10;

  constructor() {
    for (const who of [alice, bob, carol, dave]) this.state.fund(who, 10_000_000n);
  }

  /** Builds a tx with the sender's next nonce (the nonce is only consumed if it executes). */
  next<K extends Parameters<typeof tx>[1]>(from: Identity, kind: K, body: Parameters<typeof tx<K>>[2]): ExecTx {
    return tx(from, kind, body, { nonce: this.state.account(from).nonce });
  }

  run(t: ExecTx) {
    return runBlock(this.state, [t], { height: this.height++ });
  }

  channel(id: Uint8Array): ChannelState | undefined {
    const raw = this.state.get(StateNs.channel, id);
    return raw && decodeChannelState(raw);
  }

  /** Alice creates a channel with the given members (alice included); returns its id. */
  create(...members: Identity[]): Uint8Array {
    const t = this.next(alice, "channelCreate", { meta: opaque("meta", 32), members: wrapped(...members) });
    const r = this.run(t);
    if (r.rejected.length) throw r.rejected[0]!.error;
    return t.id;
  }
}

function members(c: ChannelState | undefined): string[] {
  return (c?.members ?? []).map(toHex).sort();
}

function hexes(...who: Identity[]): string[] {
  return who.map((w) => toHex(w.publicKey)).sort();
}

describe("channel.create", () => {
  it("creates the channel under the create tx's id, owned by the creator, at epoch 0", () => {
    const w = new World();
    const id = w.create(alice, bob);
    const c = w.channel(id);
    expect(c).toBeDefined();
    expect(toHex(c!.owner)).toBe(toHex(alice.publicKey));
    expect(c!.epoch).toBe(0);
    expect(c!.createdHeight).toBe(10);
    expect(members(c)).toEqual(hexes(alice, bob));
  });

  it("refuses a channel whose creator is not among its members", () => {
    const w = new World();
    const r = w.run(w.next(alice, "channelCreate", { meta: opaque("m", 8), members: wrapped(bob) }));
    expect(rejection(r)).toEqual({ code: "BAD_MEMBERS", reason: "creator must be a member" });
  });

  it("refuses a member list that names someone twice", () => {
    const w = new World();
    const r = w.run(w.next(alice, "channelCreate", { meta: opaque("m", 8), members: wrapped(alice, bob, bob) }));
    expect(rejection(r).code).toBe("BAD_MEMBERS");
  });
});

describe("channel.invite", () => {
  it("lets the owner add a member with the current epoch's key", () => {
    const w = new World();
    const id = w.create(alice, bob);
    const r = w.run(w.next(alice, "channelInvite", { channel: id, epoch: 0, members: wrapped(carol) }));
    expect(r.rejected).toEqual([]);
    expect(members(w.channel(id))).toEqual(hexes(alice, bob, carol));
    expect(w.channel(id)!.epoch).toBe(0);
  });

  it("refuses an invite from a member who is not the owner", () => {
    const w = new World();
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(bob, "channelInvite", { channel: id, epoch: 0, members: wrapped(carol) })))).toEqual({ code: "NOT_CHANNEL_OWNER" });
    expect(members(w.channel(id))).toEqual(hexes(alice, bob));
  });

  it("refuses an invite whose keys are for another epoch", () => {
    const w = new World();
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(alice, "channelInvite", { channel: id, epoch: 1, members: wrapped(carol) })))).toEqual({ code: "WRONG_EPOCH", expected: 0, got: 1 });
  });

  it("refuses inviting someone who is already a member, and inviting to an unknown channel", () => {
    const w = new World();
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(alice, "channelInvite", { channel: id, epoch: 0, members: wrapped(bob) })))).toEqual({ code: "BAD_MEMBERS", reason: "already a member" });
    expect(rejection(w.run(w.next(alice, "channelInvite", { channel: new Uint8Array(32), epoch: 0, members: wrapped(carol) })))).toEqual({ code: "CHANNEL_NOT_FOUND" });
  });
});

describe("channel.remove", () => {
  it("moves to a new epoch whose key is wrapped to exactly the remaining members", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    const r = w.run(w.next(alice, "channelRemove", { channel: id, removed: [bob.publicKey], members: wrapped(alice, carol) }));
    expect(r.rejected).toEqual([]);
    expect(w.channel(id)!.epoch).toBe(1);
    expect(members(w.channel(id))).toEqual(hexes(alice, carol));
  });

  it("refuses a new epoch key wrapped to the removed member as well", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    const r = w.run(w.next(alice, "channelRemove", { channel: id, removed: [bob.publicKey], members: wrapped(alice, bob, carol) }));
    expect(rejection(r).code).toBe("BAD_MEMBERS");
    expect(w.channel(id)!.epoch).toBe(0);
  });

  it("refuses a new epoch key that leaves a remaining member out", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    expect(rejection(w.run(w.next(alice, "channelRemove", { channel: id, removed: [bob.publicKey], members: wrapped(alice) }))).code).toBe("BAD_MEMBERS");
  });

  it("refuses a new epoch key wrapped to an outsider in place of a remaining member", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    expect(rejection(w.run(w.next(alice, "channelRemove", { channel: id, removed: [bob.publicKey], members: wrapped(alice, dave) }))).code).toBe("BAD_MEMBERS");
  });

  it("refuses removal by a non-owner, of a non-member, and of the owner", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    expect(rejection(w.run(w.next(bob, "channelRemove", { channel: id, removed: [carol.publicKey], members: wrapped(alice, bob) })))).toEqual({ code: "NOT_CHANNEL_OWNER" });
    expect(rejection(w.run(w.next(alice, "channelRemove", { channel: id, removed: [dave.publicKey], members: wrapped(alice, bob, carol) })))).toEqual({ code: "BAD_MEMBERS", reason: "removing a non-member" });
    expect(rejection(w.run(w.next(alice, "channelRemove", { channel: id, removed: [alice.publicKey], members: wrapped(bob, carol) })))).toEqual({ code: "BAD_MEMBERS", reason: "cannot remove the owner" });
    expect(w.channel(id)!.epoch).toBe(0);
    expect(members(w.channel(id))).toEqual(hexes(alice, bob, carol));
  });

  it("refuses a removal that names nobody", () => {
    const w = new World();
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(alice, "channelRemove", { channel: id, removed: [], members: wrapped(alice, bob) })))).toEqual({ code: "BAD_MEMBERS", reason: "nobody removed" });
  });
});

describe("channel.post", () => {
  const post = (channel: Uint8Array, epoch: number) => ({ channel, epoch, envelope: opaque("post", 90) });

  it("accepts a post from a member in the current epoch, without changing the channel", () => {
    const w = new World();
    const id = w.create(alice, bob);
    const before = w.state.get(StateNs.channel, id);
    expect(w.run(w.next(bob, "channelPost", post(id, 0))).rejected).toEqual([]);
    expect(toHex(w.state.get(StateNs.channel, id)!)).toBe(toHex(before!));
    expect(w.state.account(bob).nonce).toBe(1);
  });

  it("refuses a post from someone who is not a member", () => {
    const w = new World();
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(carol, "channelPost", post(id, 0))))).toEqual({ code: "NOT_CHANNEL_MEMBER" });
  });

  it("refuses a post under an old or future epoch", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    w.run(w.next(alice, "channelRemove", { channel: id, removed: [carol.publicKey], members: wrapped(alice, bob) }));
    expect(rejection(w.run(w.next(bob, "channelPost", post(id, 0))))).toEqual({ code: "WRONG_EPOCH", expected: 1, got: 0 });
    expect(rejection(w.run(w.next(bob, "channelPost", post(id, 2))))).toEqual({ code: "WRONG_EPOCH", expected: 1, got: 2 });
    expect(w.run(w.next(bob, "channelPost", post(id, 1))).rejected).toEqual([]);
  });

  it("refuses a post from a removed member, whatever epoch it names", () => {
    const w = new World();
    const id = w.create(alice, bob, carol);
    expect(w.run(w.next(carol, "channelPost", post(id, 0))).rejected).toEqual([]);
    w.run(w.next(alice, "channelRemove", { channel: id, removed: [carol.publicKey], members: wrapped(alice, bob) }));
    expect(rejection(w.run(w.next(carol, "channelPost", post(id, 0))))).toEqual({ code: "NOT_CHANNEL_MEMBER" });
    expect(rejection(w.run(w.next(carol, "channelPost", post(id, 1))))).toEqual({ code: "NOT_CHANNEL_MEMBER" });
  });

  it("refuses a post to an unknown channel and an empty envelope", () => {
    const w = new World();
    expect(rejection(w.run(w.next(bob, "channelPost", post(new Uint8Array(32), 0))))).toEqual({ code: "CHANNEL_NOT_FOUND" });
    const id = w.create(alice, bob);
    expect(rejection(w.run(w.next(bob, "channelPost", { channel: id, epoch: 0, envelope: new Uint8Array(0) }))).code).toBe("BAD_ENCODING");
  });
});
