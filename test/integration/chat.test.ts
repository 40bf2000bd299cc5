// The chat SDK end to end against a real in-process node (LevelDB in a temp dir, HTTP and
// WebSocket on 127.0.0.1 port 0): what a user of encrypted chat relies on.
import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, startInProcess, waitFor, type DevChain } from "./harness.js";
import { ChatClient, type ChatMessage } from "../../src/client/chat.js";
import { ChatError } from "../../src/client/chat-errors.js";
import { contentHash } from "../../src/client/anchors.js";
import { MemoryPrekeyStore } from "../../src/client/prekeys.js";
import { TxFailedError } from "../../src/client/parley-client.js";
import { RpcClientError } from "../../src/client/rpc-client.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { sealDirect } from "../../src/messaging/crypto/index.js";
import { fromHex, utf8 } from "../../src/util/bytes.js";
import type { ParleyNode } from "../../src/node/node.js";

afterEach(cleanup);

interface Setup {
  chain: DevChain;
  node: ParleyNode;
  chat: ChatClient;
  alice: Identity;
  bob: Identity;
  carol: Identity;
}

async function setup(opts: { chainId?: string } = {}): Promise<Setup> {
  const chain = devChain({ funded: 3, balance: 1_000_000_000n, ...opts });
  const node = await startInProcess(chain);
  const [alice, bob, carol] = chain.funded as [Identity, Identity, Identity];
  return { chain, node, chat: new ChatClient(node.rpcUrl), alice, bob, carol };
}

async function balance(chat: ChatClient, who: Identity): Promise<bigint> {
  return BigInt((await chat.client.account(who.address)).balance);
}

/** The RPC error reason a promise fails with. */
async function rpcReason(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") return e.type.reason;
    throw e;
  }
  throw new Error("expected an RPC error");
}

