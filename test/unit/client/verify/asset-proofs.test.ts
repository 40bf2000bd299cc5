import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { EMPTY_ROOT, SparseMerkleTree, encodeProof } from "../../../../src/chain/state/smt/tree.js";
import { smtKey } from "../../../../src/chain/state/state-store.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import { assetKey, encodeAsset, encodeHolding, holdingKey, type AssetRecord } from "../../../../src/chain/assets/records.js";
import type { BlockHeader } from "../../../../src/chain/block/types.js";
import { checkAssetBalanceProof } from "../../../../src/client/verify/asset-proofs.js";
import { toHex } from "../../../../src/util/bytes.js";
import { MapStore } from "../../chain/state/smt/fixtures.js";
import { identity } from "../../chain/tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");
const id = new Uint8Array(32).fill(5);
const record: AssetRecord = {
  issuer: alice.publicKey, admin: alice.publicKey, symbol: "PTS", name: "points", decimals: 2, maxSupply: null,
  metaHash: null, flags: 3, supply: 1_000n, height: 1, txId: new Uint8Array(32).fill(6),
};

/** A state tree holding the asset record and bob's holding of 692; the proof entries asset_balance would send. */
async function fixture(holding: Uint8Array | null) {
  const store = new MapStore();
  const tree = new SparseMerkleTree(store);
  const values: Array<[Uint8Array, Uint8Array | null]> = [[holdingKey(id, bob.publicKey), holding], [assetKey(id), encodeAsset(record)]];
  const r = await tree.update(EMPTY_ROOT, values.filter(([, v]) => v !== null).map(([k, v]) => ({ key: smtKey(StateNs.asset, k), valueHash: sha256(v!) })));
  store.put(r.nodes);
  const entries = await Promise.all(values.map(async ([k, v]) => ({
    ns: StateNs.asset as number, key: toHex(k), value: v ? toHex(v) : null, smtProof: toHex(encodeProof(await tree.prove(r.root, smtKey(StateNs.asset, k)))),
  })));
  const header = { height: 7, stateRoot: r.root } as unknown as BlockHeader;
  return { header, proof: { height: 7, stateRoot: toHex(r.root), entries } };
}

describe("checkAssetBalanceProof", () => {
  it("reads the holding and the asset from proven bytes; a proven absence is a zero balance", async () => {
    const { header, proof } = await fixture(encodeHolding({ balance: 692n, frozen: false }));
    const v = checkAssetBalanceProof(header, bob.publicKey, id, proof);
    expect([v.holding.balance, v.holding.frozen, v.asset.symbol, v.height]).toEqual([692n, false, "PTS", 7]);
    const none = await fixture(null);
    expect(checkAssetBalanceProof(none.header, bob.publicKey, id, none.proof).holding.balance).toBe(0n);
  });

  it("refuses an altered balance, a left-out entry, another state root and another holder's key", async () => {
    const { header, proof } = await fixture(encodeHolding({ balance: 692n, frozen: false }));
    const forged = { ...proof, entries: proof.entries.map((e, i) => (i === 0 ? { ...e, value: toHex(encodeHolding({ balance: 69_200n, frozen: false })) } : e)) };
    expect(() => checkAssetBalanceProof(header, bob.publicKey, id, forged)).toThrow(/not under the stateRoot/);
    expect(() => checkAssetBalanceProof(header, bob.publicKey, id, { ...proof, entries: proof.entries.slice(1) })).toThrow(/no proof for/);
    expect(() => checkAssetBalanceProof({ ...header, stateRoot: new Uint8Array(32) } as BlockHeader, bob.publicKey, id, proof)).toThrow(/stateRoot/);
    expect(() => checkAssetBalanceProof(header, alice.publicKey, id, proof)).toThrow(/no proof for/);
  });
});
