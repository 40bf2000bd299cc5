// The web app as its own device (issue 15), in headless Chromium against a real node: Alice
// signs in to the app, which makes a device key, puts it on chain and publishes its key package
// when Groups opens; Alice's laptop is another device of hers (the SDK, as `parley group` uses
// it). Bob (the SDK) creates a group with Alice: both of her devices become leaves and both read
// his post; a file posted from the app is read byte-identical by Bob; a history bundle from the
// laptop imports into the app; Alice revokes the laptop in the app and the app's next commit
// removes its leaf, after which the laptop reads nothing new; the app's own device, revoked from
// elsewhere, is replaced by a fresh key that Bob can add again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import type { Browser } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, waitFor, type DevChain } from "../integration/harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { click, closeBrowser, fill, launchBrowser, newPerson, waitText, type Person } from "./browser-harness.js";
import { go, importKey, upload } from "./app-actions.js";
import { ChatClient } from "../../src/client/chat.js";
import { MlsGroups } from "../../src/client/mls/groups.js";
import { attachmentOf } from "../../src/client/mls/attachments.js";
import { BlobClient } from "../../src/client/blobs.js";
import { addDevice, deviceConsent, exportHistory, listDevices, revokeDevice } from "../../src/client/devices.js";
import type { Identity } from "../../src/client/keys.js";

let browser: Browser;
let chain: DevChain;
let node: ParleyNode;
let app: Person;
let chat: ChatClient;
let alice: Identity;
let laptop: Identity;
let bob: Identity;
let laptopGroups: MlsGroups;
let bobGroups: MlsGroups;
let appDevice = "";
let groupId = "";

