// The web app end to end in headless Chromium on a 4-validator devnet of node processes. Two
// browser contexts are two people (each its own storage, so its own vault). What they rely
// on: onboarding, finding each other, chatting both ways in English and in Chinese, paying in
// chat and paying a request with one click, each payment shown with its amount and final
// height; and that the screens pass an accessibility audit with no critical violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { cleanup, REPO, tempDir } from "../integration/harness.js";
import { startNet, type TestNet } from "../integration/network-harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { click, closeBrowser, fill, launchBrowser, newPerson, waitText, type Person } from "./browser-harness.js";
import { addContact, createIdentity, go, importKey, myAddress, openChat, sendText, setLanguage, waitFinalMessage } from "./app-actions.js";
import { audit, critical } from "./axe.js";

let browser: Browser;
let net: TestNet;
let alice: Person;
let bob: Person;
let aliceAddr: string;
let bobAddr: string;

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  [net, browser] = await Promise.all([
    startNet(4, { blockTimeMs: 200, heartbeatMs: 0 }, 2, [], ["--app-dir", app.outDir]),
    launchBrowser(),
  ]);
}, 60_000);

afterAll(async () => {
  await closeBrowser();
  await cleanup();
});

const appUrl = (i: number): string => net.nodes[i]!.rpc + "/";

describe("two people chat and pay in the browser", () => {
  it("onboard (import a funded key / create a new identity) and add each other by address", async () => {
    alice = await newPerson(browser, appUrl(0), "en-US");
    bob = await newPerson(browser, appUrl(1), "zh-CN");
    await importKey(alice.page, net.chain.fundedKeys[0]!, "alice passphrase");
    await createIdentity(bob.page, "bob passphrase 1");
    // The language follows the browser: Bob's app is in Chinese, Alice's in English.
    expect(await waitText(bob.page, "[data-test=nav-chats]", (t) => t.length > 0)).toContain("聊天");
    expect(await waitText(alice.page, "[data-test=nav-chats]", (t) => t.length > 0)).toContain("Chats");
    aliceAddr = await myAddress(alice.page);
    bobAddr = await myAddress(bob.page);
    expect(aliceAddr).toBe(net.chain.funded[0]!.address);
    await addContact(alice.page, bobAddr, "Bob");
    await addContact(bob.page, aliceAddr, "Alice");
  });

  it("a message arrives live, counts as unread until read; a reply without funds is refused with the reason", async () => {
    await openChat(alice.page, bobAddr);
    await sendText(alice.page, "Hello Bob 👋");
    expect(await waitFinalMessage(alice.page, "Hello Bob")).toMatch(/Final at height \d+/);
    await go(bob.page, "#/chats");
    expect(await waitText(bob.page, "[data-test=conversation] [data-test=unread]", (t) => t === "1")).toBe("1");
    await openChat(bob.page, aliceAddr);
    expect(await waitFinalMessage(bob.page, "Hello Bob")).toMatch(/已在区块高度 \d+ 确认/);
    await go(bob.page, "#/chats");
    await bob.page.waitForFunction(`!document.querySelector("[data-test=conversation] [data-test=unread]")`, { timeout: 10_000 });
    await openChat(bob.page, aliceAddr);
    await sendText(bob.page, "你好");
    const refused = await waitText(bob.page, "[data-test=message][data-direction=out]", (t) => t.includes("未发送"));
    expect(refused).toContain("余额不足");
  });

  it("Alice pays Bob inside the chat; both see the amount and the height it became final", async () => {
    await click(alice.page, "[data-test=open-pay]");
    await fill(alice.page, "#pay-amount", "50000");
    await fill(alice.page, "#pay-note", "for your fees");
    await click(alice.page, "[data-test=pay-submit]");
    const mine = await waitFinalMessage(alice.page, "for your fees");
    expect(mine).toMatch(/You paid 50,000 PAR/);
    expect(mine).toMatch(/Final at height \d+/);
    const theirs = await waitFinalMessage(bob.page, "for your fees");
    expect(theirs).toMatch(/向你付款 50,000 PAR/);
  });

  it("they chat both ways in Chinese", async () => {
    await sendText(bob.page, "你好，Alice！收到了，谢谢。");
    await waitFinalMessage(bob.page, "收到了");
    expect(await waitFinalMessage(alice.page, "你好，Alice！收到了，谢谢。")).toMatch(/Final at height \d+/);
    await setLanguage(alice.page, "zh-CN");
    await sendText(alice.page, "不客气，我们用中文聊吧。");
    expect(await waitFinalMessage(alice.page, "不客气")).toMatch(/已在区块高度 \d+ 确认/);
    await waitFinalMessage(bob.page, "我们用中文聊吧");
    await setLanguage(alice.page, "en");
  });

  it("Bob requests a payment and Alice pays it with one click", async () => {
    await click(bob.page, "[data-test=open-request]");
    await fill(bob.page, "#request-amount", "1234");
    await fill(bob.page, "#request-note", "午饭");
    await click(bob.page, "[data-test=request-submit]");
    await waitText(alice.page, "[data-test=payment-request]", (t) => t.includes("1,234") && t.includes("午饭"));
    await click(alice.page, "[data-test=pay-request]");
    expect(await waitText(alice.page, "[data-test=request-paid]", (t) => /\d/.test(t), 30_000)).toMatch(/Paid \(final at height \d+\)/);
    expect(await waitText(bob.page, "[data-test=request-paid]", (t) => /\d/.test(t), 30_000)).toMatch(/已支付（在区块高度 \d+ 确认）/);
    expect(await waitText(bob.page, "[data-test=payment]", (t) => t.includes("1,234"))).toContain("向你付款");
  });

  it("the screens have no critical accessibility violation, in English and in Chinese", async () => {
    const screens = ["#/chats/" + bobAddr, "#/contacts", "#/settings"];
    for (const lang of ["en", "zh-CN"] as const) {
      await setLanguage(alice.page, lang);
      for (const hash of screens) {
        await go(alice.page, hash);
        await alice.page.waitForSelector("h1");
        const bad = critical(await audit(alice.page));
        expect(bad, `${lang} ${hash}: ${JSON.stringify(bad)}`).toEqual([]);
      }
    }
    await setLanguage(alice.page, "en");
  });

  it("nothing failed in either page: no console error, no exception, no CSP violation", () => {
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });
});
