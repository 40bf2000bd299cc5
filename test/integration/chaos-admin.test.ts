// The admin RPC the chaos harness uses to cut a node off its peers: off unless enabled, and
// when enabled it really isolates the node (no peers, no blocks) until healed, after which the
// node reconnects and catches up.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { cleanup, devChain, waitFor } from "./harness.js";
import { ParleyNode } from "../../src/node/node.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { RpcClientError } from "../../src/client/rpc-client.js";
import { newIdentity } from "../../src/client/keys.js";

const started: ParleyNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0)) await n.stop().catch(() => undefined);
  await cleanup();
});

async function pair(enableAdmin: boolean) {
  const chain = devChain({ validators: 1, funded: 1 });
  const v = await ParleyNode.start({
    dataDir: join(chain.dir, "v"), genesis: chain.genesis, identity: chain.validators[0]!, logLevel: "warn",
    rpc: { port: 0 }, p2p: { port: 0, peers: [], allowPeers: null },
  });
  started.push(v);
  const f = await ParleyNode.start({
    dataDir: join(chain.dir, "f"), genesis: chain.genesis, identity: null, logLevel: "warn",
    rpc: { port: 0, enableAdmin }, p2p: { port: 0, peers: v.p2pAddrs, allowPeers: null },
  });
  started.push(f);
  await waitFor("peers", async () => f.network()!.peers().length > 0);
  return { chain, v, f, vc: new ParleyClient(v.rpcUrl), fc: new ParleyClient(f.rpcUrl) };
}

describe("admin network controls", () => {
  it("admin methods answer Method not found unless the node runs with --enable-admin", async () => {
    const { fc } = await pair(false);
    const e = await fc.rpc.call("admin_disconnectPeers", [1000]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcClientError);
    expect((e as RpcClientError).type).toMatchObject({ code: "RPC_ERROR", rpcCode: -32601 });
  });

  it("admin_disconnectPeers cuts the node off until admin_setNetwork(true) heals it, then it catches up", async () => {
    const { chain, v, vc, fc, f } = await pair(true);
    // Before the cut: the one connection, dialled by the full node to the validator's own address.
    const status = await fc.rpc.call<{ connections: Array<{ peer: string; direction: string; remoteAddr: string }> }>("admin_networkStatus");
    const vPort = /\/tcp\/(\d+)/.exec(v.p2pAddrs[0]!)?.[1];
    expect(status.connections).toContainEqual(expect.objectContaining({ direction: "outbound", remoteAddr: expect.stringContaining(`/tcp/${vPort}`) }));
    const cut = await fc.rpc.call<{ disconnected: string[]; isolatedForMs: number }>("admin_disconnectPeers", [60_000]);
    expect(cut.disconnected.length).toBe(1);
    expect(cut.isolatedForMs).toBeGreaterThan(50_000);
    const before = (await fc.rpc.call<{ height: number }>("chain_getHead")).height;
    // The validator keeps finalizing; the isolated node neither reconnects nor learns of it.
    await vc.submit(chain.funded[0]!, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(f.network()!.peers()).toEqual([]);
    expect((await fc.rpc.call<{ height: number }>("chain_getHead")).height).toBe(before);
    expect(await fc.rpc.call("admin_networkStatus")).toMatchObject({ enabled: false, peers: [], connections: [] });

    const healed = await fc.rpc.call<{ enabled: boolean }>("admin_setNetwork", [true]);
    expect(healed.enabled).toBe(true);
    const target = (await vc.rpc.call<{ height: number }>("chain_getHead")).height;
    await waitFor("caught up after heal", async () => (await fc.rpc.call<{ height: number }>("chain_getHead")).height >= target, 20_000);
  });

  it("refuses bad params with INVALID_PARAMS and a reason", async () => {
    const { fc } = await pair(true);
    const e = (await fc.rpc.call("admin_disconnectPeers", [-5]).catch((x: unknown) => x)) as RpcClientError;
    expect(e.type).toMatchObject({ rpcCode: -32602, reason: "WRONG_TYPE" });
    const e2 = (await fc.rpc.call("admin_setNetwork", ["yes"]).catch((x: unknown) => x)) as RpcClientError;
    expect(e2.type).toMatchObject({ rpcCode: -32602, reason: "WRONG_TYPE" });
  });
});
