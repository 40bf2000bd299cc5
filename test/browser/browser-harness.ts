// Headless Chromium for tests, with no download: the binary inside the npm package
// @sparticuz/chromium, driven by puppeteer-core, launched with our own flags (not the
// package's serverless defaults, which hide faults and break multiple contexts). Each
// browser context is one person (its own storage). Every page records console errors,
// uncaught exceptions and CSP violations so a test can assert there were none.
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";

export const CHROMIUM_FLAGS = [
  "--no-sandbox", "--no-zygote", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--headless",
];

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
}

let browser: Browser | null = null;
let pid: number | null = null;

/** `extraArgs`: more Chromium flags, e.g. a fake camera (--use-file-for-fake-video-capture). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  browser = await puppeteer.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs], defaultViewport: { width: 1200, height: 860 }, protocolTimeout: 60_000 });
  pid = browser.process()?.pid ?? null;
  return browser;
}

/** Closes the browser, and kills it by pid if it does not close in time. */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await Promise.race([b.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
  if (pid !== null) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
    pid = null;
  }
}

export async function newPerson(b: Browser, url: string, lang = "en-US"): Promise<Person> {
  const context = await b.createBrowserContext();
  const page = await context.newPage();
  const problems: string[] = [];
  await page.setExtraHTTPHeaders({ "Accept-Language": lang });
  // Runs in the page (a string: this file is compiled without DOM types).
  await page.evaluateOnNewDocument(`
    Object.defineProperty(navigator, "languages", { get: () => [${JSON.stringify(lang)}] });
    document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));
  `);
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  await page.goto(url, { waitUntil: "load" });
  return { context, page, problems };
}

/** The text of the first element matching `selector` once it satisfies `ok`, or a timeout naming both. */
export async function waitText(page: Page, selector: string, ok: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const texts = await page.$$eval(selector, (els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
    const hit = texts.find(ok);
    if (hit !== undefined) return hit;
    last = texts.join(" | ");
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting on ${selector}; last text: ${last.slice(0, 500)}`);
}

export async function click(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, { visible: true, timeout: 20_000 });
  await page.click(selector);
}

/** Replaces an input's value the way a person types it. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector, { visible: true, timeout: 20_000 });
  await page.click(selector, { count: 3 });
  await page.keyboard.press("Backspace");
  await page.type(selector, value);
}
