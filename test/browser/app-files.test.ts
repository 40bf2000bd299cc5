// Files in chat in headless Chromium against a real node serving the app: Alice picks a picture
// in the composer, sees the upload's progress bar, and the message shows the thumbnail her
// browser made; Bob sees the picture inline and downloads the file, which is checked, decrypted
// in his browser and saved byte-identical. The node only ever holds ciphertext.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { randomBytes } from "node:crypto";
import type { Browser } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, waitFor, type DevChain } from "../integration/harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { click, closeBrowser, launchBrowser, newPerson, waitText } from "./browser-harness.js";
import { go, importKey, upload } from "./app-actions.js";
import { ChatClient } from "../../src/client/chat.js";
import { BlobClient } from "../../src/client/blobs.js";
import { ParleyClient } from "../../src/client/parley-client.js";

let browser: Browser;
let chain: DevChain;
let node: ParleyNode;

/** An RGB PNG of w x h pixels of noise (so it does not compress to nothing): a real image for the thumbnail. */
function noisePng(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.of(0), randomBytes(w * 3)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  chain = devChain({ funded: 2, params: { blockTimeMs: 100, heartbeatMs: 0 } });
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

describe("files in the web app", () => {
  it("a picture sent from the composer shows inline with its thumbnail, the recipient saves it byte-identical, and a channel post shows its file", async () => {
    const [aliceId, bobId] = chain.funded as [NonNullable<DevChain["funded"][0]>, NonNullable<DevChain["funded"][0]>];
    const dir = tempDir("parley-files-");
    const picture = join(dir, "holiday.png");
    writeFileSync(picture, noisePng(900, 700)); // ~1.9 MB: an upload long enough to show progress
    const alice = await newPerson(browser, node.appUrl!);
    await importKey(alice.page, chain.fundedKeys[0]!, "alice passphrase");
    await go(alice.page, `#/chats/${bobId.address}`);
    await alice.page.waitForSelector("[data-test=composer]");
    // Remember whether the progress bar was ever on screen (it may be gone by the next poll).
    await alice.page.evaluate(`window.__sawUpload = false; new MutationObserver(() => { if (document.querySelector("[data-test=upload-progress]")) window.__sawUpload = true; }).observe(document.body, { subtree: true, childList: true, attributes: true })`);
    await upload(alice.page, "[data-test=composer-file]", picture);
    const sent = await waitText(alice.page, "[data-test=message]:has([data-status=final]):has([data-test=attachment])", (t) => t.includes("holiday.png"), 60_000);
    expect(sent).toContain("holiday.png");
    expect(await alice.page.evaluate("window.__sawUpload")).toBe(true);
    expect(await alice.page.$eval("[data-test=attachment-thumb]", (img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    const bob = await newPerson(browser, node.appUrl!);
    await importKey(bob.page, chain.fundedKeys[1]!, "bob passphrase");
    await go(bob.page, `#/chats/${aliceId.address}`);
    await waitText(bob.page, "[data-test=message]:has([data-test=attachment])", (t) => t.includes("holiday.png"), 30_000);
    // The thumbnail Alice's browser made, decoded in Bob's: an image of at most 240 px a side.
    const thumb = await bob.page.$eval("[data-test=attachment-thumb]", (img) => {
      const i = img as unknown as { naturalWidth: number; naturalHeight: number };
      return [i.naturalWidth, i.naturalHeight];
    });
    expect(thumb[0]).toBe(240);
    expect(thumb[1]).toBeGreaterThan(0);

    const downloads = tempDir("parley-downloads-");
    const cdp = await bob.page.createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, browserContextId: (bob.context as unknown as { id: string }).id });
    await click(bob.page, "[data-test=attachment-download]");
    const saved = join(downloads, "holiday.png");
    await waitFor("the download saved", async () => existsSync(saved) && readdirSync(downloads).every((f) => !f.endsWith(".crdownload")) && readFileSync(saved).length === readFileSync(picture).length, 30_000, 100);
    expect(readFileSync(saved).equals(readFileSync(picture))).toBe(true);

    // A file posted to a channel (here by the SDK, as the CLI does) shows in the channel view too.
    const chat = new ChatClient(node.rpcUrl);
    const { channelId } = await chat.createChannel(aliceId, "team", [bobId.address]);
    const notes = await new BlobClient(new ParleyClient(node.rpcUrl)).attach(aliceId, { source: async function* () { yield new TextEncoder().encode("agenda"); }, fileName: "agenda.txt", mediaType: "text/plain" });
    await chat.post(aliceId, channelId, "for tomorrow", { attachments: [notes] });
    await go(bob.page, `#/channels/${channelId}`);
    const post = await waitText(bob.page, "[data-test=channel-entry]:has([data-test=attachment])", (t) => t.includes("agenda.txt"), 30_000);
    expect(post).toContain("for tomorrow");
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  }, 120_000);
});
