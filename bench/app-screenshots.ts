// Screenshots of the app's main screens in English and 简体中文 for docs/APP.md, taken with the
// same headless Chromium as the tests, on a 4-validator devnet. Chinese glyphs need a CJK font
// on the machine (Debian: apt-get install fonts-noto-cjk); the tests do not.
//   npx tsc -p tsconfig.json && node dist/bench/app-screenshots.js [--out docs/app]
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "puppeteer-core";
import { buildApp } from "../src/node/app-build.js";
import { ChatClient } from "../src/client/chat.js";
import { ParleyClient } from "../src/client/parley-client.js";
import { parseAddress } from "../src/chain/address.js";
import { assetIdOf } from "../src/chain/assets/records.js";
import { fromHex, toHex } from "../src/util/bytes.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { encodeKeyFile, newIdentity, type Identity } from "../src/client/keys.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { startNode, stopAll, type BenchNode } from "./lib/cluster.js";
import { startLyingNode } from "../test/integration/lying-node.js";
import { click, closeBrowser, fill, launchBrowser, newPerson, waitText } from "../test/browser/browser-harness.js";
import { addContact, createIdentity, go, importKey, myAddress, openChat, sendText, setLanguage, waitFinalMessage } from "../test/browser/app-actions.js";

const REPO = resolve(import.meta.dirname, "../..");
const outArg = process.argv.indexOf("--out");
const OUT = resolve(outArg >= 0 ? process.argv[outArg + 1]! : join(REPO, "docs/app"));

async function shot(page: Page, name: string): Promise<void> {
  for (const lang of ["en", "zh-CN"] as const) {
    await setLanguage(page, lang);
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: join(OUT, `${name}-${lang}.png`) as `${string}.png` });
  }
  await setLanguage(page, "en");
}

interface Devnet {
  nodes: BenchNode[];
  chain: { funded: Identity[]; fundedKeys: string[] };
}

