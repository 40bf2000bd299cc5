// The light node against a real 4-validator devnet (node processes): it follows the head,
// answers like the full node, catches a full node patched to lie every way we know, and keeps
// verifying across a validator-set change and a restart. The full nodes prune (--state-history).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { cleanup, spawnCli, tempDir, waitFor, type NodeProcess } from "./harness.js";
import { startNet, type TestNet } from "./network-harness.js";
import { startLiar, type Liar, type LieMode } from "./light-liar.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { HttpRpcClient, RpcClientError, WsRpcClient } from "../../src/client/rpc-client.js";
import { encodeKeyFile, newIdentity, signBytes, type Identity } from "../../src/client/keys.js";
import { deviceAddMessage } from "../../src/chain/tx/kinds/device-state.js";
import { peerIdFromEd25519PublicKey } from "../../src/network/index.js";
import { LightNode } from "../../src/light/node.js";
import { createLogger } from "../../src/util/logger.js";

const BLOCK_MS = 200;
const lightKeys = [newIdentity(), newIdentity(), newIdentity()];
const liarKey = newIdentity();
const bob = newIdentity();
let net: TestNet;
let liar: Liar;
const inProcess: LightNode[] = [];

interface Head {
  height: number;
  hash: string;
}

async function startLight(peers: string[], key: Identity = newIdentity(), dataDir = join(tempDir("parley-light-"), "light")): Promise<LightNode> {
  const node = await LightNode.start({ dataDir, genesis: net.chain.genesis, peers, rpc: { port: 0 }, p2pIdentity: key, logger: createLogger("silent"), waitMs: 2_000 });
  inProcess.push(node);
  return node;
}

async function stopLight(node: LightNode): Promise<void> {
  inProcess.splice(inProcess.indexOf(node), 1);
  await node.stop();
}

async function rpcError(p: Promise<unknown>): Promise<{ code: number; reason: string | null }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") return { code: e.type.rpcCode, reason: e.type.reason };
    throw e;
  }
  throw new Error("expected an RPC error, got an answer");
}

beforeAll(async () => {
  const allow = [...lightKeys, liarKey].map((k) => peerIdFromEd25519PublicKey(k.publicKey));
  // The full nodes prune superseded state-tree nodes (a block every 200 ms, 8 heights kept):
  // every proof the light node checks is served at the head from a pruning node.
  net = await startNet(4, { blockTimeMs: BLOCK_MS, heartbeatMs: BLOCK_MS }, 2, allow, ["--state-history", "8"]);
  liar = await startLiar(liarKey, net.chain.genesis.chainId, net.p2p[0]!);
  // Something in bob's inbox for every test: a transfer and a message.
  const full = new ParleyClient(net.nodes[0]!.rpc);
  const alice = net.chain.funded[0]!;
  await full.submit(alice, "transfer", { to: bob.publicKey, amount: 5_000n, memo: null });
  await full.submit(alice, "message", { to: bob.publicKey, envelope: Uint8Array.of(1, 2, 3), amount: 7n, selfEnvelope: null });
}, 60_000);

afterAll(async () => {
  for (const n of inProcess.splice(0)) await n.stop().catch(() => undefined);
  await liar?.stop();
  await cleanup();
});

