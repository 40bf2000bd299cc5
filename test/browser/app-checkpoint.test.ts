// Where the app's own verification starts, in headless Chromium (docs/APP.md 6): a reload
// resumes from the headers this browser stored in IndexedDB (not from genesis), a pinned
// checkpoint (?checkpoint=height:hash) starts a fresh browser there, and a pin whose hash is
// not the chain's header is refused and said so on the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { cleanup, devChain, REPO, tempDir, waitFor } from "../integration/harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { ParleyNode } from "../../src/node/node.js";
import { blockHash } from "../../src/chain/chain.js";
import { toHex } from "../../src/util/bytes.js";
import { closeBrowser, launchBrowser, newPerson, waitText, type Person } from "./browser-harness.js";

let browser: Browser;
let node: ParleyNode;
const people: Person[] = [];

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  // Heartbeat blocks: the chain grows while idle, so there are headers to verify and store.
  const chain = devChain({ params: { blockTimeMs: 100, heartbeatMs: 100 } });
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

async function open(query = ""): Promise<Person> {
  const p = await newPerson(browser, `${node.rpcUrl}/${query}#/network`);
  people.push(p);
  return p;
}

/** Where the page says verification started: [source, height]. */
async function verifiedFrom(page: Page): Promise<[string, number]> {
  const [source, height] = await page.$eval("[data-test=verified-from]", (el) => [el.getAttribute("data-source") ?? "", el.getAttribute("data-height") ?? ""]);
  return [source, height === "" ? -1 : Number(height)];
}

const verifiedHeight = async (page: Page): Promise<number> => Number((await waitText(page, "[data-test=verified-height]", (t) => /\d/.test(t))).replace(/\D/g, ""));

async function checkpointAt(height: number): Promise<string> {
  return `${height}:${toHex(blockHash((await node.chain.blocks.header(height))!))}`;
}

describe("verification resumes across page loads", () => {
  it("a reload resumes from the headers this browser stored, not from genesis", async () => {
    const p = await open();
    await waitFor("verification from genesis", async () => (await verifiedFrom(p.page))[0] === "genesis");
    await waitFor("a dozen headers verified", async () => (await verifiedHeight(p.page)) >= 12, 30_000);
    const before = await verifiedHeight(p.page);
    await p.page.reload({ waitUntil: "load" });
    const [source, height] = await waitFor("the resumed start", async () => {
      const f = await verifiedFrom(p.page);
      return f[0] !== "" && f;
    });
    expect(source).toBe("stored");
    expect(height).toBeGreaterThanOrEqual(before);
    await waitFor("verification going on", async () => (await verifiedHeight(p.page)) > height, 30_000);
    expect(p.problems).toEqual([]);
  });

  it("a fresh browser with a pinned checkpoint starts there", async () => {
    const pin = 5;
    const p = await open(`?checkpoint=${await checkpointAt(pin)}`);
    const from = await waitFor("the checkpoint start", async () => {
      const f = await verifiedFrom(p.page);
      return f[0] !== "" && f;
    });
    expect(from).toEqual(["checkpoint", pin]);
    await waitFor("headers after the checkpoint", async () => (await verifiedHeight(p.page)) > pin, 30_000);
    expect(p.problems).toEqual([]);
  });

  it("a pinned checkpoint whose hash is not the chain's header is refused, and the page says so", async () => {
    const p = await open(`?checkpoint=5:${"ab".repeat(32)}`);
    const text = await waitText(p.page, "[data-test=verify-off]", (t) => t.length > 0);
    expect(text).toMatch(/checkpoint was refused/);
    expect(text).toContain("ab".repeat(32));
    expect((await verifiedFrom(p.page))[0]).toBe("");
  });
});