describe("encrypted direct messages", () => {
  it("the recipient reads a message, the sender reads its self copy, and a third key reads nothing", async () => {
    const { chat, alice, bob, carol } = await setup();
    const sent = await chat.sendMessage(alice, bob.address, "hi bob, lunch at noon? 🍜");
    expect(sent.recipientKeyKind).toBe("identity");
    const inbox = await chat.readInbox(bob);
    expect(inbox.messages).toHaveLength(1);
    expect(inbox.messages[0]).toMatchObject({ id: sent.id, from: alice.address, to: bob.address, text: "hi bob, lunch at noon? 🍜", direction: "in", failure: null, amount: 0n, height: sent.height });
    expect(inbox.messages[0]!.time).toBeGreaterThan(0);
    const outbox = await chat.readSent(alice);
    expect(outbox.messages[0]).toMatchObject({ id: sent.id, text: "hi bob, lunch at noon? 🍜", direction: "out" });
    // Carol fetches the same tx: it is there, but she cannot open it.
    expect(await chat.getMessage(carol, sent.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
    // Without a self copy the sender cannot read it back.
    const blind = await chat.sendMessage(alice, bob.address, "no copy", { selfCopy: false });
    expect(await chat.getMessage(alice, blind.id)).toMatchObject({ text: null, failure: "NO_SELF_COPY" });
    expect(await chat.getMessage(bob, blind.id)).toMatchObject({ text: "no copy" });
    // A transfer memo is sealed like a message.
    const paid = await chat.sendPayment(alice, bob.address, 42n, { memo: "for the pizza" });
    expect(await chat.getMessage(bob, paid.id)).toMatchObject({ kind: "transfer", text: "for the pizza", amount: 42n, failure: null });
    expect(await chat.getMessage(carol, paid.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
  });

  it("a tampered envelope fails authentication and reads as undecryptable, not as a message", async () => {
    const { chat, alice, bob } = await setup();
    const key = await chat.recipientKey(bob.address);
    const sent = await chat.submitSealed(alice, "message", ({ chainId, nonce }) => {
      const { envelope } = sealDirect({ chainId, from: alice.publicKey, to: bob.publicKey, txNonce: nonce, ...key, plaintext: utf8("pay 10 to carol") });
      envelope[envelope.length - 20]! ^= 0x01; // one bit of the ciphertext
      return { to: bob.publicKey, envelope, amount: 0n, selfEnvelope: null };
    });
    expect(await chat.getMessage(bob, sent.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
  });

  it("an envelope replayed into another tx, from another sender, or on another chain does not open", async () => {
    const { chat, alice, bob, carol } = await setup();
    // Alice's first tx (nonce 0), so the other chain can reproduce from, to and nonce exactly.
    const original = await chat.sendMessage(alice, bob.address, "the vault code is 1234");
    const tx = (await chat.client.txStatus(original.id)).tx!;
    const envelope = fromHex(String(tx.body["envelope"]))!;
    const replay = (who: Identity, c: ChatClient) => c.submitSealed(who, "message", () => ({ to: bob.publicKey, envelope, amount: 0n, selfEnvelope: null }));
    const byCarol = await replay(carol, chat);
    const byAliceAgain = await replay(alice, chat);
    const inbox = await chat.readInbox(bob);
    const byId = new Map(inbox.messages.map((m) => [m.id, m]));
    expect(byId.get(original.id)).toMatchObject({ text: "the vault code is 1234" });
    expect(byId.get(byCarol.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED", from: carol.address });
    expect(byId.get(byAliceAgain.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED", from: alice.address });

    // Another chain: same from, to and nonce 0; only the chain id differs.
    const other = devChain({ funded: 1, chainId: "parley-other" });
    const otherNode = await startInProcess(other);
    const otherChat = new ChatClient(otherNode.rpcUrl);
    await otherChat.sendPayment(other.funded[0]!, alice.address, 1_000_000n);
    const onOther = await replay(alice, otherChat);
    expect(onOther.nonce).toBe(0);
    expect(original.nonce).toBe(0);
    expect(await otherChat.getMessage(bob, onOther.id)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
  });

  it("a paid message moves exactly the amount in the same tx, or nothing at all", async () => {
    const { chat, alice, bob } = await setup();
    const [a0, b0] = [await balance(chat, alice), await balance(chat, bob)];
    const sent = await chat.sendMessage(alice, bob.address, "here's your 1234", { pay: 1234n });
    const fee = await feeOf(chat, sent.id);
    expect(await balance(chat, bob)).toBe(b0 + 1234n);
    expect(await balance(chat, alice)).toBe(a0 - 1234n - fee);
    expect((await chat.readInbox(bob)).messages[0]).toMatchObject({ id: sent.id, amount: 1234n, text: "here's your 1234" });

    // More than the balance: the tx is refused, no message appears, no funds move (not even the fee).
    const [a1, b1] = [await balance(chat, alice), await balance(chat, bob)];
    const err = await chat.sendMessage(alice, bob.address, "IOU", { pay: a1 + 1n }).then(() => null, (e: unknown) => e);
    expect(err instanceof TxFailedError || err instanceof RpcClientError).toBe(true);
    expect(err instanceof TxFailedError ? err.type : (err as RpcClientError).type).toMatchObject({ reason: "INSUFFICIENT_FUNDS" });
    // A later tx finalizing proves the refused one had its chance to be included.
    const sorry = await chat.sendMessage(alice, bob.address, "sorry");
    expect(await balance(chat, bob)).toBe(b1);
    expect(await balance(chat, alice)).toBe(a1 - (await feeOf(chat, sorry.id)));
    const texts = (await chat.readInbox(bob)).messages.map((m) => m.text);
    expect(texts).toEqual(["here's your 1234", "sorry"]);
  });

  it("after a prekey rotation messages are sealed to the new prekey and every retained secret still reads", async () => {
    const { chat, alice, bob } = await setup();
    const store = new MemoryPrekeyStore();
    const bobChat = new ChatClient(chat.client, { prekeys: () => store });
    const before = await chat.sendMessage(alice, bob.address, "to your identity key");
    const r1 = await bobChat.rotatePrekey(bob, store);
    expect((await chat.client.account(bob.address)).prekey).toBe(r1.prekey);
    const m1 = await chat.sendMessage(alice, bob.address, "to prekey one");
    const r2 = await bobChat.rotatePrekey(bob, store);
    const m2 = await chat.sendMessage(alice, bob.address, "to prekey two");
    expect([m1.recipientKeyKind, m2.recipientKeyKind]).toEqual(["prekey", "prekey"]);
    // The envelope names the prekey it was sealed to (key type 0x01, then the prekey id).
    const env2 = fromHex(String((await chat.client.txStatus(m2.id)).tx!.body["envelope"]))!;
    expect(env2[1]).toBe(0x01);
    expect(Buffer.from(env2.subarray(2, 10)).toString("hex")).toBe(r2.prekey.slice(2, 18));
    const texts = (await bobChat.readInbox(bob)).messages.map((m) => m.text);
    expect(texts).toEqual(["to your identity key", "to prekey one", "to prekey two"]);
    // A device without the prekey secrets (or after deleting them) reads only the identity-key message.
    const bare = new ChatClient(chat.client);
    const bareRead = (await bare.readInbox(bob)).messages;
    expect(bareRead.map((m) => m.failure)).toEqual([null, "DECRYPT_FAILED", "DECRYPT_FAILED"]);
    expect(bareRead[0]!.id).toBe(before.id);
  });

  it("paging through an inbox while new messages arrive never skips or repeats one", async () => {
    const { chat, alice, bob, carol } = await setup();
    const expected: string[] = [];
    const send = async (n: number) => {
      // Two senders, several txs per block: positions interleave within blocks.
      const batch = [];
      for (let i = 0; i < n; i++) {
        const text = `m${expected.length}`;
        expected.push(text);
        batch.push(chat.sendMessage(i % 2 ? carol : alice, bob.address, text, { wait: false }));
      }
      const ids = await Promise.all(batch);
      await Promise.all(ids.map((s) => chat.client.waitFinal(s.id)));
    };
    await send(11);
    const seen: ChatMessage[] = [];
    const first = await chat.readInbox(bob, { limit: 4 });
    seen.push(...first.messages);
    let older = first.older;
    while (older) {
      await send(3); // new blocks land while we page back
      const page = await chat.readInbox(bob, { limit: 4, before: older });
      seen.unshift(...page.messages);
      older = page.older;
    }
    // Catch up forward from the first page: everything that arrived since, once.
    let newer = first.newer;
    for (let i = 0; i < 20; i++) {
      const page = await chat.readInbox(bob, { limit: 4, after: newer! });
      if (page.messages.length === 0) break;
      seen.push(...page.messages);
      newer = page.newer;
    }
    const ids = seen.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.map((m) => m.text).sort()).toEqual([...expected].sort());
    // Oldest first, by chain position.
    const pos = seen.map((m) => m.height * 1e6 + m.index);
    expect([...pos].sort((a, b) => a - b)).toEqual(pos);
  });

  it("a watcher sees a message within one block of its finalization", async () => {
    const { chat, node, alice, bob } = await setup();
    const got: Array<{ m: ChatMessage; head: number; at: number }> = [];
    const w = await chat.watch(bob, (m) => got.push({ m, head: node.chain.head.height, at: Date.now() }));
    try {
      const sent = await chat.sendMessage(alice, bob.address, "ping", { wait: false });
      const final = await chat.client.waitFinal(sent.id, 10_000, 20);
      await waitFor("the watcher's notification", async () => got.length > 0, 5_000, 10);
      const { m, head, at } = got[0]!;
      expect(m).toMatchObject({ id: sent.id, text: "ping", from: alice.address, height: final.height });
      // Delivered while its block was the head, or at most one block later.
      expect(head).toBeLessThanOrEqual(final.height! + 1);
      expect(at - m.time).toBeLessThan(2_000);
    } finally {
      w.close();
    }
  });
});

async function feeOf(chat: ChatClient, id: string): Promise<bigint> {
  const st = await chat.client.rpc.call<{ tx: { fee: string } }>("tx_get", [id]);
  return BigInt(st.tx.fee);
}

describe("group channels", () => {
  it("a removed member reads the epochs it was in but not the new one; an invited member reads from its epoch on", async () => {
    const { chat, alice, bob, carol } = await setup();
    const dave = newIdentity();
    const ch = await chat.createChannel(alice, "lunch club", [bob.address, carol.address]);
    expect(await chat.channelInfo(carol, ch.channelId)).toMatchObject({ owner: alice.address, epoch: 0, name: "lunch club", members: [alice.address, bob.address, carol.address] });
    await chat.post(bob, ch.channelId, "epoch zero from bob");
    await chat.post(carol, ch.channelId, "epoch zero from carol");
    const removed = await chat.remove(alice, ch.channelId, [carol.address]);
    expect(removed.epoch).toBe(1);
    await chat.post(alice, ch.channelId, "epoch one: carol is gone");
    await chat.invite(alice, ch.channelId, [dave.address]);
    await chat.post(bob, ch.channelId, "welcome dave");

    const posts = async (who: Identity) => (await chat.readChannel(who, ch.channelId)).entries.filter((e) => e.kind === "post").map((e) => e.text ?? e.failure);
    expect(await posts(bob)).toEqual(["epoch zero from bob", "epoch zero from carol", "epoch one: carol is gone", "welcome dave"]);
    expect(await posts(carol)).toEqual(["epoch zero from bob", "epoch zero from carol", "NO_CHANNEL_KEY", "NO_CHANNEL_KEY"]);
    expect(await posts(dave)).toEqual(["NO_CHANNEL_KEY", "NO_CHANNEL_KEY", "epoch one: carol is gone", "welcome dave"]);
    const log = (await chat.readChannel(bob, ch.channelId)).entries;
    expect(log.map((e) => e.kind)).toEqual(["create", "post", "post", "remove", "post", "invite", "post"]);
    expect(log.find((e) => e.kind === "remove")).toMatchObject({ epoch: 1, members: [carol.address] });
    expect(log[0]).toMatchObject({ text: "lunch club", members: [alice.address, bob.address, carol.address] });

    // The removed member can neither post nor manage; a member cannot manage either.
    await expect(chat.post(carol, ch.channelId, "still here?")).rejects.toMatchObject({ type: { code: "NOT_CHANNEL_MEMBER" } });
    await expect(chat.remove(bob, ch.channelId, [alice.address])).rejects.toBeInstanceOf(ChatError);
    expect(await chat.client.rpc.call("channel_get", [ch.channelId])).toMatchObject({ epoch: 1, members: [alice.address, bob.address, dave.address] });
  });
});

describe("anchors and the node's storage", () => {
  it("anchors a file: anyone can check who anchored it and when; the first anchor counts", async () => {
    const { chat, alice, bob } = await setup();
    const file = utf8("contract v3, signed 2025-01-01");
    expect(await chat.verifyAnchor(contentHash(file))).toBeNull();
    const a = await chat.anchor(alice, file, "contract");
    const info = await chat.verifyAnchor(a.hash);
    expect(await chat.verifyAnchor(contentHash(file))).toEqual(info);
    expect(info).toMatchObject({ hash: a.hash, owner: alice.address, height: a.height, tag: "contract", txId: a.id });
    expect(info!.time).toBeGreaterThan(0);
    await expect(chat.anchor(bob, file, "mine")).rejects.toMatchObject({ type: { code: "ANCHOR_EXISTS", owner: alice.address } });
  });

  it("the node's data directory holds no plaintext of messages, memos, channel names or posts", async () => {
    const { chat, node, chain, alice, bob } = await setup();
    const secret = "zebra-quartz-7731-plaintext-marker";
    await chat.sendMessage(alice, bob.address, `dm ${secret}`, { pay: 5n });
    await chat.sendPayment(alice, bob.address, 7n, { memo: `memo ${secret}` });
    const ch = await chat.createChannel(alice, `name ${secret}`, [bob.address]);
    await chat.post(bob, ch.channelId, `post ${secret}`);
    // Anchor tags are public labels, stored as written: the control that the scan can find text.
    const publicTag = "public-tag-marker-5520";
    await chat.anchor(alice, utf8(`file ${secret}`), publicTag);
    // The plaintext is there for the keys' owners...
    expect((await chat.readInbox(bob)).messages.map((m) => m.text)).toEqual([`dm ${secret}`, `memo ${secret}`]);
    await node.stop();
    // ...and nowhere on the node's disk.
    const needle = Buffer.from(secret, "utf8");
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(join(chain.dir, "node-0"));
    expect(files.length).toBeGreaterThan(2);
    const hits = files.filter((f) => readFileSync(f).includes(needle));
    expect(hits).toEqual([]);
    expect(files.some((f) => readFileSync(f).includes(Buffer.from(publicTag)))).toBe(true);
  });

  it("the RPC refuses bad pages and unknown ids with typed reasons", async () => {
    const { chat, alice } = await setup();
    const rpc = chat.client.rpc;
    expect(await rpcReason(rpc.call("msg_inbox", [alice.address, { limit: 201 }]))).toBe("OUT_OF_RANGE");
    expect(await rpcReason(rpc.call("msg_inbox", [alice.address, { before: "1.0", after: "2.0" }]))).toBe("NOT_ALLOWED");
    expect(await rpcReason(rpc.call("msg_inbox", [alice.address, { before: "yesterday" }]))).toBe("BAD_FORMAT");
    expect(await rpcReason(rpc.call("msg_get", ["0x" + "00".repeat(32)]))).toBe("MESSAGE_NOT_FOUND");
    expect(await rpcReason(rpc.call("channel_get", ["0x" + "00".repeat(32)]))).toBe("CHANNEL_NOT_FOUND");
    expect(await rpcReason(rpc.call("anchor_get", ["0x" + "00".repeat(32)]))).toBe("ANCHOR_NOT_FOUND");
    // An empty inbox still hands out a `newer` cursor, so a poller misses nothing that arrives later.
    const empty = await rpc.call<{ messages: unknown[]; older: null; newer: string }>("msg_inbox", [alice.address]);
    expect(empty).toMatchObject({ messages: [], older: null });
    const sent = await chat.sendMessage(alice, alice.address, "note to self");
    const after = await rpc.call<{ messages: Array<{ id: string }> }>("msg_inbox", [alice.address, { after: empty.newer }]);
    expect(after.messages.map((m) => m.id)).toEqual([sent.id]);
  });
});
