// The web app served by a light node, in headless Chromium (docs/LIGHT.md 7): a person imports
// a funded key, and the wallet shows the balance proven by the browser's own light client, whose
// proof questions the light node relays to the full node it follows. What a light node does not
// serve (the wallet's history) is said in words, not a blank or a stack trace.
import { parseDecimalAmount } from "../../src/util/amount.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, type DevChain } from "../integration/harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { LightNode } from "../../src/light/node.js";
import { createLogger } from "../../src/util/logger.js";
import { closeBrowser, launchBrowser, newPerson, waitText } from "./browser-harness.js";
import { go, importKey } from "./app-actions.js";

let browser: Browser;
let chain: DevChain;
let full: ParleyNode;
let light: LightNode;

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  chain = devChain({ funded: 1, params: { blockTimeMs: 100, heartbeatMs: 200 } });
  [full, browser] = await Promise.all([
    ParleyNode.start({ dataDir: join(chain.dir, "full"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", p2p: { host: "127.0.0.1", port: 0, peers: [], allowPeers: null } }),
    launchBrowser(),
  ]);
  light = await LightNode.start({ dataDir: join(chain.dir, "light"), genesis: chain.genesis, peers: full.p2pAddrs, rpc: { port: 0 }, logger: createLogger("silent"), waitMs: 500, app: { dir: app.outDir } });
}, 60_000);

afterAll(async () => {
  await closeBrowser();
  await light?.stop();
  await full?.stop();
  await cleanup();
});

describe("the app on a light node", () => {
  it("shows a verified balance; the history a light node cannot serve is explained", async () => {
    const p = await newPerson(browser, light.rpcUrl + "/");
    await importKey(p.page, chain.fundedKeys[0]!, "light passphrase");
    await go(p.page, "#/wallet");
    await p.page.waitForSelector("[data-test=balance][data-proof=verified]", { timeout: 30_000 });
    // "1,000 PAR at height 12 ✓ Verified": whole tokens (6 decimals here), before the first letter.
    const shown = /^[^A-Za-z]*/.exec(await waitText(p.page, "[data-test=balance]", (t) => /\d/.test(t)))![0].replace(/[,\s]/g, "");
    const balance = full.chain.state.account(chain.funded[0]!.publicKey).balance;
    expect(parseDecimalAmount(shown!, { decimals: chain.genesis.params.nativeDecimals })).toBe(balance);
    const why = await waitText(p.page, "[role=alert]", (t) => t.includes("light node"));
    expect(why).toMatch(/does not offer this/);
    await go(p.page, "#/network");
    expect(await waitText(p.page, "main", (t) => t.includes("light node: headers and proofs only"))).toBeTruthy();
    expect(p.problems).toEqual([]);
  });
});
