// What a person owns, answered by `parley light` itself (issue 14): an asset balance, a name both
// ways and a licence, each from state entries the light node proved under a header it verified
// (light-state), equal to the full node's answers; the proof it hands out checks in the SDK too.
// "@name" params resolve through proven name records, name_list and name_price answer as the full
// node's. A full node that forges a state value is refused (NOT_VERIFIED) and dropped. And the full
// node's tx JSON names a tx's sender and recipient by their primary names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { cleanup, devChain, waitFor, type DevChain } from "./harness.js";
import { startLiar, type Liar } from "./light-liar.js";
import { ParleyNode } from "../../src/node/node.js";
import { LightNode } from "../../src/light/node.js";
import { ChatClient } from "../../src/client/chat.js";
import { HttpRpcClient, RpcClientError, WsRpcClient } from "../../src/client/rpc-client.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { contentHash } from "../../src/client/anchors.js";
import { checkAssetBalanceProof } from "../../src/client/verify/asset-proofs.js";
import { checkLicenceProof, type WorkProofJson } from "../../src/client/verify/work-proofs.js";
import { checkReverseProof } from "../../src/client/verify/name-proofs.js";
import { assetIdOf } from "../../src/chain/assets/records.js";
import { createLogger } from "../../src/util/logger.js";
import { fromHex, toHex, utf8 } from "../../src/util/bytes.js";

let chain: DevChain;
let full: ParleyNode;
let light: LightNode;
let liar: Liar;
const lights: LightNode[] = [];
let issuer: Identity, fan: Identity, artist: Identity;
let assetHex: string;
let licenceTx: { id: string }, sentTx: { id: string };
const song = utf8("a song whose licence a light node proves");
const workHex = "0x" + toHex(contentHash(song));

async function startLight(peers: string[], dir: string): Promise<LightNode> {
  const node = await LightNode.start({ dataDir: join(chain.dir, dir), genesis: chain.genesis, peers, rpc: { port: 0 }, p2pIdentity: newIdentity(), logger: createLogger("silent"), waitMs: 500 });
  lights.push(node);
  return node;
}

async function notVerified(p: Promise<unknown>): Promise<{ code: number; reason: string | null }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") return { code: e.type.rpcCode, reason: e.type.reason };
    throw e;
  }
  throw new Error("expected an RPC error, got an answer");
}