describe("light node", () => {
  it("follows the head within one block time and answers like the full node (parley light process)", async () => {
    const keyPath = join(net.chain.dir, "light.key");
    writeFileSync(keyPath, encodeKeyFile(lightKeys[0]!), { mode: 0o600 });
    const proc: NodeProcess = await spawnCli(["light", "--data-dir", join(net.chain.dir, "light-cli"), "--genesis", net.chain.genesisPath, "--peers", `${net.p2p[0]},${net.p2p[1]}`,
      "--rpc-port", "0", "--p2p-key", keyPath, "--log-level", "warn"]);
    const light = new HttpRpcClient(proc.rpc);
    const full = new HttpRpcClient(net.nodes[0]!.rpc);
    await waitFor("light node synced", async () => (await light.call<Head>("chain_getHead")).height >= (await full.call<Head>("chain_getHead")).height - 1, 20_000);

    // Lag: when each height arrives over WebSocket at the full node and at the light node.
    const seen = { full: new Map<number, number>(), light: new Map<number, number>() };
    const wsFull = await WsRpcClient.connect(net.nodes[0]!.rpc.replace("http", "ws"));
    const wsLight = await WsRpcClient.connect(proc.rpc.replace("http", "ws"));
    await wsFull.subscribe("heads", [], (h) => seen.full.set((h as Head).height, performance.now()));
    await wsLight.subscribe("heads", [], (h) => seen.light.set((h as Head).height, performance.now()));
    await new Promise((r) => setTimeout(r, 12 * BLOCK_MS));
    wsFull.close();
    wsLight.close();
    const lags = [...seen.full].filter(([h]) => seen.light.has(h)).map(([h, t]) => seen.light.get(h)! - t).sort((a, b) => a - b);
    expect(lags.length).toBeGreaterThanOrEqual(5);
    expect(lags[Math.floor(lags.length / 2)]!).toBeLessThan(BLOCK_MS);
    console.log(`light head lag behind the full node (ms), sorted: ${lags.map((l) => l.toFixed(0)).join(" ")}`);

    // tx_send through the light node; the SDK waits for finality through the light node's tx_get.
    const viaLight = new ParleyClient(proc.rpc);
    const carol = net.chain.funded[1]!;
    const sent = await viaLight.submit(carol, "transfer", { to: bob.publicKey, amount: 11n, memo: null }, { timeoutMs: 20_000 });
    expect(sent.status?.status).toBe("final");
    await waitFor("light head at the tx", async () => (await light.call<Head>("chain_getHead")).height >= sent.status!.height!);

    // Balances and inbox match the full node's.
    for (const who of [bob.address, carol.address, net.chain.funded[0]!.address]) {
      const [a, b] = await Promise.all([light.call<{ balance: string; nonce: number }>("account_get", [who]), full.call<{ balance: string; nonce: number }>("account_get", [who])]);
      expect({ balance: a.balance, nonce: a.nonce }).toEqual({ balance: b.balance, nonce: b.nonce });
    }
    const [li, fi] = await Promise.all([light.call<{ messages: Array<{ id: string; cursor: string; time: number }> }>("msg_inbox", [bob.address]),
      full.call<{ messages: Array<{ id: string; cursor: string; time: number }> }>("msg_inbox", [bob.address])]);
    expect(li.messages.length).toBe(3);
    expect(li.messages).toEqual(fi.messages);

    // Anything it cannot prove is NOT_VERIFIED, never an answer.
    expect(await rpcError(light.call("chain_getBlock", [1, "full"]))).toEqual({ code: -32005, reason: "NOT_AVAILABLE_ON_LIGHT_NODE" });
    expect(await rpcError(light.call("tx_get", ["0x" + "ab".repeat(32)]))).toEqual({ code: -32005, reason: "TX_NOT_PROVEN" });
    process.kill(proc.proc.pid!, "SIGKILL");
    await proc.exited;
  }, 60_000);

  it("delivers verified messages to a messages subscription", async () => {
    const node = await startLight([net.p2p[1]!], lightKeys[1]);
    await waitFor("synced", async () => node.chain.head.height >= 2);
    const ws = await WsRpcClient.connect(node.wsUrl);
    const got: Array<{ id: string; body: { amount: string } }> = [];
    await ws.subscribe("messages", [bob.address], (m) => got.push(m as { id: string; body: { amount: string } }));
    const r = await new ParleyClient(net.nodes[0]!.rpc).submit(net.chain.funded[0]!, "transfer", { to: bob.publicKey, amount: 99n, memo: null });
    await waitFor("notification", async () => got.some((m) => m.id === r.id), 10_000);
    expect(got.find((m) => m.id === r.id)!.body.amount).toBe("99");
    ws.close();
    await stopLight(node);
  }, 30_000);

  it("answers device_list proven under its own headers, as the full node lists them", async () => {
    const node = await startLight([net.p2p[1]!], lightKeys[2]);
    const owner = net.chain.funded[1]!;
    const phone = newIdentity();
    const full = new ParleyClient(net.nodes[0]!.rpc);
    const proof = signBytes(phone.secretKey, deviceAddMessage(net.chain.genesis.chainId, owner.publicKey, phone.publicKey));
    const added = await full.submit(owner, "deviceAdd", { device: phone.publicKey, label: "phone", proof });
    await waitFor("light head at the device", async () => node.chain.head.height >= added.status!.height!, 20_000);
    const light = new HttpRpcClient(node.rpcUrl);
    const listed = await light.call<{ devices: Array<{ device: string; label: string }>; height: number; proof: { smtProof: string } }>("device_list", [owner.address, true]);
    expect(listed.devices).toEqual([{ device: phone.address, label: "phone", addedHeight: added.status!.height! }]);
    expect(listed.height).toBeGreaterThanOrEqual(added.status!.height!);
    expect(listed.proof.smtProof).toMatch(/^0x[0-9a-f]+$/);
    await stopLight(node);
  }, 30_000);

  const lies: Array<{ mode: LieMode; reason: string }> = [
    { mode: "header", reason: "BAD_COMMIT" },
    { mode: "commit", reason: "BAD_COMMIT" },
    { mode: "balance", reason: "BAD_STATE_PROOF" },
    { mode: "message", reason: "BAD_TX_PROOF" },
  ];
  for (const { mode, reason } of lies) {
    it(`catches a full node that lies (${mode}): errors, drops it, never serves the lie`, async () => {
      const liarId = liar.net.peerId;
      const full = new HttpRpcClient(net.nodes[0]!.rpc);
      const alice = net.chain.funded[0]!.address;
      // Alone with the liar: the light node errors rather than answer.
      liar.mode = "none";
      const alone = await startLight([liar.addr]);
      if (mode === "balance" || mode === "message") await waitFor("synced from the liar", async () => alone.chain.head.height >= 3, 15_000);
      liar.mode = mode;
      const aloneRpc = new HttpRpcClient(alone.rpcUrl);
      if (mode === "balance") expect((await rpcError(aloneRpc.call("account_get", [alice]))).code).toBe(-32005);
      if (mode === "message") expect((await rpcError(aloneRpc.call("msg_inbox", [bob.address]))).code).toBe(-32005);
      const before = alone.chain.head.height;
      await waitFor("liar dropped", async () => alone.peers.isBanned(liarId), 15_000);
      expect(alone.peers.droppedPeers().map((d) => d.reason)).toContain(reason);
      // Nothing after the lie was taken in.
      expect(alone.chain.head.height).toBe(before);
      const head = await aloneRpc.call<Head>("chain_getHead");
      expect(head.hash).toBe((await full.call<Head>("chain_getBlock", [head.height, "none"])).hash);
      if (mode === "balance") expect(await rpcError(aloneRpc.call("account_get", [alice]))).toEqual({ code: -32005, reason: "NO_PEERS" });
      await stopLight(alone);

      // With an honest peer too: the answer is the truth, and the liar is still dropped.
      const both = await startLight([liar.addr, net.p2p[2]!], lightKeys[2]);
      const rpc = new HttpRpcClient(both.rpcUrl);
      await waitFor("both peers connected", async () => both.peers.usable().length === 2 || both.peers.isBanned(liarId), 10_000);
      await waitFor("synced", async () => both.chain.head.height >= (await full.call<Head>("chain_getHead")).height - 2, 15_000);
      if (mode === "balance") {
        const [a, f] = await Promise.all([rpc.call<{ balance: string }>("account_get", [alice]), full.call<{ balance: string }>("account_get", [alice])]);
        expect(a.balance).toBe(f.balance);
      }
      if (mode === "message") {
        const [a, f] = await Promise.all([rpc.call<{ messages: unknown[] }>("msg_inbox", [bob.address]), full.call<{ messages: unknown[] }>("msg_inbox", [bob.address])]);
        expect(a.messages).toEqual(f.messages);
      }
      await waitFor("liar dropped", async () => both.peers.isBanned(liarId), 15_000);
      const h = await rpc.call<Head>("chain_getHead");
      expect(h.hash).toBe((await full.call<Head>("chain_getBlock", [h.height, "none"])).hash);
      await stopLight(both);
      liar.mode = "none";
    }, 40_000);
  }

  it("keeps verifying across a validator-set change, and resumes from its last header after a restart", async () => {
    const dataDir = join(tempDir("parley-light-"), "light");
    const node = await startLight([net.p2p[0]!, net.p2p[1]!], lightKeys[1], dataDir);
    const full = new ParleyClient(net.nodes[0]!.rpc);
    const removed = net.chain.validators[3]!;
    let decided = 0;
    for (let i = 0; i < 3; i++) decided = (await full.submit(net.chain.validators[i]!, "validatorVote", { action: "remove", validator: removed.publicKey }, { timeoutMs: 20_000 })).status!.height!;
    // The change applies two blocks after the deciding one; follow well past it.
    await waitFor("light past the change", async () => node.chain.head.height >= decided + 5, 20_000);
    expect(node.chain.head.nextSet.size).toBe(3);
    const info = await new HttpRpcClient(node.rpcUrl).call<{ validators: string[] }>("node_info");
    expect(info.validators).not.toContain(removed.address);
    expect(node.peers.droppedPeers()).toEqual([]);
    const h = node.chain.head;
    const fullHash = (await full.rpc.call<Head>("chain_getBlock", [h.height, "none"])).hash;
    expect("0x" + Buffer.from(h.hash).toString("hex")).toBe(fullHash);

    await stopLight(node);
    const again = await startLight([net.p2p[0]!], lightKeys[1], dataDir);
    expect(again.chain.head.height).toBeGreaterThanOrEqual(h.height);
    expect(again.chain.head.nextSet.size).toBe(3);
    await waitFor("following again", async () => again.chain.head.height > h.height + 2, 15_000);
    await stopLight(again);
  }, 60_000);
});
