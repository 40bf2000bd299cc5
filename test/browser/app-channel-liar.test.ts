// A node that leaves a channel post out, caught in headless Chromium (docs/APP.md 6): the app
// reads the channel's log page through its light client from the node and the witness, the
// witness proves the post inside the range the liar's page claimed complete, the liar is named
// (BAD_PAGE) at the top of the screen, and the post is shown in the channel, proven and decrypted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, type DevChain } from "../integration/harness.js";
import { startLyingNode, type LyingNode } from "../integration/lying-node.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { ChatClient } from "../../src/client/chat.js";
import { closeBrowser, launchBrowser, newPerson, waitText } from "./browser-harness.js";
import { go, importKey } from "./app-actions.js";

let browser: Browser;
let chain: DevChain;
let node: ParleyNode;
let liar: LyingNode;
let channelId: string;

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  // Heartbeat blocks: headers keep arriving, and with them the app's cross-checks.
  chain = devChain({ funded: 2, params: { blockTimeMs: 100, heartbeatMs: 200 } });
  [node, browser] = await Promise.all([
    ParleyNode.start({ dataDir: join(chain.dir, "node"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", app: { dir: app.outDir } }),
    launchBrowser(),
  ]);
  const [alice, bob] = [chain.funded[0]!, chain.funded[1]!];
  const chat = new ChatClient(node.rpcUrl);
  channelId = (await chat.createChannel(alice, "team", [bob.address])).channelId;
  await chat.post(alice, channelId, "first post");
  const dropped = await chat.post(alice, channelId, "the post a liar drops");
  // The liar relays the honest node and names it as the witness the app cross-checks with.
  liar = await startLyingNode(node.rpcUrl, [node.rpcUrl]);
  liar.mode = "drop";
  liar.dropId = dropped.id;
}, 60_000);

afterAll(async () => {
  await liar?.stop();
  await closeBrowser();
  await node?.stop();
  await cleanup();
});

describe("a lying node drops a channel post", () => {
  it("the witness's proven page convicts it; the post is shown, verified, and the lie reported", async () => {
    const bob = await newPerson(browser, liar.url + "/");
    await importKey(bob.page, chain.fundedKeys[1]!, "bob passphrase");
    await go(bob.page, `#/channels/${channelId}`);
    // What the node itself served: the first post, without the dropped one.
    await waitText(bob.page, "[data-test=channel-log]", (t) => t.includes("first post"), 30_000);
    const report = await waitText(bob.page, "[data-test=verify-report][data-reason=BAD_PAGE]", (t) => t.includes(liar.url), 40_000);
    expect(report).toContain(liar.url);
    const entry = await waitText(bob.page, "[data-test=channel-entry]:has([data-proof=verified])", (t) => t.includes("the post a liar drops"), 30_000);
    expect(entry).toContain("the post a liar drops");
    expect(bob.problems).toEqual([]);
  });
});
