// `parley light` serves the same web app as a full node (docs/LIGHT.md 7): GET / with the same
// CSP, --no-app for RPC only, and the proof questions the app's light client asks relayed to
// the full nodes it follows, so the browser verifies a balance through a light node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { cleanup, devChain, REPO, spawnCli, tempDir, waitFor, type DevChain } from "./harness.js";
import { buildApp, type AppBuildResult } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { LightNode } from "../../src/light/node.js";
import { VerifiedChain } from "../../src/client/verify/verified-chain.js";
import { HttpRpcClient, RpcClientError } from "../../src/client/rpc-client.js";
import { createLogger } from "../../src/util/logger.js";
import { ChatClient } from "../../src/client/chat.js";
import { blockHash } from "../../src/chain/chain.js";
import { CheckpointError } from "../../src/light/checkpoint.js";

let chain: DevChain;
let app: AppBuildResult;
let full: ParleyNode;
let light: LightNode;
let vc: VerifiedChain | null = null;

beforeAll(async () => {
  app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  chain = devChain({ funded: 2 });
  full = await ParleyNode.start({ dataDir: join(chain.dir, "full"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", p2p: { host: "127.0.0.1", port: 0, peers: [], allowPeers: null } });
  light = await LightNode.start({ dataDir: join(chain.dir, "light"), genesis: chain.genesis, peers: full.p2pAddrs, rpc: { port: 0 }, logger: createLogger("silent"), waitMs: 500, app: { dir: app.outDir } });
}, 60_000);

afterAll(async () => {
  vc?.stop();
  await light?.stop();
  await full?.stop();
  await cleanup();
});

describe("the web app on a light node", () => {
  it("GET / is the app with the full node's CSP and caching; RPC is unchanged", async () => {
    const res = await fetch(light.rpcUrl + "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain(`src="${app.js}"`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get("etag")).toMatch(/^"/);
    const info = await new HttpRpcClient(light.rpcUrl).call<{ light: boolean }>("node_info");
    expect(info.light).toBe(true);
    expect(light.appUrl).toBe(light.rpcUrl + "/");
  });

  it("relays the app's proof questions: the browser's light client proves a balance through it", async () => {
    // A single validator makes blocks only for txs: one message gives the light node a header to follow.
    const sent = await new ChatClient(full.rpcUrl).sendMessage(chain.funded[0]!, chain.funded[1]!.address, "hello");
    await waitFor("the light node to follow", async () => light.chain.head.height >= sent.height!, 20_000);
    vc = await VerifiedChain.open({ primary: light.rpcUrl, waitMs: 500 });
    vc.start();
    const target = full.chain.head.height;
    await waitFor("headers through the light node", async () => vc!.height >= target, 20_000);
    const alice = chain.funded[0]!;
    const acct = await vc.account(alice.publicKey);
    expect(acct.account.balance).toBe(full.chain.state.account(alice.publicKey).balance);
    expect(vc.reports()).toEqual([]);
  });

  it("what a light node cannot serve is a clear method-not-found, not a crash", async () => {
    const err = await new HttpRpcClient(light.rpcUrl).call("account_history", [chain.funded[0]!.address]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcClientError);
    expect((err as RpcClientError).type).toMatchObject({ code: "RPC_ERROR", rpcCode: -32601 });
  });

  it("`parley light` prints the app's URL; --no-app serves RPC only", async () => {
    const args = (dir: string) => ["light", "--data-dir", join(chain.dir, dir), "--genesis", chain.genesisPath, "--peers", full.p2pAddrs.join(","), "--rpc-port", "0", "--log-level", "warn"];
    const on = await spawnCli(args("l1"), /app: (http:\/\/\S+)/);
    expect((await fetch(on.rpc)).headers.get("content-security-policy")).toContain("default-src 'none'");
    const off = await spawnCli([...args("l2"), "--no-app"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(off.stdout.join("")).not.toContain("app:");
    expect((await fetch(off.rpc + "/")).status).toBe(405);
  });
});

describe("parley light from a checkpoint", () => {
  it("starts at the pinned header (nothing below it fetched) and verifies onwards; a wrong pin is refused", async () => {
    const chat = new ChatClient(full.rpcUrl);
    await chat.sendMessage(chain.funded[0]!, chain.funded[1]!.address, "one");
    const last = await chat.sendMessage(chain.funded[0]!, chain.funded[1]!.address, "two");
    const pinHeight = last.height! - 1;
    const hash = blockHash((await full.chain.blocks.header(pinHeight))!);
    const pinned = await LightNode.start({ dataDir: join(chain.dir, "light-cp"), genesis: chain.genesis, peers: full.p2pAddrs, rpc: { port: 0 }, logger: createLogger("silent"), waitMs: 500, checkpoint: { height: pinHeight, hash } });
    try {
      await waitFor("headers after the checkpoint", async () => pinned.chain.head.height >= last.height!, 20_000);
      expect(await pinned.chain.header(pinHeight - 1)).toBeUndefined();
      expect(await pinned.chain.header(pinHeight)).toBeDefined();
    } finally {
      await pinned.stop();
    }
    const wrong = { height: pinHeight, hash: new Uint8Array(32).fill(0xab) };
    const e = await LightNode.start({ dataDir: join(chain.dir, "light-bad"), genesis: chain.genesis, peers: full.p2pAddrs, rpc: { port: 0 }, logger: createLogger("silent"), checkpoint: wrong }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).type.code).toBe("CHECKPOINT_MISMATCH");
  });
});
