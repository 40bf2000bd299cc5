import { describe, expect, it } from "vitest";
import { bytesEqual, fromUtf8, utf8 } from "../../../../src/util/bytes.js";
import {
  newChannelKey, openChannelMeta, openChannelPost, sealChannelMeta, sealChannelPost, unwrapChannelKey, wrapChannelKey,
  PENDING_CHANNEL_ID, type ChannelContext,
} from "../../../../src/messaging/crypto/channel.js";
import { chooseRecipientKey } from "../../../../src/messaging/crypto/keys.js";
import type { CryptoError } from "../../../../src/messaging/crypto/errors.js";
import { CHAIN, bytesFor, flipped, identity, prekey, type TestIdentity } from "./helpers.js";

const owner = identity("owner");
const bob = identity("bob");
const carol = identity("carol");
const dave = identity("dave");
const channelId = bytesFor("channel");
type OpenOverrides = ChannelContext & { channelKey: Uint8Array };
const secretsOf = (id: TestIdentity) => ({ identityX25519Secret: id.x25519Secret });

function codeOf(r: { ok: true } | { ok: false; error: CryptoError }): string {
  return r.ok ? "ok" : r.error.code;
}

/** What the owner puts in a channel.create / invite / remove tx: the epoch key wrapped to each member. */
function wrapAll(ctx: ChannelContext, channelKey: Uint8Array, members: TestIdentity[]) {
  return members.map((m) => ({
    member: m.address,
    envelope: wrapChannelKey({ ...ctx, member: m.address, ...memberKey(m), channelKey }),
  }));
}

function memberKey(m: TestIdentity) {
  const k = chooseRecipientKey(m.address, null);
  return { memberKey: k.recipientKey, memberKeyKind: k.recipientKeyKind };
}

/** A member scans the wraps of a tx for its own and unwraps it. */
function unwrapMine(ctx: ChannelContext, wraps: { member: Uint8Array; envelope: Uint8Array }[], me: TestIdentity) {
  const mine = wraps.find((w) => bytesEqual(w.member, me.address));
  if (!mine) return null;
  return unwrapChannelKey({ ...ctx, member: me.address, envelope: mine.envelope, mySecrets: secretsOf(me) });
}

const createCtx: ChannelContext = { chainId: CHAIN, channelId: PENDING_CHANNEL_ID, epoch: 0, from: owner.address, txNonce: 1 };

describe("channel key wraps", () => {
  it("each member unwraps the epoch key wrapped to them", () => {
    const key = newChannelKey();
    const wraps = wrapAll(createCtx, key, [owner, bob, carol]);
    for (const m of [owner, bob, carol]) {
      const r = unwrapMine(createCtx, wraps, m);
      expect(r?.ok && bytesEqual(r.value, key)).toBe(true);
    }
  });

  it("a wrap to a member's prekey opens with that prekey", () => {
    const key = newChannelKey();
    const pk = prekey("bob");
    const env = wrapChannelKey({ ...createCtx, member: bob.address, memberKey: pk.public, memberKeyKind: "prekey", channelKey: key });
    const r = unwrapChannelKey({ ...createCtx, member: bob.address, envelope: env, mySecrets: { identityX25519Secret: bob.x25519Secret, prekeys: [pk.secret] } });
    expect(r.ok && bytesEqual(r.value, key)).toBe(true);
  });

  it("a non-member cannot unwrap anyone's wrap", () => {
    const wraps = wrapAll(createCtx, newChannelKey(), [owner, bob]);
    for (const w of wraps) {
      const r = unwrapChannelKey({ ...createCtx, member: w.member, envelope: w.envelope, mySecrets: secretsOf(dave) });
      expect(codeOf(r)).toBe("DECRYPT_FAILED");
    }
  });

  it("a wrap does not open under another channel, epoch, owner, tx nonce, member or chain", () => {
    const ctx: ChannelContext = { chainId: CHAIN, channelId, epoch: 3, from: owner.address, txNonce: 9 };
    const env = wrapChannelKey({ ...ctx, member: bob.address, ...memberKey(bob), channelKey: newChannelKey() });
    const open = (over: Partial<ChannelContext & { member: Uint8Array }>) =>
      unwrapChannelKey({ ...ctx, member: bob.address, ...over, envelope: env, mySecrets: secretsOf(bob) });
    expect(open({}).ok).toBe(true);
    for (const over of [{ channelId: bytesFor("other") }, { epoch: 4 }, { from: carol.address }, { txNonce: 10 }, { member: carol.address }, { chainId: "other" }]) {
      expect(codeOf(open(over))).toBe("DECRYPT_FAILED");
    }
  });

  it("a wrap carrying anything but exactly one 32-byte key is malformed", () => {
    const env = wrapChannelKey({ ...createCtx, member: bob.address, ...memberKey(bob), channelKey: newChannelKey() });
    const longer = new Uint8Array(env.length + 1);
    longer.set(env);
    for (const bad of [env.subarray(0, env.length - 1), longer]) {
      expect(codeOf(unwrapChannelKey({ ...createCtx, member: bob.address, envelope: bad, mySecrets: secretsOf(bob) }))).toBe("BAD_ENVELOPE");
    }
  });
});

