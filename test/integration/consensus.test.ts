// A 4-validator network of real processes on 127.0.0.1: finality, crash and restart, loss of
// quorum and its return, and resync from an empty data dir (there, and for the follower, with
// nodes that prune superseded state-tree nodes: --state-history).
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "./harness.js";
import { expectSameChain, startNet, waitHeight } from "./network-harness.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { newIdentity } from "../../src/client/keys.js";

afterEach(cleanup);

describe("four validators", () => {
  it("finalize the same blocks; one SIGKILLed under load does not stop the rest, and catches up on restart", async () => {
    const net = await startNet(4, {}, 4);
    const sink = newIdentity();
    // A tx sent to node 3 is final on every node.
    const c3 = new ParleyClient(net.nodes[3]!.rpc);
    const r = await c3.submit(net.chain.funded[0]!, "transfer", { to: sink.publicKey, amount: 5n, memo: null });
    await waitHeight(net, [0, 1, 2, 3], r.status!.height!);
    for (let i = 0; i < 4; i++) expect((await new ParleyClient(net.nodes[i]!.rpc).txStatus(r.id)).status).toBe("final");

    // Load through node 0 while node 2 is killed.
    const c0 = new ParleyClient(net.nodes[0]!.rpc);
    const ids: string[] = [];
    for (let k = 0; k < 6; k++) {
      if (k === 2) await net.kill(2);
      const sent = await Promise.all(net.chain.funded.map((f) => c0.submit(f, "transfer", { to: sink.publicKey, amount: 1n, memo: null }, { wait: false })));
      ids.push(...sent.map((s) => s.id));
      await Promise.all(sent.map((s) => c0.waitFinal(s.id, 30_000)));
    }
    const before = (await net.rpc(0).call<{ height: number }>("chain_getHead")).height;
    await net.start(2);
    await waitHeight(net, [2], before, 30_000);
    const c2 = new ParleyClient(net.nodes[2]!.rpc);
    for (const id of ids) expect((await c2.txStatus(id)).status).toBe("final");
    // It takes part again: with it back, a 4th node can fail and the chain still moves.
    await net.kill(1);
    const r2 = await c2.submit(net.chain.funded[0]!, "transfer", { to: sink.publicKey, amount: 1n, memo: null }, { timeoutMs: 30_000 });
    expect(r2.status?.status).toBe("final");
    await expectSameChain(net);
    expect((await c2.account(sink.address)).balance).toBe(String(5 + ids.length + 1));
  }, 120_000);

  it("two of four down halts the chain; when both return it resumes without restarting the others", async () => {
    const net = await startNet(4, {}, 1);
    const c0 = new ParleyClient(net.nodes[0]!.rpc);
    const alice = net.chain.funded[0]!;
    await c0.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null });
    await net.kill(2);
    await net.kill(3);
    const stuck = await c0.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { wait: false });
    const h = (await net.rpc(0).call<{ height: number }>("chain_getHead")).height;
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await net.rpc(0).call<{ height: number }>("chain_getHead")).height).toBe(h);
    expect((await c0.txStatus(stuck.id)).status).toBe("pending");
    await net.start(2);
    await net.start(3);
    const t0 = Date.now();
    const st = await c0.waitFinal(stuck.id, 60_000);
    expect(st.status).toBe("final");
    expect(Date.now() - t0).toBeLessThan(30_000);
    await waitHeight(net, [0, 1, 2, 3], st.height!);
    await expectSameChain(net);
  }, 120_000);

  it("a validator restarted with a wiped data dir resyncs from pruning peers and rejoins consensus", async () => {
    // Every validator prunes: sync serves blocks, never old state, so a pruned peer still serves a full resync.
    const net = await startNet(4, {}, 1, [], ["--state-history", "2"]);
    const c0 = new ParleyClient(net.nodes[0]!.rpc);
    const alice = net.chain.funded[0]!;
    for (let k = 0; k < 3; k++) await c0.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null });
    await net.kill(3);
    net.wipe(3);
    await net.start(3);
    const head = (await net.rpc(0).call<{ height: number }>("chain_getHead")).height;
    await waitHeight(net, [3], head, 30_000);
    // Rejoined: with node 1 down, 0, 2 and 3 still make a quorum.
    await net.kill(1);
    const r = await c0.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { timeoutMs: 30_000 });
    expect(r.status?.status).toBe("final");
    await waitHeight(net, [3], r.status!.height!);
    await expectSameChain(net);
  }, 120_000);
});

describe("a non-validator full node", () => {
  it("follows the chain by sync and gossip (pruning as it executes), serves RPC and relays txs to the validators", async () => {
    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { encodeKeyFile } = await import("../../src/client/keys.js");
    const { peerIdFromEd25519PublicKey } = await import("../../src/network/index.js");
    const { spawnCli, waitFor } = await import("./harness.js");
    const p2pId = newIdentity();
    const net = await startNet(4, {}, 1, [peerIdFromEd25519PublicKey(p2pId.publicKey)]);
    const c0 = new ParleyClient(net.nodes[0]!.rpc);
    const alice = net.chain.funded[0]!;
    await c0.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null });
    const keyPath = join(net.chain.dir, "follower-p2p.key");
    writeFileSync(keyPath, encodeKeyFile(p2pId), { mode: 0o600 });
    const f = await spawnCli(["node", "--data-dir", join(net.chain.dir, "follower"), "--genesis", net.chain.genesisPath, "--p2p-key", keyPath,
      "--rpc-port", "0", "--p2p-port", "0", "--peers", net.p2p.join(","), "--log-level", "warn", "--state-history", "2"]);
    const cf = new ParleyClient(f.rpc);
    const top = (await c0.rpc.call<{ height: number }>("chain_getHead")).height;
    await waitFor("follower synced", async () => (await cf.rpc.call<{ height: number }>("chain_getHead")).height >= top, 30_000);
    // A tx sent to the follower reaches the validators and becomes final; the follower sees it final too.
    const r = await cf.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 2n, memo: null }, { timeoutMs: 30_000 });
    expect(r.status?.status).toBe("final");
    expect((await c0.txStatus(r.id)).status).toBe("final");
    const info = await cf.info(true);
    expect(info.validator).toBeNull();
    await waitFor("follower at the head", async () => (await cf.rpc.call<{ height: number }>("chain_getHead")).height >= r.status!.height!);
    for (let h = 1; h <= r.status!.height!; h++) {
      const [a, b] = await Promise.all([c0.rpc.call<{ hash: string }>("chain_getBlock", [h, "none"]), cf.rpc.call<{ hash: string }>("chain_getBlock", [h, "none"])]);
      expect(b.hash).toBe(a.hash);
    }
    // The pruning follower proves state at its head.
    const { sha256 } = await import("@noble/hashes/sha2.js");
    const { decodeProof, verifyProof } = await import("../../src/chain/state/smt/tree.js");
    const { smtKey } = await import("../../src/chain/state/state-store.js");
    const { StateNs } = await import("../../src/chain/tx/spec.js");
    const { fromHex } = await import("../../src/util/bytes.js");
    const acct = await cf.rpc.call<{ proof: { stateRoot: string; value: string; smtProof: string } }>("account_get", [alice.address, true]);
    const proof = decodeProof(fromHex(acct.proof.smtProof)!)!;
    expect(verifyProof(fromHex(acct.proof.stateRoot)!, smtKey(StateNs.account, alice.publicKey), sha256(fromHex(acct.proof.value)!), proof, sha256)).toBe(true);
  }, 90_000);
});
