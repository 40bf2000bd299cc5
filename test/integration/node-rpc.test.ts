// A real node (LevelDB in a temp dir, HTTP on 127.0.0.1 port 0) driven over JSON-RPC.
import { afterEach, describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { cleanup, devChain, startInProcess } from "./harness.js";
import { VALIDATOR_BALANCE } from "../../src/node/dev-chain.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { buildTx } from "../../src/client/tx-builder.js";
import { newIdentity } from "../../src/client/keys.js";
import { RpcClientError, type RpcClientErrorType } from "../../src/client/rpc-client.js";
import { decodeProof, verifyProof } from "../../src/chain/state/smt/tree.js";
import { smtKey } from "../../src/chain/state/state-store.js";
import { StateNs } from "../../src/chain/tx/spec.js";
import { fromHex, toHex } from "../../src/util/bytes.js";
import { parseAddress } from "../../src/chain/address.js";

afterEach(cleanup);

type RpcErrorType = Extract<RpcClientErrorType, { code: "RPC_ERROR" }>;

/** The JSON-RPC error a call fails with (fails the test if it succeeds or fails otherwise). */
async function rpcError(p: Promise<unknown>): Promise<{ type: RpcErrorType }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") return { type: e.type };
    throw e;
  }
  throw new Error("expected an RPC error");
}

