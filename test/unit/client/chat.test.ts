// The chat SDK's pure parts: checking what a node returns, and opening a message as each party sees it.
import { describe, expect, it } from "vitest";
import { buildTx, type BuiltTx } from "../../../src/client/tx-builder.js";
import { newIdentity, type Identity } from "../../../src/client/keys.js";
import { verifyEntry, type VerifiedEntry } from "../../../src/client/chat-entries.js";
import { httpToWs, openDirectEntry } from "../../../src/client/chat.js";
import { ChatError } from "../../../src/client/chat-errors.js";
import { keyringFor } from "../../../src/client/prekeys.js";
import { chooseRecipientKey, sealDirect } from "../../../src/messaging/crypto/index.js";
import { toHex, utf8 } from "../../../src/util/bytes.js";
import type { TxBodies } from "../../../src/chain/tx/types.js";

const CHAIN = "parley-unit";
const FIELDS = { chainId: CHAIN, nonce: 3, fee: 5_000n, expiry: 100 };

function entryJson(tx: BuiltTx, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "0x" + tx.id, kind: "message", from: "", raw: "0x" + toHex(tx.bytes), height: 7, index: 2, time: 1_700_000_000_000, cursor: "7.2", body: {}, ...overrides };
}

function message(from: Identity, to: Identity, plaintext: Uint8Array, opts: { selfCopy?: boolean; nonce?: number } = {}): BuiltTx {
  const nonce = opts.nonce ?? FIELDS.nonce;
  const sealed = sealDirect({
    chainId: CHAIN, from: from.publicKey, to: to.publicKey, txNonce: nonce, ...chooseRecipientKey(to.publicKey, null), plaintext,
    ...(opts.selfCopy === false ? {} : { sealToSelf: chooseRecipientKey(from.publicKey, null) }),
  });
  const body: TxBodies["message"] = { to: to.publicKey, envelope: sealed.envelope, amount: 9n, selfEnvelope: sealed.selfEnvelope };
  return buildTx(from, "message", body, { ...FIELDS, nonce });
}

function verified(tx: BuiltTx): VerifiedEntry {
  return verifyEntry(entryJson(tx), CHAIN, true);
}

const open = (e: VerifiedEntry, me: Identity) => openDirectEntry(e, me.publicKey, keyringFor(me, []));

describe("checking message entries from a node", () => {
  const alice = newIdentity();
  const bob = newIdentity();
  const tx = message(alice, bob, utf8("hi"));

  it("accepts a tx whose id, chain and signature check out, keeping its position", () => {
    expect(verified(tx)).toMatchObject({ id: tx.id, height: 7, index: 2, cursor: "7.2", time: 1_700_000_000_000 });
  });

  it("refuses an entry whose id is not the hash of its tx", () => {
    expect(() => verifyEntry(entryJson(tx, { id: "0x" + "00".repeat(32) }), CHAIN, true)).toThrow(/id is not the hash/);
  });

  it("refuses a tx of another chain", () => {
    expect(() => verifyEntry(entryJson(tx), "parley-other", true)).toThrow(ChatError);
  });

  it("refuses a tx whose signature does not verify (a node forging a sender), unless checks are off", () => {
    const forged = tx.bytes.slice();
    forged[10]! ^= 0x01; // inside the signature: the id (hash of the payload) is unchanged
    const json = entryJson(tx, { raw: "0x" + toHex(forged) });
    expect(() => verifyEntry(json, CHAIN, true)).toThrow(/bad signature/);
    expect(verifyEntry(json, CHAIN, false).id).toBe(tx.id);
  });

  it("refuses malformed entries instead of guessing", () => {
    expect(() => verifyEntry({ id: "0x00" }, CHAIN, true)).toThrow(/missing/);
    expect(() => verifyEntry(entryJson(tx, { raw: "0xzz" }), CHAIN, true)).toThrow(/not hex/);
    expect(() => verifyEntry(entryJson(tx, { raw: "0x0011" }), CHAIN, true)).toThrow(/does not decode/);
  });
});

describe("opening a direct message as each party sees it", () => {
  const alice = newIdentity();
  const bob = newIdentity();
  const carol = newIdentity();

  it("the recipient reads it as incoming, the sender reads its self copy as outgoing", () => {
    const e = verified(message(alice, bob, utf8("lunch? 🍜")));
    expect(open(e, bob)).toMatchObject({ direction: "in", text: "lunch? 🍜", failure: null, amount: 9n, from: alice.address, to: bob.address, id: "0x" + e.id });
    expect(open(e, alice)).toMatchObject({ direction: "out", text: "lunch? 🍜", failure: null });
  });

  it("a third party gets DECRYPT_FAILED, never text", () => {
    expect(open(verified(message(alice, bob, utf8("secret"))), carol)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
  });

  it("a sender without a self copy gets NO_SELF_COPY", () => {
    expect(open(verified(message(alice, bob, utf8("x"), { selfCopy: false })), alice)).toMatchObject({ text: null, failure: "NO_SELF_COPY" });
  });

  it("a note to self opens from the envelope sealed to us", () => {
    expect(open(verified(message(alice, alice, utf8("remember the milk"), { selfCopy: false })), alice)).toMatchObject({ direction: "out", text: "remember the milk" });
  });

  it("an envelope sealed for another nonce does not open in this tx (replay)", () => {
    const sealedFor3 = message(alice, bob, utf8("once"), { nonce: 3 });
    const body = sealedFor3.stx.tx.body as TxBodies["message"];
    const replayed = buildTx(alice, "message", body, { ...FIELDS, nonce: 4 });
    expect(open(verified(replayed), bob)).toMatchObject({ text: null, failure: "DECRYPT_FAILED" });
  });

  it("authentic bytes that are not UTF-8 are reported, not mangled", () => {
    expect(open(verified(message(alice, bob, Uint8Array.of(0xff, 0xfe))), bob)).toMatchObject({ text: null, failure: "NOT_UTF8" });
  });

  it("a transfer without memo has no text and no failure; other kinds are not messages", () => {
    const t = buildTx(alice, "transfer", { to: bob.publicKey, amount: 5n, memo: null }, FIELDS);
    expect(open(verified(t), bob)).toMatchObject({ kind: "transfer", text: null, failure: null, amount: 5n });
    const anchor = buildTx(alice, "anchor", { hash: new Uint8Array(32), tag: "" }, FIELDS);
    expect(open(verified(anchor), alice)).toBeNull();
  });
});

describe("httpToWs", () => {
  it("maps http to ws and https to wss, leaving ws URLs alone", () => {
    expect(httpToWs("http://127.0.0.1:8645")).toBe("ws://127.0.0.1:8645");
    expect(httpToWs("HTTPS://node.example/rpc")).toBe("wss://node.example/rpc");
    expect(httpToWs("ws://x:1")).toBe("ws://x:1");
  });
});
