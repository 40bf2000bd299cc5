// Consortium permissioning and hostile peers against real node processes.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { cleanup, spawnCli, waitFor } from "./harness.js";
import { startNet } from "./network-harness.js";
import { newIdentity, encodeKeyFile, signBytes } from "../../src/client/keys.js";
import { Network, DEFAULT_TOPICS, peerIdFromEd25519PublicKey } from "../../src/network/index.js";
import { signVote, encodeVote } from "../../src/consensus/messages.js";
import { wrapConsensus } from "../../src/node/p2p.js";
import { HttpRpcClient } from "../../src/client/rpc-client.js";
import { randomBytes } from "node:crypto";

afterEach(cleanup);

const nets: Network[] = [];
afterEach(async () => {
  for (const n of nets.splice(0)) await n.stop().catch(() => undefined);
});

async function rogue(chainId: string, seed: Uint8Array, peers: string[]): Promise<Network> {
  const n = await Network.create({ chainId, privateKey: seed, listen: { host: "127.0.0.1", port: 0 }, bootstrap: peers, allowPeers: null,
    topics: [DEFAULT_TOPICS.tx, DEFAULT_TOPICS.proposal, DEFAULT_TOPICS.vote], maxGossipBytes: 32 * 1024 * 1024 });
  nets.push(n);
  return n;
}

describe("consortium network security", () => {
  it("a node whose peer id is not on the allowlist cannot connect or sync", async () => {
    const net = await startNet(2, { heartbeatMs: 200 }, 1);
    const outsider = newIdentity();
    const key = join(net.chain.dir, "outsider.key");
    writeFileSync(key, encodeKeyFile(outsider), { mode: 0o600 });
    const o = await spawnCli(["node", "--data-dir", join(net.chain.dir, "outsider"), "--genesis", net.chain.genesisPath, "--key", key,
      "--rpc-port", "0", "--p2p-port", "0", "--peers", net.p2p.join(","), "--log-level", "warn"]);
    const orpc = new HttpRpcClient(o.rpc);
    await waitFor("chain progress", async () => (await net.rpc(0).call<{ height: number }>("chain_getHead")).height >= 5);
    await new Promise((r) => setTimeout(r, 2_000));
    const info = await orpc.call<{ peers: number; height: number }>("node_info");
    expect(info.peers).toBe(0);
    expect(info.height).toBe(0);
    const inside = await net.rpc(0).call<{ peers: number }>("node_info");
    expect(inside.peers).toBe(1); // only the other validator
  }, 60_000);

  it("a peer that sends garbage is disconnected and the network keeps finalizing", async () => {
    const garbageKey = newIdentity();
    const net = await startNet(2, { heartbeatMs: 200 }, 1, [peerIdFromEd25519PublicKey(garbageKey.publicKey)]);
    const bad = await rogue(net.chain.genesis.chainId, garbageKey.secretKey, [net.p2p[0]!]);
    const target = net.p2p[0]!.split("/p2p/")[1]!;
    await waitFor("connected", async () => bad.peers().includes(target));
    await waitFor("subscribed", async () => bad.topicPeers("tx").includes(target), 10_000);
    for (let i = 0; i < 20 && bad.peers().includes(target); i++) {
      await bad.publish("tx", randomBytes(64 + i)).catch(() => 0);
      await bad.publish("vote", randomBytes(50 + i)).catch(() => 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor("disconnected by the node", async () => !bad.peers().includes(target), 15_000);
    const h = (await net.rpc(0).call<{ height: number }>("chain_getHead")).height;
    await waitFor("still finalizing", async () => (await net.rpc(0).call<{ height: number }>("chain_getHead")).height > h + 2);
  }, 60_000);

  it("a validator that double-signs is detected and the evidence is stored", async () => {
    const net = await startNet(4, { heartbeatMs: 500 }, 1);
    // Validator 3 turns byzantine: its honest process stops, a harness signs conflicting prevotes with its key.
    await net.kill(3);
    const v3 = net.chain.validators[3]!;
    const bad = await rogue(net.chain.genesis.chainId, v3.secretKey, [net.p2p[0]!, net.p2p[1]!]);
    await waitFor("subscribed", async () => bad.topicPeers("vote").length >= 1, 10_000);
    const signer = { publicKey: v3.publicKey, sign: (m: Uint8Array) => signBytes(v3.secretKey, m) };
    const rpc0 = net.rpc(0);
    const found = await waitFor("evidence", async () => {
      const s = await rpc0.call<{ height: number; round: number }>("consensus_status");
      for (const valueId of [randomBytes(32), randomBytes(32)]) {
        const v = signVote(net.chain.genesis.chainId, { type: "prevote", height: s.height, round: s.round, valueId, validator: v3.publicKey }, signer);
        await bad.publish("vote", wrapConsensus(encodeVote(v))).catch(() => 0);
      }
      const ev = await rpc0.call<{ evidence: Array<{ validator: string; height: number }> }>("consensus_evidence", []);
      return ev.evidence.length > 0 ? ev.evidence : null;
    }, 20_000, 300);
    expect(found[0]!.validator).toBe(v3.address);
    // The evidence survives a restart of the node that stored it.
    await net.kill(0);
    await net.start(0);
    const after = await net.rpc(0).call<{ evidence: Array<{ validator: string }> }>("consensus_evidence", []);
    expect(after.evidence.map((e) => e.validator)).toContain(v3.address);
  }, 60_000);
});
