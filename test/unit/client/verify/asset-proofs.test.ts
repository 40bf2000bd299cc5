import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { EMPTY_ROOT, SparseMerkleTree, encodeProof } from "../../../../src/chain/state/smt/tree.js";
import { smtKey } from "../../../../src/chain/state/state-store.js";
import { StateNs, type InlineHolding, type StateNsByte } from "../../../../src/chain/tx/spec.js";
import { encodeAccount, INLINE_HOLDINGS } from "../../../../src/chain/state/account.js";
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

type Entry = [ns: number, key: Uint8Array, value: Uint8Array | null];

/** A state tree holding `entries` (null: absent) and the asset record; the proof entries asset_balance would send. */
async function fixture(entries: Entry[]) {
  const store = new MapStore();
  const tree = new SparseMerkleTree(store);
  const values: Entry[] = [...entries, [StateNs.asset, assetKey(id), encodeAsset(record)]];
  const smt = (ns: number, k: Uint8Array) => smtKey(ns as StateNsByte, k);
  const r = await tree.update(EMPTY_ROOT, values.filter(([, , v]) => v !== null).map(([ns, k, v]) => ({ key: smt(ns, k), valueHash: sha256(v!) })));
  store.put(r.nodes);
  const proven = await Promise.all(values.map(async ([ns, k, v]) => ({
    ns, key: toHex(k), value: v ? toHex(v) : null, smtProof: toHex(encodeProof(await tree.prove(r.root, smt(ns, k)))),
  })));
  const header = { height: 7, stateRoot: r.root } as unknown as BlockHeader;
  return { header, proof: { height: 7, stateRoot: toHex(r.root), entries: proven } };
}

const accountOf = (holdings: InlineHolding[]): Uint8Array => encodeAccount({ balance: 5n, nonce: 1, prekey: null, holdings });
const inline = (balance: bigint, asset = id): InlineHolding => ({ asset, balance, frozen: false });
/** Eight other assets: bob's inline list is full, so `id` lives in an entry of its own. */
const others = Array.from({ length: INLINE_HOLDINGS }, (_, i) => inline(1n, new Uint8Array(32).fill(100 + i)));

describe("checkAssetBalanceProof", () => {
  it("reads the holding inside the account entry, or its own entry once the inline list is full; a proven absence is zero", async () => {
    const { header, proof } = await fixture([[StateNs.account, bob.publicKey, accountOf([inline(3n, new Uint8Array(32).fill(9)), inline(692n)])]]);
    const v = checkAssetBalanceProof(header, bob.publicKey, id, proof);
    expect([v.holding.balance, v.holding.frozen, v.asset.symbol, v.height]).toEqual([692n, false, "PTS", 7]);
    const separate = await fixture([[StateNs.account, bob.publicKey, accountOf(others)], [StateNs.asset, holdingKey(id, bob.publicKey), encodeHolding({ balance: 41n, frozen: true })]]);
    expect(checkAssetBalanceProof(separate.header, bob.publicKey, id, separate.proof).holding).toEqual({ balance: 41n, frozen: true });
    const none = await fixture([[StateNs.account, bob.publicKey, null]]);
    expect(checkAssetBalanceProof(none.header, bob.publicKey, id, none.proof).holding.balance).toBe(0n);
    const notHeld = await fixture([[StateNs.account, bob.publicKey, accountOf([inline(3n, new Uint8Array(32).fill(9))])]]);
    expect(checkAssetBalanceProof(notHeld.header, bob.publicKey, id, notHeld.proof).holding).toEqual({ balance: 0n, frozen: false });
  });

  it("refuses an altered balance, a left-out entry, another state root and another holder's key", async () => {
    const { header, proof } = await fixture([[StateNs.account, bob.publicKey, accountOf([inline(692n)])]]);
    const forged = { ...proof, entries: proof.entries.map((e, i) => (i === 0 ? { ...e, value: toHex(accountOf([inline(69_200n)])) } : e)) };
    expect(() => checkAssetBalanceProof(header, bob.publicKey, id, forged)).toThrow(/not under the stateRoot/);
    expect(() => checkAssetBalanceProof(header, bob.publicKey, id, { ...proof, entries: proof.entries.slice(1) })).toThrow(/no proof for/);
    expect(() => checkAssetBalanceProof({ ...header, stateRoot: new Uint8Array(32) } as BlockHeader, bob.publicKey, id, proof)).toThrow(/stateRoot/);
    expect(() => checkAssetBalanceProof(header, alice.publicKey, id, proof)).toThrow(/no proof for/);
    // A full inline list: the holding's own entry must be proven too (present or absent).
    const full = await fixture([[StateNs.account, bob.publicKey, accountOf(others)]]);
    expect(() => checkAssetBalanceProof(full.header, bob.publicKey, id, full.proof)).toThrow(/no proof for/);
  });
});