describe("a single-validator node over JSON-RPC", () => {
  it("finalizes a transfer: balances move, the fee goes to the proposer, tx_get says final", async () => {
    const chain = devChain({ funded: 2, balance: 1_000_000n });
    const node = await startInProcess(chain);
    const c = new ParleyClient(node.rpcUrl);
    const [alice, bob] = chain.funded as [typeof chain.funded[0], typeof chain.funded[0]];
    const r = await c.submit(alice, "transfer", { to: bob.publicKey, amount: 250n, memo: null });
    expect(r.status?.status).toBe("final");
    const tx = await c.build(alice, "transfer", { to: bob.publicKey, amount: 1n, memo: null });
    const fee = tx.stx.tx.fee;
    const a = await c.account(alice.address);
    const b = await c.account(bob.address);
    const v = await c.account(chain.validators[0]!.address);
    expect(BigInt(b.balance)).toBe(1_000_250n);
    expect(BigInt(a.balance)).toBe(1_000_000n - 250n - fee);
    expect(BigInt(v.balance)).toBe(VALIDATOR_BALANCE + fee);
    expect(a.nonce).toBe(1);
    const st = await c.txStatus(r.id);
    expect(st).toMatchObject({ status: "final", height: r.status!.height, index: 0 });
  });

  it("refuses bad transactions with a typed reason and keeps serving", async () => {
    const chain = devChain({ funded: 1, balance: 10_000n });
    const node = await startInProcess(chain);
    const c = new ParleyClient(node.rpcUrl);
    const alice = chain.funded[0]!;
    const info = await c.info();
    const f = { chainId: info.chainId, nonce: 0, fee: 5_000n, expiry: 100 };
    // garbage bytes
    expect((await rpcError(c.rpc.call("tx_send", ["0x00112233"]))).type).toMatchObject({ rpcCode: -32000, reason: "BAD_ENCODING" });
    // not hex at all
    expect((await rpcError(c.rpc.call("tx_send", ["zz"]))).type).toMatchObject({ rpcCode: -32602 });
    // fee below the minimum
    const cheap = buildTx(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { ...f, fee: 1n });
    expect((await rpcError(c.send(cheap))).type.reason).toBe("FEE_TOO_LOW");
    // another chain's tx
    const foreign = buildTx(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { ...f, chainId: "other" });
    expect((await rpcError(c.send(foreign))).type.reason).toBe("WRONG_CHAIN");
    // a forged signature
    const good = buildTx(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, f);
    const forged = good.bytes.slice();
    forged[5]! ^= 0xff;
    expect((await rpcError(c.rpc.call("tx_send", ["0x" + toHex(forged)]))).type.reason).toBe("BAD_SIGNATURE");
    // spending more than the balance: refused at admission (fee plus amount), so it is never pooled for free
    const big = buildTx(alice, "transfer", { to: newIdentity().publicKey, amount: 9_000n, memo: null }, f);
    expect((await rpcError(c.send(big))).type.reason).toBe("INSUFFICIENT_FUNDS");
    // unknown id
    expect((await rpcError(c.txStatus("0x" + "00".repeat(32)))).type).toMatchObject({ rpcCode: -32002, reason: "TX_NOT_FOUND" });
    // still alive
    expect((await c.info(true)).chainId).toBe("parley-test");
  });

  it("resubmitting a pending tx returns the same id; a replayed final tx is NONCE_TOO_LOW", async () => {
    const chain = devChain({ funded: 1 });
    const node = await startInProcess(chain);
    const c = new ParleyClient(node.rpcUrl);
    const tx = await c.build(chain.funded[0]!, "transfer", { to: newIdentity().publicKey, amount: 5n, memo: null });
    const id1 = await c.send(tx);
    const id2 = await c.send(tx).catch(() => null);
    expect(id2 === null || id2 === id1).toBe(true);
    await c.waitFinal(id1);
    expect((await rpcError(c.send(tx))).type.reason).toBe("NONCE_TOO_LOW");
  });

  it("serves blocks by height and by hash, and a state proof that verifies against the head's stateRoot", async () => {
    const chain = devChain({ funded: 1 });
    const node = await startInProcess(chain);
    const c = new ParleyClient(node.rpcUrl);
    const alice = chain.funded[0]!;
    const r = await c.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 7n, memo: null });
    const h = r.status!.height!;
    const byHeight = await c.rpc.call<Record<string, unknown>>("chain_getBlock", [h, "full"]);
    const byHash = await c.rpc.call<Record<string, unknown>>("chain_getBlock", { block: byHeight["hash"], txs: "ids" });
    expect(byHash["height"]).toBe(h);
    expect(byHash["txs"]).toEqual([r.id]);
    expect((byHeight["txs"] as Array<{ id: string }>)[0]!.id).toBe(r.id);
    expect((await rpcError(c.rpc.call("chain_getBlock", [h + 1000]))).type.reason).toBe("BLOCK_NOT_FOUND");

    const acct = await c.rpc.call<{ proof: { stateRoot: string; value: string; smtProof: string }; height: number }>("account_get", [alice.address, true]);
    const head = await c.rpc.call<{ stateRoot: string; height: number }>("chain_getHead");
    expect(acct.proof.stateRoot).toBe(head.stateRoot);
    const proof = decodeProof(fromHex(acct.proof.smtProof)!)!;
    const key = smtKey(StateNs.account, parseAddress(alice.address)!);
    const value = fromHex(acct.proof.value)!;
    expect(verifyProof(fromHex(head.stateRoot)!, key, sha256(value), proof, sha256)).toBe(true);
    // a lie about the balance does not verify
    const lie = value.slice();
    lie[2]! ^= 1;
    expect(verifyProof(fromHex(head.stateRoot)!, key, sha256(lie), proof, sha256)).toBe(false);
    // an absent account gets an exclusion proof
    const nobody = newIdentity();
    const absent = await c.rpc.call<{ balance: string; proof: { value: null; smtProof: string } }>("account_get", [nobody.address, true]);
    expect(absent.balance).toBe("0");
    expect(verifyProof(fromHex(head.stateRoot)!, smtKey(StateNs.account, nobody.publicKey), null, decodeProof(fromHex(absent.proof.smtProof)!)!, sha256)).toBe(true);
  });

  it("answers JSON-RPC batches in order, including errors, in one HTTP request", async () => {
    const chain = devChain({ funded: 1 });
    const node = await startInProcess(chain);
    const c = new ParleyClient(node.rpcUrl);
    const res = await c.rpc.batch([
      { method: "chain_getHead", params: [] },
      { method: "no_such", params: [] },
      { method: "account_get", params: ["not-an-address"] },
      { method: "node_info", params: [] },
    ]);
    expect((res[0]!.result as { height: number }).height).toBeGreaterThanOrEqual(0);
    expect(res[1]!.error?.type).toMatchObject({ rpcCode: -32601 });
    expect(res[2]!.error?.type).toMatchObject({ rpcCode: -32602 });
    expect((res[3]!.result as { chainId: string }).chainId).toBe("parley-test");
  });

  it("keeps its chain across a clean restart", async () => {
    const chain = devChain({ funded: 1 });
    let node = await startInProcess(chain);
    let c = new ParleyClient(node.rpcUrl);
    const r = await c.submit(chain.funded[0]!, "transfer", { to: newIdentity().publicKey, amount: 3n, memo: null });
    const head = await c.rpc.call<{ hash: string; height: number }>("chain_getHead");
    await node.stop();
    node = await startInProcess(chain);
    c = new ParleyClient(node.rpcUrl);
    const again = await c.rpc.call<{ hash: string; height: number }>("chain_getHead");
    expect(again.height).toBeGreaterThanOrEqual(head.height);
    expect((await c.rpc.call<{ hash: string }>("chain_getBlock", [head.height, "none"])).hash).toBe(head.hash);
    expect((await c.txStatus(r.id)).status).toBe("final");
  });
});
