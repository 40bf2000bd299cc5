// Stored txs come back decoded with their position; a tx that a block or index names but that is
// missing or does not decode is one typed corruption error, whoever reads it.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import type { BlockStore, StoredTx } from "../../../../src/chain/storage/block-store.js";
import { StoredTxError, TxRepository } from "../../../../src/chain/storage/tx-repository.js";
import { toHex } from "../../../../src/util/bytes.js";
import { sampleTx } from "../tx/fixtures.js";

const good = sampleTx("transfer");
const goodId = sha256(good.stx.payload);
const unknownId = new Uint8Array(32).fill(7);
const garbageId = new Uint8Array(32).fill(9);

/** A block store holding the good tx at 5.2 and garbage bytes under garbageId. */
function store(): BlockStore {
  const rows = new Map<string, StoredTx>([
    [toHex(goodId), { height: 5, index: 2, bytes: good.bytes }],
    [toHex(garbageId), { height: 6, index: 0, bytes: Uint8Array.of(1, 2, 3) }],
  ]);
  return {
    tx: async (id: Uint8Array) => rows.get(toHex(id)),
    txs: async (ids: Uint8Array[]) => ids.map((id) => rows.get(toHex(id))),
  } as unknown as BlockStore;
}

describe("tx repository", () => {
  const repo = new TxRepository(store());

  it("returns a stored tx decoded, with its id and chain position", async () => {
    const t = await repo.get(goodId);
    expect(t).toMatchObject({ id: goodId, height: 5, index: 2 });
    expect(t!.stx.bytes).toEqual(good.bytes);
    expect(t!.stx.tx.kind).toBe("transfer");
  });

  it("answers undefined for an id the chain does not have", async () => {
    expect(await repo.get(unknownId)).toBeUndefined();
  });

  it("reports stored bytes that do not decode as CORRUPT_TX, not as absent", async () => {
    await expect(repo.get(garbageId)).rejects.toMatchObject({ code: "CORRUPT_TX", type: { reason: "undecodable", id: toHex(garbageId) } });
  });

  it("reads the txs an index names in order, and reports a missing one as CORRUPT_TX", async () => {
    expect((await repo.getAll([goodId, goodId])).map((t) => t.index)).toEqual([2, 2]);
    const e = await repo.getAll([goodId, unknownId]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoredTxError);
    expect(e).toMatchObject({ type: { code: "CORRUPT_TX", reason: "missing", id: toHex(unknownId) } });
  });
});