beforeAll(async () => {
  chain = devChain({ funded: 3 });
  [issuer, fan, artist] = chain.funded as [Identity, Identity, Identity];
  full = await ParleyNode.start({ dataDir: join(chain.dir, "full"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", p2p: { host: "127.0.0.1", port: 0, peers: [], allowPeers: null } });
  const sdk = new ChatClient(full.rpcUrl);
  const created = await sdk.client.submit(issuer, "asset", { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: null, metaHash: null, flags: 3 });
  const asset = assetIdOf(issuer.publicKey, fromHex(created.id.slice(2))!);
  assetHex = "0x" + toHex(asset);
  await sdk.client.submit(issuer, "asset", { op: "transfer", asset, to: fan.publicKey, amount: 1_250n });
  await sdk.registerName(fan, "fan-one", 1);
  await sdk.setPrimaryName(fan, "fan-one");
  await sdk.registerWork(artist, song, [{ address: artist.publicKey, bps: 10_000 }], { offers: [{ asset, price: 333n, use: "personal", term: { clock: "perpetual" } }] });
  licenceTx = await sdk.workOp(fan, { op: "license", workId: contentHash(song), offer: 0, asset, price: 333n });
  sentTx = await sdk.client.submit(issuer, "asset", { op: "transfer", asset, to: fan.publicKey, amount: 1n });
  liar = await startLiar(newIdentity(), chain.genesis.chainId, full.p2pAddrs[0]!);
  light = await startLight(full.p2pAddrs, "light");
  await waitFor("light synced", async () => light.chain.head.height >= full.chain.head.height, 20_000);
}, 60_000);

afterAll(async () => {
  for (const n of lights.splice(0)) await n.stop().catch(() => undefined);
  await liar?.stop();
  await full?.stop();
  await cleanup();
});

describe("parley light answers what a person owns, proven by itself", () => {
  it("an asset balance, as the full node has it, with a proof the SDK accepts", async () => {
    const rpc = new HttpRpcClient(light.rpcUrl);
    const fullRpc = new HttpRpcClient(full.rpcUrl);
    const b = await rpc.call<{ balance: string; formatted: string; symbol: string; proof: WorkProofJson }>("asset_balance", [fan.address, assetHex, true]);
    // 12.50 PTS received, 3.33 paid for the licence, 0.01 received.
    expect(b).toMatchObject({ balance: "918", formatted: "9.18", symbol: "PTS", frozen: false });
    expect(b).toEqual({ ...(await fullRpc.call<object>("asset_balance", [fan.address, assetHex])), proof: b.proof });
    const header = (await light.chain.header(b.proof.height))!;
    const proven = checkAssetBalanceProof(header, fan.publicKey, fromHex(assetHex.slice(2))!, b.proof);
    expect([proven.holding.balance, proven.asset.supply]).toEqual([918n, 100_000n]);
    // asset_get and asset_balances read like the full node's.
    expect(await rpc.call("asset_get", [assetHex])).toEqual(await fullRpc.call("asset_get", [assetHex]));
    const [lb, fb] = await Promise.all([rpc.call("asset_balances", [issuer.address]), fullRpc.call("asset_balances", [issuer.address])]);
    expect(lb).toEqual(fb);
    expect(await rpc.call("asset_list", [])).toEqual(await fullRpc.call("asset_list", []));
    expect(await rpc.call("asset_list", [issuer.address, 0, 5])).toEqual(await fullRpc.call("asset_list", [issuer.address, 0, 5]));
    // A proven absence: an asset nobody created is NOT_FOUND, not NOT_VERIFIED.
    expect((await notVerified(rpc.call("asset_get", ["0x" + "ab".repeat(32)]))).reason).toBe("ASSET_NOT_FOUND");
  });

  it("a name both ways: @fan-one resolves to the fan, the fan's address reverses to fan-one", async () => {
    const rpc = new HttpRpcClient(light.rpcUrl);
    const fwd = await rpc.call<{ name: string; address: string; height: number }>("name_resolve", ["@fan-one"]);
    expect([fwd.name, fwd.address]).toEqual(["fan-one", fan.address]);
    const rev = await rpc.call<{ name: string | null; claimed: string | null; height: number; proof: WorkProofJson }>("name_reverse", [fan.address, true]);
    expect([rev.name, rev.claimed]).toEqual(["fan-one", "fan-one"]);
    expect(checkReverseProof((await light.chain.header(rev.height))!, fan.publicKey, rev.proof).name).toBe("fan-one");
    expect((await rpc.call<{ name: string | null }>("name_reverse", [artist.address])).name).toBeNull();
    expect((await notVerified(rpc.call("name_resolve", ["nobody-here"]))).reason).toBe("NAME_NOT_FOUND");
    const { height: _l, ...record } = await rpc.call<Record<string, unknown>>("name_get", ["fan-one"]);
    const { height: _f, ...fullRecord } = await new HttpRpcClient(full.rpcUrl).call<Record<string, unknown>>("name_get", ["fan-one"]);
    expect(record).toEqual(fullRecord);
  });

  it("name_list, name_price and @name address params, as the full node answers them", async () => {
    const rpc = new HttpRpcClient(light.rpcUrl);
    const fullRpc = new HttpRpcClient(full.rpcUrl);
    const listed = await rpc.call<{ names: Array<{ name: string; owner: string; status: string }>; primary: string | null; height: number; proof: WorkProofJson }>("name_list", ["@fan-one", true]);
    expect(listed.names.map((n) => [n.name, n.owner, n.status])).toEqual([["fan-one", fan.address, "active"]]);
    expect(listed.primary).toBe("fan-one");
    const { height: _l, proof: _p, ...lightList } = listed;
    const { height: _f, ...fullList } = await fullRpc.call<Record<string, unknown>>("name_list", [fan.address]);
    expect(lightList).toEqual(fullList);
    // The list, the record and the reverse record, each proven under the header it names.
    expect(listed.proof.entries.length).toBeGreaterThanOrEqual(3);
    expect(listed.proof.height).toBe(listed.height);
    expect(await rpc.call("name_list", [artist.address])).toMatchObject({ names: [], primary: null });
    for (const args of [["fan-one"], ["abc", 3], ["茶馆", 2]]) expect(await rpc.call("name_price", args)).toEqual(await fullRpc.call("name_price", args));
    // An address param given as @name: the holder's proven record decides, as on the full node.
    expect(await rpc.call("asset_balance", ["@fan-one", assetHex])).toEqual(await fullRpc.call("asset_balance", [fan.address, assetHex]));
    const [la, fa] = await Promise.all([rpc.call<Record<string, unknown>>("asset_balances", ["@fan-one"]), fullRpc.call<Record<string, unknown>>("asset_balances", ["@fan-one"])]);
    expect(la).toEqual(fa);
    // name_resolve's own param is a name, not an address: it is not resolved twice.
    expect((await rpc.call<{ address: string }>("name_resolve", ["@fan-one"])).address).toBe(fan.address);
    for (const [name, reason] of [["@nobody-here", "NAME_NOT_FOUND"], ["@Bad Name!", "BAD_FORMAT"]] as const) {
      expect(await notVerified(rpc.call("asset_balances", [name]))).toEqual({ code: -32602, reason });
    }
  });

  it("a licence: the work and the licence sold, in the asset, valid at the verified head", async () => {
    const rpc = new HttpRpcClient(light.rpcUrl);
    const page = await rpc.call<{ licenceCount: number; licences: Array<{ holder: string; price: string; asset: string; valid: boolean }>; proof: WorkProofJson }>("work_licences", [workHex, 0, 10, true]);
    expect(page.licenceCount).toBe(1);
    expect(page.licences[0]).toMatchObject({ holder: fan.address, price: "333", asset: assetHex, valid: true });
    const checked = checkLicenceProof((await light.chain.header(page.proof.height))!, contentHash(song), 0, 10, page.proof);
    expect(checked.licences.map((l) => l.valid)).toEqual([true]);
    expect(await rpc.call("work_get", [workHex])).toEqual(await new HttpRpcClient(full.rpcUrl).call("work_get", [workHex]));
  });

  it("refuses a full node that forges a state value, and drops it", async () => {
    liar.mode = "none";
    const alone = await startLight([liar.addr], "light-alone");
    await waitFor("synced from the liar", async () => alone.chain.head.height >= full.chain.head.height, 20_000);
    liar.mode = "state";
    const rpc = new HttpRpcClient(alone.rpcUrl);
    // A forged name record never becomes an address: the @name param itself is NOT_VERIFIED.
    expect(await notVerified(rpc.call("asset_balances", ["@fan-one"]))).toMatchObject({ code: -32005 });
    expect(await notVerified(rpc.call("asset_balance", [fan.address, assetHex]))).toMatchObject({ code: -32005 });
    await waitFor("liar dropped", async () => alone.peers.isBanned(liar.net.peerId), 15_000);
    expect(await notVerified(rpc.call("name_resolve", ["fan-one"]))).toEqual({ code: -32005, reason: "NO_PEERS" });
    liar.mode = "none";
  });
});

describe("the full node's tx JSON names the parties", () => {
  it("fromName / toName where the address has a primary name, nothing where it has none", async () => {
    const rpc = new HttpRpcClient(full.rpcUrl);
    const bought = await rpc.call<{ tx: Record<string, unknown> }>("tx_get", [licenceTx.id]);
    expect(bought.tx).toMatchObject({ from: fan.address, fromName: "fan-one" });
    expect(bought.tx).not.toHaveProperty("toName");
    const sent = await rpc.call<{ height: number; tx: Record<string, unknown> }>("tx_get", [sentTx.id]);
    expect(sent.tx).toMatchObject({ from: issuer.address, toName: "fan-one" });
    expect(sent.tx).not.toHaveProperty("fromName");
    const block = await rpc.call<{ txs: Array<Record<string, unknown>> }>("chain_getBlock", [sent.height, "full"]);
    expect(block.txs.find((t) => t["id"] === sentTx.id)).toMatchObject({ toName: "fan-one" });
    const history = await rpc.call<{ txs: Array<Record<string, unknown>> }>("account_history", [fan.address]);
    expect(history.txs.every((t) => t["fromName"] === "fan-one" || t["toName"] === "fan-one")).toBe(true);
  });
});

describe("subscribe_assets on parley light, from proven state", () => {
  interface LightAssetEvent { type: string; address?: string; assetId: string; balance?: string; previous?: string; supply?: string; proven: { height: number; stateRoot: string } }

  it("notifies a holding's and an asset's changes, each read under a verified header, equal to the full node's state", async () => {
    const ws = await WsRpcClient.connect(light.wsUrl);
    try {
      const byFan: LightAssetEvent[] = [], byAsset: LightAssetEvent[] = [];
      await ws.subscribe("assets", [fan.address], (e) => byFan.push(e as LightAssetEvent));
      await ws.subscribe("assets", [assetHex], (e) => byAsset.push(e as LightAssetEvent));
      // Both targets' first proven reads are the baselines: nothing is sent for them.
      await waitFor("both baselines read", async () => (await light.metrics.assetWatches.get()).values[0]?.value === 2, 10_000);
      const sdk = new ChatClient(full.rpcUrl).client;
      const asset = fromHex(assetHex.slice(2))!;
      await sdk.submit(issuer, "asset", { op: "transfer", asset, to: fan.publicKey, amount: 7n });
      await sdk.submit(issuer, "asset", { op: "mint", asset, to: issuer.publicKey, amount: 500n });
      await waitFor("the fan's holding and the asset's supply", async () => byFan.length >= 1 && byAsset.some((e) => e.type === "assetChange"), 15_000);
      const fullRpc = new HttpRpcClient(full.rpcUrl);
      const fanNow = await fullRpc.call<{ balance: string }>("asset_balance", [fan.address, assetHex]);
      expect(byFan).toEqual([expect.objectContaining({ type: "holdingChange", address: fan.address, assetId: assetHex, symbol: "PTS", balance: fanNow.balance, previous: String(BigInt(fanNow.balance) - 7n), frozen: false })]);
      const supply = byAsset.filter((e) => e.type === "assetChange").at(-1)!;
      expect(supply).toMatchObject({ assetId: assetHex, supply: (await fullRpc.call<{ supply: string }>("asset_get", [assetHex])).supply });
      // Each event names the verified header it was read under.
      for (const e of [...byFan, supply]) expect("0x" + toHex((await light.chain.header(e.proven.height))!.stateRoot)).toBe(e.proven.stateRoot);
      // The asset id's subscriber hears about the asset, not about the fan's holding.
      expect(byAsset.every((e) => e.type === "assetChange")).toBe(true);
    } finally {
      ws.close();
    }
  }, 40_000);

  it("refuses the subscriptions it cannot feed (actions, devices, works, names) as methods it does not serve, and does not list them", async () => {
    const ws = await WsRpcClient.connect(light.wsUrl);
    try {
      for (const kind of ["actions", "devices", "works", "names"]) {
        await expect(ws.subscribe(kind, [fan.address], () => undefined), kind).rejects.toMatchObject({ type: { rpcCode: -32601 } });
      }
      const discovered = await new HttpRpcClient(light.rpcUrl).call<{ methods: Array<{ name: string }> }>("rpc.discover", []);
      const subs = discovered.methods.map((m) => m.name).filter((n) => n.startsWith("subscribe_")).sort();
      expect(subs).toEqual(["subscribe_assets", "subscribe_heads", "subscribe_messages", "subscribe_tx"]);
    } finally {
      ws.close();
    }
  });
});