describe("channel posts", () => {
  const key = newChannelKey();
  const postCtx: ChannelContext = { chainId: CHAIN, channelId, epoch: 0, from: bob.address, txNonce: 5n };

  it("round-trip under the epoch key", () => {
    const env = sealChannelPost({ ...postCtx, channelKey: key, plaintext: utf8("gm") });
    const r = openChannelPost({ ...postCtx, channelKey: key, envelope: env });
    expect(r.ok && fromUtf8(r.value)).toBe("gm");
  });

  it("do not open under another key, channel, epoch, author, tx nonce or chain", () => {
    const env = sealChannelPost({ ...postCtx, channelKey: key, plaintext: utf8("gm") });
    const cases: Partial<OpenOverrides>[] = [
      { channelKey: newChannelKey() }, { channelId: bytesFor("x") }, { epoch: 1 }, { from: carol.address }, { txNonce: 6n }, { chainId: "x" },
    ];
    for (const over of cases) expect(codeOf(openChannelPost({ ...postCtx, channelKey: key, ...over, envelope: env }))).toBe("DECRYPT_FAILED");
  });

  it("fail to open when any byte is flipped", () => {
    const env = sealChannelPost({ ...postCtx, channelKey: key, plaintext: new Uint8Array(0) });
    for (let i = 0; i < env.length; i++) {
      const code = codeOf(openChannelPost({ ...postCtx, channelKey: key, envelope: flipped(env, i) }));
      expect([i, code]).toEqual([i, i === 0 ? "BAD_ENVELOPE" : "DECRYPT_FAILED"]);
    }
  });

  it("hide the length within a bucket", () => {
    const sizes = new Set<number>();
    for (let len = 65; len <= 96; len++) sizes.add(sealChannelPost({ ...postCtx, channelKey: key, plaintext: new Uint8Array(len) }).length);
    expect(sizes.size).toBe(1);
  });

  it("cannot be opened as channel metadata, nor metadata as a post", () => {
    const post = sealChannelPost({ ...postCtx, channelKey: key, plaintext: utf8("x") });
    const meta = sealChannelMeta({ ...postCtx, channelKey: key, plaintext: utf8("x") });
    expect(codeOf(openChannelMeta({ ...postCtx, channelKey: key, envelope: post }))).toBe("DECRYPT_FAILED");
    expect(codeOf(openChannelPost({ ...postCtx, channelKey: key, envelope: meta }))).toBe("DECRYPT_FAILED");
    const r = openChannelMeta({ ...postCtx, channelKey: key, envelope: meta });
    expect(r.ok && fromUtf8(r.value)).toBe("x");
  });
});

describe("membership over epochs", () => {
  it("a removed member cannot unwrap the next epoch key or read new posts, but still reads old posts with the old key", () => {
    // Epoch 0: the owner creates the channel with bob and carol, and names it.
    const key0 = newChannelKey();
    const wraps0 = wrapAll(createCtx, key0, [owner, bob, carol]);
    const meta = sealChannelMeta({ ...createCtx, channelKey: key0, plaintext: utf8("lunch club") });
    const carolKey0 = unwrapMine(createCtx, wraps0, carol);
    expect(carolKey0?.ok).toBe(true);
    const carolOld = carolKey0!.ok ? carolKey0!.value : new Uint8Array(32);
    const nameRead = openChannelMeta({ ...createCtx, channelKey: carolOld, envelope: meta });
    expect(nameRead.ok && fromUtf8(nameRead.value)).toBe("lunch club");

    const oldPostCtx: ChannelContext = { chainId: CHAIN, channelId, epoch: 0, from: bob.address, txNonce: 2 };
    const oldPost = sealChannelPost({ ...oldPostCtx, channelKey: key0, plaintext: utf8("before") });

    // Epoch 1: the owner removes carol; the new key is wrapped only to owner and bob.
    const removeCtx: ChannelContext = { chainId: CHAIN, channelId, epoch: 1, from: owner.address, txNonce: 2 };
    const key1 = newChannelKey();
    const wraps1 = wrapAll(removeCtx, key1, [owner, bob]);
    expect(unwrapMine(removeCtx, wraps1, carol)).toBeNull();
    for (const w of wraps1) {
      // Even trying every wrap in the tx as if it were hers gets carol nothing.
      expect(codeOf(unwrapChannelKey({ ...removeCtx, member: w.member, envelope: w.envelope, mySecrets: secretsOf(carol) }))).toBe("DECRYPT_FAILED");
      expect(codeOf(unwrapChannelKey({ ...removeCtx, member: carol.address, envelope: w.envelope, mySecrets: secretsOf(carol) }))).toBe("DECRYPT_FAILED");
    }
    const bobKey1 = unwrapMine(removeCtx, wraps1, bob);
    expect(bobKey1?.ok && bytesEqual(bobKey1.value, key1)).toBe(true);

    const newPostCtx: ChannelContext = { chainId: CHAIN, channelId, epoch: 1, from: bob.address, txNonce: 3 };
    const newPost = sealChannelPost({ ...newPostCtx, channelKey: key1, plaintext: utf8("after") });
    expect(codeOf(openChannelPost({ ...newPostCtx, channelKey: carolOld, envelope: newPost }))).toBe("DECRYPT_FAILED");
    const bobReads = openChannelPost({ ...newPostCtx, channelKey: key1, envelope: newPost });
    expect(bobReads.ok && fromUtf8(bobReads.value)).toBe("after");

    const carolReadsOld = openChannelPost({ ...oldPostCtx, channelKey: carolOld, envelope: oldPost });
    expect(carolReadsOld.ok && fromUtf8(carolReadsOld.value)).toBe("before");
  });
});
