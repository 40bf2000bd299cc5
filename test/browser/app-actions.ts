// What a person does in the app, as steps the browser tests share (selectors are data-test
// attributes, so the steps work whatever language the app shows).
import type { Page } from "puppeteer-core";
import { click, fill, waitText } from "./browser-harness.js";

/** Makes a new identity; returns the recovery phrase the app showed once. */
export async function createIdentity(page: Page, pass: string): Promise<string> {
  await click(page, "[data-test=tab-create]");
  await fill(page, "#onboard-pass", pass);
  await fill(page, "#onboard-confirm", pass);
  await click(page, "[data-test=onboard-submit]");
  // The recovery phrase is shown once, and the app opens only after the person confirms.
  const words = await waitText(page, "[data-test=recovery-phrase]", (t) => t.trim().split(/\s+/).length === 24, 30_000);
  await click(page, "[data-test=phrase-saved]");
  await click(page, "[data-test=phrase-continue]");
  await page.waitForSelector("[data-test=nav-chats]", { timeout: 30_000 });
  return words.trim().split(/\s+/).join(" ");
}

/** Brings an identity back from its 24 words. */
export async function recoverIdentity(page: Page, phrase: string, pass: string): Promise<void> {
  await click(page, "[data-test=tab-recover]");
  await fill(page, "[data-test=recover-phrase]", phrase);
  await fill(page, "#onboard-pass", pass);
  await fill(page, "#onboard-confirm", pass);
  await click(page, "[data-test=onboard-submit]");
  await page.waitForSelector("[data-test=nav-chats]", { timeout: 30_000 });
}

export async function importKey(page: Page, keyPath: string, pass: string): Promise<void> {
  await click(page, "[data-test=tab-import]");
  const input = await page.waitForSelector("[data-test=key-file]");
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(keyPath);
  await fill(page, "#onboard-pass", pass);
  await fill(page, "#onboard-confirm", pass);
  await click(page, "[data-test=onboard-submit]");
  await page.waitForSelector("[data-test=nav-chats]", { timeout: 30_000 });
}

/** Picks `path` in the file input `selector`, as a person chooses a file. */
export async function upload(page: Page, selector: string, path: string): Promise<void> {
  const input = await page.waitForSelector(selector);
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
}

export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

export async function myAddress(page: Page): Promise<string> {
  await go(page, "#/contacts");
  return waitText(page, "[data-test=my-address]", (t) => t.startsWith("parley1"));
}

export async function addContact(page: Page, address: string, name: string): Promise<void> {
  await go(page, "#/contacts");
  await fill(page, "[data-test=contact-address]", address);
  await fill(page, "[data-test=contact-name]", name);
  await click(page, "[data-test=contact-add]");
  await waitText(page, "[data-test=contact]", (t) => t.includes(name));
}

export async function openChat(page: Page, address: string): Promise<void> {
  await go(page, `#/chats/${address}`);
  await page.waitForSelector("[data-test=composer]");
}

export async function sendText(page: Page, text: string): Promise<void> {
  await fill(page, "[data-test=composer]", text);
  await page.keyboard.press("Enter");
}

/** The message bubble whose text includes `text`, once it is final (its height shown). */
export async function waitFinalMessage(page: Page, text: string, timeoutMs = 30_000): Promise<string> {
  return waitText(page, "[data-test=message]:has([data-status=final])", (t) => t.includes(text), timeoutMs);
}

export async function setLanguage(page: Page, lang: "en" | "zh-CN"): Promise<void> {
  await page.select("header [data-test=lang]", lang);
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}
