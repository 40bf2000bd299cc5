// MLS groups in the web app, in headless Chromium against a real node serving it: Alice and Bob
// (two browser profiles) and Carol (the SDK, as `parley group` uses it). Both apps publish a key
// package by themselves; Alice creates a group with Bob, who hears of it from the Welcome on
// his address; they post and read each other; Alice adds Carol, who joins and reads from the
// SDK; every member shows the same epoch authenticator; Alice removes Carol, who cannot read
// what is posted after that; and the browser's stored group state is sealed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, waitFor, type DevChain } from "../integration/harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { click, closeBrowser, fill, launchBrowser, newPerson, waitText, type Person } from "./browser-harness.js";
import { go, importKey } from "./app-actions.js";
import { ChatClient } from "../../src/client/chat.js";
import { MlsGroups } from "../../src/client/mls/groups.js";
import { BlobClient } from "../../src/client/blobs.js";
import { ParleyClient } from "../../src/client/parley-client.js";

let browser: Browser;
let chain: DevChain;
let node: ParleyNode;
let alice: Person;
let bob: Person;
let groupId = "";

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  chain = devChain({ funded: 3, params: { blockTimeMs: 100, heartbeatMs: 0 } });
  [node, browser] = await Promise.all([
    ParleyNode.start({ dataDir: join(chain.dir, "node"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", app: { dir: app.outDir } }),
    launchBrowser(),
  ]);
}, 60_000);

afterAll(async () => {
  await closeBrowser();
  await node?.stop();
  await cleanup();
});

async function authenticator(p: Person): Promise<string> {
  return (await waitText(p.page, "[data-test=group-auth]", (t) => /0x[0-9a-f]{16}/.test(t))).match(/0x[0-9a-f]{16}/)![0];
}

describe("MLS groups in the web app", () => {
  it("Alice creates a group with Bob; Bob hears of it from the Welcome; they read each other's posts", async () => {
    alice = await newPerson(browser, node.appUrl!);
    bob = await newPerson(browser, node.appUrl!);
    await importKey(alice.page, chain.fundedKeys[0]!, "alice passphrase");
    await importKey(bob.page, chain.fundedKeys[1]!, "bob passphrase");
    // Each app publishes its key package by itself (the accounts are funded).
    for (const p of [alice, bob]) {
      await go(p.page, "#/groups");
      await p.page.waitForSelector("[data-test=group-ready]", { timeout: 30_000 });
    }
    await fill(alice.page, "[data-test=group-members]", chain.funded[1]!.address);
    await click(alice.page, "[data-test=group-create]");
    await alice.page.waitForFunction(`/^#\\/groups\\/[0-9a-f]{64}$/.test(location.hash)`, { timeout: 30_000 });
    groupId = (await alice.page.evaluate("location.hash") as string).split("/")[2]!;
    expect(await waitText(alice.page, "[data-test=group-members-list]", (t) => t.includes("epoch") || t.length > 0)).toBeTruthy();
    await waitFor("the group in Bob's list", async () => (await bob.page.$$("[data-test=group-link]")).length === 1, 30_000, 200);
    await click(bob.page, "[data-test=group-link]");
    await bob.page.waitForSelector("[data-test=group-auth]", { timeout: 30_000 });
    expect(await authenticator(bob)).toBe(await authenticator(alice));

    await fill(alice.page, "[data-test=group-post-text]", "hello group, 你好");
    await click(alice.page, "[data-test=group-post-send]");
    await waitText(bob.page, "[data-test=group-post]", (t) => t.includes("hello group, 你好"), 30_000);
    await fill(bob.page, "[data-test=group-post-text]", "hi Alice");
    await click(bob.page, "[data-test=group-post-send]");
    await waitText(alice.page, "[data-test=group-post]", (t) => t.includes("hi Alice"), 30_000);
    expect(await waitText(alice.page, "[data-test=group-post]", (t) => t.includes("hello group"))).toContain("hello group, 你好");
  });

  it("Alice adds Carol, who joins and reads with the SDK; removed again, Carol cannot read the next post", async () => {
    const carolId = chain.funded[2]!;
    const carol = new MlsGroups(new ChatClient(node.rpcUrl), carolId);
    await carol.publishKeyPackage();
    await go(alice.page, `#/groups/${groupId}`);
    await fill(alice.page, "[data-test=group-add]", carolId.address);
    await click(alice.page, "[data-test=group-add-send]");
    await waitText(alice.page, "[data-test=group-members-list]", (t) => t.split("\n").filter((l) => l.trim()).length >= 3, 30_000);
    const joined = await carol.join(groupId);
    expect(joined.members).toContain(carolId.address);
    expect(joined.epochAuthenticator.slice(0, 18)).toBe(await authenticator(alice));
    await carol.post(groupId, "Carol here");
    await waitText(alice.page, "[data-test=group-post]", (t) => t.includes("Carol here"), 30_000);
    await go(bob.page, `#/groups/${groupId}`);
    await waitText(bob.page, "[data-test=group-post]", (t) => t.includes("Carol here"), 30_000);
    // A file in a group post (as `parley group post --file` sends it) shows in the app as a file.
    const notes = await new BlobClient(new ParleyClient(node.rpcUrl)).attach(carolId, { source: async function* () { yield new TextEncoder().encode("agenda"); }, fileName: "agenda.txt", mediaType: "text/plain" });
    await carol.post(groupId, "for tomorrow", { attachments: [notes] });
    expect(await waitText(alice.page, "[data-test=group-post]:has([data-test=attachment])", (t) => t.includes("for tomorrow"), 30_000)).toContain("agenda.txt");

    // Alice removes Carol; what is posted afterwards is sealed to an epoch Carol never gets.
    await click(alice.page, `[data-test=group-member][data-address="${carolId.address}"] [data-test=group-member-remove]`);
    await waitText(alice.page, "[data-test=group-members-list]", (t) => t.split("\n").filter((l) => l.trim()).length === 2, 30_000);
    await fill(alice.page, "[data-test=group-post-text]", "after Carol left");
    await click(alice.page, "[data-test=group-post-send]");
    await waitText(bob.page, "[data-test=group-post]", (t) => t.includes("after Carol left"), 30_000);
    const read = await carol.read(groupId);
    expect(read.map((p) => p.text)).not.toContain("after Carol left");
    expect(read.map((p) => p.text)).toContain("Carol here");
  });

  it("the group state in the browser's storage is sealed: no post text and no hex state in the clear", async () => {
    const stored = await alice.page.evaluate(`JSON.stringify(Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("parley.mls.")).map((k) => [k, localStorage.getItem(k)])))`) as string;
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).not.toContain("hello group");
    expect(stored).not.toContain("Carol here");
    expect(stored).not.toContain(groupId);
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });
});
