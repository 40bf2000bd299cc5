// The generic index writer: every tx is in its sender's history, then its kind's rows, each
// written once, at the tx's position in its block.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { BlockIndexWriter, hasIndexRow } from "../../../../src/chain/execution/indexer.js";
import type { IndexName, IndexStore } from "../../../../src/chain/storage/index-store.js";
import { WriteBatch } from "../../../../src/chain/storage/db.js";
import type { TxKindName } from "../../../../src/chain/tx/kinds.js";
import type { SignedTx, TxBodies } from "../../../../src/chain/tx/types.js";
import { toHex } from "../../../../src/util/bytes.js";
import { SAMPLE_BODIES, identity, sampleTx } from "../tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");

interface Put {
  index: IndexName;
  key: string;
  height: number;
  txIndex: number;
  txId: string;
}

function recorder(): { store: IndexStore; puts: Put[] } {
  const puts: Put[] = [];
  const store = {
    put: (_b: WriteBatch, index: IndexName, key: Uint8Array, height: number, txIndex: number, txId: Uint8Array) =>
      puts.push({ index, key: toHex(key), height, txIndex, txId: toHex(txId) }),
  } as unknown as IndexStore;
  return { store, puts };
}

function tx<K extends TxKindName>(kind: K, body?: TxBodies[K]): { stx: SignedTx; id: Uint8Array } {
  const built = sampleTx(kind, body === undefined ? {} : { body });
  return { stx: built.stx, id: sha256(built.stx.payload) };
}

describe("block index writer", () => {
  it("writes each tx's rows at its height and index, under its id", () => {
    const { store, puts } = recorder();
    const writer = new BlockIndexWriter(store, new WriteBatch(), 42);
    const a = tx("anchor");
    const m = tx("message");
    writer.writeTx(a.stx, a.id, 0);
    writer.writeTx(m.stx, m.id, 1);
    expect(puts.map((p) => [p.index, p.txIndex])).toEqual([["txByAccount", 0], ["txByAccount", 1], ["inbox", 1], ["sent", 1], ["txByAccount", 1]]);
    expect(new Set(puts.map((p) => p.height))).toEqual(new Set([42]));
    expect(puts[0]!.txId).toBe(toHex(a.id));
    expect(puts[4]!.txId).toBe(toHex(m.id));
  });

  it("lists a note to self once in the account's history, still in its inbox and sent index", () => {
    const { store, puts } = recorder();
    const self = tx("message", { ...SAMPLE_BODIES.message, to: alice.publicKey });
    new BlockIndexWriter(store, new WriteBatch(), 1).writeTx(self.stx, self.id, 0);
    const me = toHex(alice.publicKey);
    expect(puts.map((p) => [p.index, p.key])).toEqual([["txByAccount", me], ["inbox", me], ["sent", me]]);
  });
});

describe("index row check (light node pages)", () => {
  it("says a message is in its recipient's inbox and its sender's sent index, and nowhere else", () => {
    const m = tx("message");
    expect(hasIndexRow(m.stx, m.id, "inbox", bob.publicKey)).toBe(true);
    expect(hasIndexRow(m.stx, m.id, "sent", alice.publicKey)).toBe(true);
    expect(hasIndexRow(m.stx, m.id, "inbox", alice.publicKey)).toBe(false);
    const a = tx("anchor");
    expect(hasIndexRow(a.stx, a.id, "inbox", alice.publicKey)).toBe(false);
  });
});