/** Four validator processes serving the app from `appDir`, two funded people. */
async function devnet(dir: string, appDir: string): Promise<Devnet> {
  const validators = Array.from({ length: 4 }, () => newIdentity());
  const funded = [newIdentity(), newIdentity()];
  const genesis = join(dir, "genesis.json");
  writeFileSync(genesis, genesisJson("parley-screens", validators, funded.map((f) => ({ address: f.address, balance: 10n ** 12n })), { blockTimeMs: 200, heartbeatMs: 0 }));
  const keyFile = (id: Identity, name: string): string => {
    writeFileSync(join(dir, name), encodeKeyFile(id), { mode: 0o600 });
    return join(dir, name);
  };
  const fundedKeys = funded.map((f, i) => keyFile(f, `funded-${i}.key`));
  const nodes: BenchNode[] = [];
  for (let i = 0; i < 4; i++) {
    const args = ["node", "--data-dir", join(dir, `n${i}`), "--genesis", genesis, "--key", keyFile(validators[i]!, `v${i}.key`), "--rpc-port", "0", "--p2p-port", "0", "--log-level", "warn", "--app-dir", appDir];
    if (nodes.length > 0) args.push("--peers", nodes.map((n) => n.p2p!).join(","));
    nodes.push(await startNode(args));
  }
  return { nodes, chain: { funded, fundedKeys } };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "parley-shots-"));
  const tempDir = (): string => mkdtempSync(join(dir, "t-"));
  const app = await buildApp(REPO, join(dir, "app"));
  const net = await devnet(dir, app.outDir);
  const browser = await launchBrowser();
  try {
    const url = (i: number): string => net.nodes[i]!.rpc + "/";
    const alice = await newPerson(browser, url(0), "en-US");
    await alice.page.setViewport({ width: 1180, height: 760 });
    await alice.page.waitForSelector("[data-test=onboard-submit]");
    await shot(alice.page, "onboarding");
    const bob = await newPerson(browser, url(1), "zh-CN");
    await importKey(alice.page, net.chain.fundedKeys[0]!, "alice passphrase");
    await createIdentity(bob.page, "bob passphrase 1");
    const aliceAddr = await myAddress(alice.page);
    const bobAddr = await myAddress(bob.page);
    await addContact(alice.page, bobAddr, "Bob 王");
    await addContact(bob.page, aliceAddr, "Alice");
    await openChat(alice.page, bobAddr);
    await sendText(alice.page, "Hi Bob! Lunch tomorrow? 明天一起吃午饭吗？");
    await click(alice.page, "[data-test=open-pay]");
    await fill(alice.page, "#pay-amount", "50000");
    await fill(alice.page, "#pay-note", "for the tickets 🎟");
    await click(alice.page, "[data-test=pay-submit]");
    await openChat(bob.page, aliceAddr);
    await waitFinalMessage(bob.page, "for the tickets");
    await sendText(bob.page, "好的！谢谢你的转账。");
    await click(bob.page, "[data-test=open-request]");
    await fill(bob.page, "#request-amount", "1200");
    await fill(bob.page, "#request-note", "午饭 lunch");
    await click(bob.page, "[data-test=request-submit]");
    await waitText(alice.page, "[data-test=payment-request]", (t) => t.includes("1,200"));
    await click(alice.page, "[data-test=pay-request]");
    await waitText(alice.page, "[data-test=request-paid]", (t) => /\d/.test(t), 30_000);
    await waitText(alice.page, "[data-test=message]", (t) => t.includes("Verified"));
    await shot(alice.page, "chat");

    // The red packet's asset picker: Alice holds two assets of a shop (the other funded key), each
    // named by symbol and issuer, with an amount refused for its decimals.
    const shop = net.chain.funded[1]!;
    const sdk = new ParleyClient(net.nodes[0]!.rpc);
    const issue = async (symbol: string, name: string, decimals: number, flags: number, give: bigint): Promise<string> => {
      const made = await sdk.submit(shop, "asset", { op: "create", symbol, name, decimals, initial: 100_000n, maxSupply: null, metaHash: null, flags });
      const id = assetIdOf(shop.publicKey, fromHex(made.id)!);
      await sdk.submit(shop, "asset", { op: "transfer", asset: id, to: parseAddress(aliceAddr)!, amount: give });
      return "0x" + toHex(id);
    };
    const pts = await issue("PTS", "Tea shop points 茶馆积分", 2, 1, 5_000n);
    await issue("STAR", "Loyalty stars 会员星", 0, 0, 10n);
    await click(alice.page, "[data-test=open-red-packet]");
    await alice.page.waitForSelector("#red-packet-amount", { visible: true });
    await alice.page.waitForFunction(`document.querySelectorAll("#red-packet-asset option").length === 3`, { timeout: 30_000 });
    await alice.page.select("#red-packet-asset", pts);
    await fill(alice.page, "#red-packet-amount", "12.345");
    await click(alice.page, "[data-test=red-packet-submit]");
    await waitText(alice.page, "[data-test=red-packet] .error", (t) => t.length > 0);
    await shot(alice.page, "red-packet-asset");
    // Every choice at once: a closed select's options are not drawn in a screenshot, a list is.
    await alice.page.$eval("#red-packet-asset", (e) => e.setAttribute("size", "3"));
    await shot(alice.page, "red-packet-asset-list");
    await alice.page.$eval("#red-packet-asset", (e) => e.removeAttribute("size"));
    await alice.page.select("#red-packet-asset", "");
    await click(alice.page, "[data-test=red-packet] button.secondary");
    // Closed before it is opened again (its close event must not land after the next open).
    await alice.page.waitForFunction(`!document.querySelector("[data-test=red-packet]").open`);
    await new Promise((r) => setTimeout(r, 300));

    // A red packet in the chat, claimed by Bob with one click (the action card).
    await click(alice.page, "[data-test=open-red-packet]");
    await alice.page.waitForSelector("#red-packet-amount", { visible: true });
    await fill(alice.page, "#red-packet-amount", "2000");
    await click(alice.page, "[data-test=red-packet-submit]");
    const card = "[data-test=message] [data-test=action-card][data-kind=redPacket]";
    await waitText(bob.page, card, (t) => t.length > 0, 30_000);
    await click(bob.page, `${card} [data-test=claim-red-packet]`);
    await waitText(alice.page, card, (t) => t.includes("Bob"), 30_000);
    await shot(alice.page, "chat-red-packet");
    // The same conversation on a phone: the composer stays in view, the list is one tap away.
    await alice.page.setViewport({ width: 390, height: 844 });
    await shot(alice.page, "chat-red-packet-phone");
    await alice.page.setViewport({ width: 1180, height: 760 });

    await go(alice.page, "#/contacts");
    await alice.page.waitForSelector("[data-test=scan-file]");
    await shot(alice.page, "contacts-scan");

    await go(alice.page, "#/channels");
    await fill(alice.page, "[data-test=channel-name]", "Book club 读书会");
    await fill(alice.page, "[data-test=channel-members]", bobAddr);
    await click(alice.page, "[data-test=channel-create]");
    await waitText(alice.page, "[data-test=channel-entry]", (t) => t.includes("读书会"), 30_000);
    await go(bob.page, "#/channels");
    await click(bob.page, "[data-test=channel-link]");
    await fill(bob.page, "[data-test=channel-post]", "这个月读《三体》吧。");
    await click(bob.page, "[data-test=channel-post-send]");
    await waitText(alice.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("三体"), 30_000);
    await click(alice.page, "[data-test=member-remove]");
    await new Promise((r) => setTimeout(r, 300));
    await shot(alice.page, "channel-remove");
    await click(alice.page, "[data-test=remove-confirm]");
    await waitText(alice.page, "[data-test=channel-entry][data-kind=remove]", (t) => t.length > 0, 30_000);
    await fill(alice.page, "[data-test=channel-post]", "Next month: a new book, for those who stayed.");
    await click(alice.page, "[data-test=channel-post-send]");
    await waitText(bob.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("无法读取"), 30_000);
    await shot(bob.page, "channel-removed-member");

    await go(alice.page, "#/wallet");
    await alice.page.waitForSelector("[data-test=balance][data-proof=verified]", { timeout: 30_000 });
    await waitText(alice.page, "[data-test=history-row]", () => true);
    // A payment in an asset: the picker, the sent list and the history name it with its issuer.
    await fill(alice.page, "[data-test=send-to]", bobAddr);
    await alice.page.select("[data-test=send-asset]", pts);
    await fill(alice.page, "[data-test=send-amount]", "1.5");
    await click(alice.page, "[data-test=send-submit]");
    await waitText(alice.page, "[data-test=history-row]", (t) => t.includes("PTS"), 30_000);
    await alice.page.select("[data-test=send-asset]", pts);
    await shot(alice.page, "wallet");

    const poem = join(tempDir(), "jingyesi.txt");
    writeFileSync(poem, "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n");
    await go(bob.page, "#/anchors");
    const input = await bob.page.waitForSelector("[data-test=anchor-file]");
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(poem);
    await click(bob.page, "[data-test=anchor-submit]");
    await waitText(bob.page, "[data-test=anchor-facts]", (t) => t.includes(bobAddr), 30_000);
    await click(bob.page, "[data-test=cert-link]");
    await bob.page.waitForSelector("[data-test=anchor-facts]");
    await bob.page.waitForSelector("[data-proof=verified]", { timeout: 30_000 });
    await shot(bob.page, "anchor-certificate");

    await go(alice.page, "#/network");
    await waitText(alice.page, "[data-test=net-peers]", (t) => t === "3");
    await shot(alice.page, "network");

    const liar = await startLyingNode(net.nodes[2]!.rpc, [net.nodes[3]!.rpc]);
    const sent = await new ChatClient(net.nodes[0]!.rpc).sendMessage(net.chain.funded[0]!, net.chain.funded[1]!.address, "A message the lying node tries to hide");
    liar.mode = "drop";
    liar.dropId = sent.id;
    const carol = await newPerson(browser, liar.url + "/", "en-US");
    await carol.page.setViewport({ width: 1180, height: 760 });
    await importKey(carol.page, net.chain.fundedKeys[1]!, "carol passphrase");
    await openChat(carol.page, net.chain.funded[0]!.address);
    await waitText(carol.page, "[data-test=verify-report]", () => true, 30_000);
    await waitFinalMessage(carol.page, "tries to hide");
    await shot(carol.page, "lying-node");
    await liar.stop();
  } finally {
    await closeBrowser();
    await stopAll(net.nodes);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`screenshots in ${OUT}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
