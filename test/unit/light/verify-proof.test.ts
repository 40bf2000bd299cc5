import { describe, expect, it } from "vitest";
import { sha256 } from "../../../src/crypto/native.js";
import { SparseMerkleTree, EMPTY_ROOT, encodeProof } from "../../../src/chain/state/smt/tree.js";
import { encodeAccount } from "../../../src/chain/state/account.js";
import { smtKey } from "../../../src/chain/state/state-store.js";
import { StateNs } from "../../../src/chain/tx/spec.js";
import { merkleProof, merkleRoot } from "../../../src/chain/block/merkle.js";
import { BLOCK_VERSION, type BlockHeader } from "../../../src/chain/block/types.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { newIdentity } from "../../../src/client/keys.js";
import { toHex } from "../../../src/util/bytes.js";
import { verifyAccount, verifyTxInclusion } from "../../../src/light/verify-proof.js";
import { txRootEntries } from "../../../src/chain/block/tx-entry.js";

const alice = newIdentity();
const bob = newIdentity();
const carol = newIdentity();

function header(stateRoot: Uint8Array, txRoot: Uint8Array, txCount: number): BlockHeader {
  const z = new Uint8Array(32);
  return { version: BLOCK_VERSION, chainId: "c", height: 5, time: 1, parentHash: z, proposer: z, txRoot, txCount, stateRoot, validatorsHash: z, nextValidatorsHash: z, lastCommitHash: z };
}

async function stateWith(accounts: Array<[Uint8Array, bigint]>) {
  const nodes = new Map<string, Uint8Array>();
  const smt = new SparseMerkleTree({ get: async (h) => nodes.get(toHex(h)) });
  const values = accounts.map(([a, balance]) => ({ a, value: encodeAccount({ balance, nonce: 3, prekey: null }) }));
  const { root, nodes: written } = await smt.update(EMPTY_ROOT, values.map((v) => ({ key: smtKey(StateNs.account, v.a), valueHash: sha256(v.value) })));
  for (const n of written) nodes.set(toHex(n.hash), n.bytes);
  return { root, smt, values };
}

describe("state proofs against a verified header", () => {
  it("an account's value verifies, a changed balance does not", async () => {
    const { root, smt, values } = await stateWith([[alice.publicKey, 500n], [bob.publicKey, 9n]]);
    const proof = encodeProof(await smt.prove(root, smtKey(StateNs.account, alice.publicKey)));
    const h = header(root, EMPTY_ROOT, 0);
    const ok = verifyAccount(h, alice.publicKey, values[0]!.value, proof);
    expect(ok.ok && ok.value.balance).toBe(500n);
    const lie = verifyAccount(h, alice.publicKey, encodeAccount({ balance: 501n, nonce: 3, prekey: null }), proof);
    expect(lie.ok ? "ok" : lie.error.code).toBe("BAD_STATE_PROOF");
  });

  it("an absent account is proven absent, and cannot be claimed absent when present", async () => {
    const { root, smt } = await stateWith([[alice.publicKey, 500n], [bob.publicKey, 9n]]);
    const h = header(root, EMPTY_ROOT, 0);
    const absent = encodeProof(await smt.prove(root, smtKey(StateNs.account, carol.publicKey)));
    const r = verifyAccount(h, carol.publicKey, null, absent);
    expect(r.ok && r.value.balance).toBe(0n);
    const present = encodeProof(await smt.prove(root, smtKey(StateNs.account, alice.publicKey)));
    expect(verifyAccount(h, alice.publicKey, null, present).ok).toBe(false);
  });
});

describe("tx inclusion against a verified header", () => {
  const txs = [0, 1, 2].map((n) => buildTx(alice, "transfer", { to: bob.publicKey, amount: BigInt(n + 1), memo: null }, { chainId: "c", nonce: n, fee: 1000n, expiry: 50 }));
  const ids = txs.map((t) => sha256(t.stx.payload));
  const h = header(EMPTY_ROOT, merkleRoot(sha256, ids), ids.length);

  it("a tx at its place in the block verifies", () => {
    const r = verifyTxInclusion(h, { height: 5, index: 2, tx: txs[2]!.bytes, siblings: merkleProof(sha256, ids, 2).siblings }, 80_000);
    expect(r.ok && r.value.index).toBe(2);
  });

  it("a tx that is not in the block, or at another place, is refused", () => {
    const fake = buildTx(carol, "transfer", { to: bob.publicKey, amount: 5n, memo: null }, { chainId: "c", nonce: 0, fee: 1000n, expiry: 50 });
    const notIn = verifyTxInclusion(h, { height: 5, index: 1, tx: fake.bytes, siblings: merkleProof(sha256, ids, 1).siblings }, 80_000);
    expect(notIn.ok ? "ok" : notIn.error.code).toBe("BAD_TX_PROOF");
    const moved = verifyTxInclusion(h, { height: 5, index: 0, tx: txs[1]!.bytes, siblings: merkleProof(sha256, ids, 1).siblings }, 80_000);
    expect(moved.ok).toBe(false);
    const beyond = verifyTxInclusion(h, { height: 5, index: 3, tx: txs[1]!.bytes, siblings: [] }, 80_000);
    expect(beyond.ok).toBe(false);
  });

  it("a tx in the block as failed verifies as failed, and never as a tx that took effect", () => {
    const entries = txRootEntries(ids.map((id, i) => (i === 1 ? { id, failure: true } : { id })));
    const hf = header(EMPTY_ROOT, merkleRoot(sha256, entries), entries.length);
    const failed = verifyTxInclusion(hf, { height: 5, index: 1, tx: txs[1]!.bytes, siblings: merkleProof(sha256, entries, 1).siblings }, 80_000);
    expect(failed.ok && failed.value.failed).toBe(true);
    const done = verifyTxInclusion(hf, { height: 5, index: 2, tx: txs[2]!.bytes, siblings: merkleProof(sha256, entries, 2).siblings }, 80_000);
    expect(done.ok && !done.value.failed).toBe(true);
  });
});