beforeAll(async () => {
  const built = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  chain = devChain({ funded: 3, params: { blockTimeMs: 100, heartbeatMs: 0 } });
  [node, browser] = await Promise.all([
    ParleyNode.start({ dataDir: join(chain.dir, "node"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", app: { dir: built.outDir } }),
    launchBrowser(),
  ]);
  [alice, laptop, bob] = chain.funded as [Identity, Identity, Identity];
  chat = new ChatClient(node.rpcUrl);
}, 60_000);

afterAll(async () => {
  await closeBrowser();
  await node?.stop();
  await cleanup();
});

describe("the web app as a device of its identity", () => {
  it("the app puts its own device key on chain when Groups opens and lists it as this browser", async () => {
    app = await newPerson(browser, node.appUrl!);
    await importKey(app.page, chain.fundedKeys[0]!, "alice passphrase");
    await go(app.page, "#/groups");
    await app.page.waitForSelector("[data-test=group-ready]", { timeout: 30_000 });
    await go(app.page, "#/settings");
    appDevice = (await waitText(app.page, "[data-test=device-mine]", (t) => t.startsWith("parley1"))).trim();
    expect(appDevice).not.toBe(alice.address);
    const devices = await listDevices(chat, alice.address);
    expect(devices.map((d) => [d.device, d.label])).toEqual([[appDevice, "web app"]]);
    // The device pays its own txs: the identity gave it an allowance.
    expect(BigInt((await chat.client.account(appDevice)).balance)).toBeGreaterThan(0n);
    await waitText(app.page, "[data-test=device-this]", (t) => t.length > 0);

    // The laptop: another device of Alice's, with the SDK; Bob: another person.
    await addDevice(chat, alice, laptop.address, "laptop", deviceConsent(laptop, alice.address, await chat.chainId()));
    laptopGroups = new MlsGroups(chat, laptop);
    bobGroups = new MlsGroups(chat, bob);
    await Promise.all([laptopGroups.publishKeyPackage(), bobGroups.publishKeyPackage()]);
  });

  it("a group with Alice reaches both of her devices: the app and the laptop read Bob's post, and each other's", async () => {
    const created = await bobGroups.create([alice.address]);
    groupId = created.groupId.replace(/^0x/, "");
    expect(created.devices).toEqual([
      { identity: bob.address, devices: [bob.address] },
      { identity: alice.address, devices: [appDevice, laptop.address] },
    ]);
    await laptopGroups.join(groupId);
    // The app hears of the group from the Welcome on its device's address.
    await go(app.page, "#/groups");
    await waitFor("the group in the app's list", async () => (await app.page.$$("[data-test=group-link]")).length === 1, 30_000, 200);
    await click(app.page, "[data-test=group-link]");
    await bobGroups.post(groupId, "hello both of Alice's devices");
    await waitText(app.page, "[data-test=group-post]", (t) => t.includes("hello both of Alice's devices"), 30_000);
    expect((await laptopGroups.read(groupId)).map((p) => p.text)).toContain("hello both of Alice's devices");

    await fill(app.page, "[data-test=group-post-text]", "from the app");
    await click(app.page, "[data-test=group-post-send]");
    await waitFor("the laptop reads the app's post", async () => (await laptopGroups.read(groupId)).some((p) => p.text === "from the app"), 30_000, 200);
    const fromApp = (await laptopGroups.read(groupId)).find((p) => p.text === "from the app")!;
    expect([fromApp.from, fromApp.device]).toEqual([alice.address, appDevice]);
  });

  it("a file posted from the app is read byte-identical by an SDK member", async () => {
    const bytes = randomBytes(150_000);
    const path = join(tempDir("parley-group-file-"), "minutes.bin");
    writeFileSync(path, bytes);
    await fill(app.page, "[data-test=group-post-text]", "the minutes");
    await upload(app.page, "[data-test=group-file]", path);
    await waitText(app.page, "[data-test=group-post]:has([data-test=attachment])", (t) => t.includes("minutes.bin"), 60_000);
    let post;
    await waitFor("Bob reads the file post", async () => (post = (await bobGroups.read(groupId)).find((p) => p.text === "the minutes")) !== undefined, 30_000, 200);
    const a = attachmentOf(post!.attachments![0]!)!;
    expect([a.fileName, a.size]).toEqual(["minutes.bin", bytes.length]);
    const parts: Uint8Array[] = [];
    await new BlobClient(chat.client).download(a, (p) => void parts.push(p));
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });

  it("a history bundle from the laptop, sealed to the app's device, imports into the app's chats", async () => {
    await chat.sendMessage(bob, alice.address, "a direct message for the bundle");
    const page = await chat.readInboxAsDevice({ device: laptop, owner: alice.publicKey });
    expect(page.messages.map((m) => m.text)).toContain("a direct message for the bundle");
    const path = join(tempDir("parley-history-"), "history.json");
    writeFileSync(path, JSON.stringify(exportHistory(laptop, alice.address, appDevice, page.messages)));
    await go(app.page, "#/settings");
    await upload(app.page, "[data-test=history-file]", path);
    expect(await waitText(app.page, "[data-test=history-imported]", (t) => t.length > 0, 20_000)).toBe(`Imported ${page.messages.length} message(s) from ${laptop.address}.`);
    // A bundle sealed to another key is refused with a clear error.
    const other = join(tempDir("parley-history-"), "other.json");
    writeFileSync(other, JSON.stringify(exportHistory(laptop, alice.address, bob.address, page.messages)));
    await upload(app.page, "[data-test=history-file]", other);
    expect(await waitText(app.page, "[data-test=devices] [role=alert], [data-test=devices] .error", (t) => t.length > 0, 20_000)).toContain("not to this device");
  });

  it("Alice revokes the laptop in the app; the app's next commit removes its leaf and the laptop reads nothing new", async () => {
    await waitText(app.page, `[data-test=device][data-address="${laptop.address}"]`, (t) => t.includes("laptop"));
    await click(app.page, `[data-test=device][data-address="${laptop.address}"] [data-test=device-revoke]`);
    await waitFor("the laptop gone from the list", async () => (await app.page.$$(`[data-test=device][data-address="${laptop.address}"]`)).length === 0, 30_000, 200);
    expect((await listDevices(chat, alice.address)).map((d) => d.device)).toEqual([appDevice]);

    const before = (await bobGroups.info(groupId)).epoch;
    await go(app.page, `#/groups/${groupId}`);
    await click(app.page, "[data-test=group-update]");
    await waitFor("Bob sees the app's commit", async () => (await bobGroups.read(groupId), (await bobGroups.info(groupId)).epoch > before), 30_000, 200);
    const after = await bobGroups.info(groupId);
    expect(after.devices).toEqual([
      { identity: bob.address, devices: [bob.address] },
      { identity: alice.address, devices: [appDevice] },
    ]);
    await bobGroups.post(groupId, "after the laptop was revoked");
    await waitText(app.page, "[data-test=group-post]", (t) => t.includes("after the laptop was revoked"), 30_000);
    expect((await laptopGroups.read(groupId)).map((p) => p.text)).not.toContain("after the laptop was revoked");
    // The device key is stored sealed: its address in the clear, its secret only in the box.
    const stored = JSON.parse(await app.page.evaluate(`localStorage.getItem("parley.device.${alice.address}")`) as string) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(["box", "device", "nonce", "v"]);
    expect(stored.device).toBe(appDevice);
  });

  it("the app's own device revoked from elsewhere is replaced by a fresh device key when Groups opens", async () => {
    await revokeDevice(chat, alice, appDevice);
    await go(app.page, "#/groups");
    // The old device's groups are closed to it: the app forgets them with the old key.
    await waitFor("the app drops the old device's groups", async () => (await app.page.$$("[data-test=group-link]")).length === 0, 30_000, 200);
    await go(app.page, "#/settings");
    const fresh = (await waitText(app.page, "[data-test=device-mine]", (t) => t.startsWith("parley1") && t.trim() !== appDevice, 30_000)).trim();
    await waitFor("the fresh device on chain", async () => (await listDevices(chat, alice.address)).some((d) => d.device === fresh), 30_000, 200);
    expect((await listDevices(chat, alice.address)).map((d) => d.device)).toEqual([fresh]);
    // Adding the person again reaches the fresh device.
    await go(app.page, "#/groups");
    await app.page.waitForSelector("[data-test=group-ready]", { timeout: 30_000 });
    await bobGroups.add(groupId, [alice.address]);
    await waitFor("the group back in the app's list", async () => (await app.page.$$("[data-test=group-link]")).length === 1, 30_000, 200);
    expect(app.problems).toEqual([]);
  });
});
