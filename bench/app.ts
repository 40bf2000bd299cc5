// The web app's budgets (docs/APP.md 7), measured in headless Chromium (the binary inside the
// npm package @sparticuz/chromium) against a real node on 127.0.0.1:
//   - first load (cold cache) until the first screen is usable: budget 1 s
//   - compressed JS + CSS as served: budget 300 KB
//   - opening a conversation of 10,000 messages (paged): budget 1 s
//   - decrypting 1,000 messages: budget 1 s
//   - a page load's header verification on a chain of --blocks headers: from genesis, resumed from
//     the headers the browser stored (a reload), and from a pinned checkpoint (a fresh browser)
//   npx tsc -p tsconfig.json && node dist/bench/app.js [--messages 10000] [--blocks 3000] [--json]
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp, browserCrypto } from "../src/node/app-build.js";
import { ParleyNode } from "../src/node/node.js";
import { parseGenesis } from "../src/chain/genesis.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { encodeKeyFile, newIdentity, type Identity } from "../src/client/keys.js";
import { feeFor } from "../src/client/tx-builder.js";
import { assembleTx, encodePayload, signingMessage } from "../src/chain/tx/codec.js";
import type { UnsignedTx } from "../src/chain/tx/types.js";
import { nativeSigner } from "../src/crypto/native.js";
import { chooseRecipientKey, sealDirect } from "../src/messaging/crypto/index.js";
import { HttpRpcClient } from "../src/client/rpc-client.js";
import { toHex, utf8 } from "../src/util/bytes.js";
import { closeBrowser, launchBrowser, newPerson } from "../test/browser/browser-harness.js";
import { importKey, openChat } from "../test/browser/app-actions.js";

const REPO = resolve(import.meta.dirname, "../..");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg("messages", 10_000);
const BLOCKS = arg("blocks", 3_000);
const DECRYPTS = 1_000;
const JSON_OUT = process.argv.includes("--json");
const log = (s: string): void => {
  if (!JSON_OUT) process.stdout.write(s + "\n");
};

// Below the pool's 1,000-per-sender cap: each wave goes into a block or two.
const WAVE = 900;

// Far enough for the whole fill, within the chain's maxExpiryWindow (86,400 blocks).
const EXPIRY = 80_000;

function signedMessages(from: Identity, to: Identity, chainId: string, count: number, startNonce: number): Uint8Array[] {
  const recipient = chooseRecipientKey(to.publicKey, null);
  const sign = nativeSigner(from.secretKey);
  const out: Uint8Array[] = [];
  let fee = 0n;
  for (let i = 0; i < count; i++) {
    const nonce = startNonce + i;
    // One envelope (no self copy): the reader is bob, and the fill should not take minutes.
    const sealed = sealDirect({ chainId, from: from.publicKey, to: to.publicKey, txNonce: nonce, ...recipient, plaintext: utf8(`message ${nonce}: 你好, the quick brown fox`) });
    const tx = { kind: "message", chainId, from: from.publicKey, nonce, fee, expiry: EXPIRY, body: { to: to.publicKey, envelope: sealed.envelope, amount: 0n, selfEnvelope: null } } as UnsignedTx;
    // Padded envelopes have one size, the fee field a fixed width: one fee (with room for longer nonces) fits all.
    if (fee === 0n) fee = tx.fee = feeFor(encodePayload(tx).length + 80, 1_000n, 1n);
    const payload = encodePayload(tx);
    out.push(assembleTx(tx, payload, sign(signingMessage(chainId, payload))).bytes);
  }
  return out;
}

async function fill(rpc: HttpRpcClient, from: Identity, to: Identity, chainId: string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += WAVE) {
    const n = Math.min(WAVE, count - sent);
    const txs = signedMessages(from, to, chainId, n, sent);
    const answers = await rpc.call<Array<{ error?: { data?: { reason?: string } } }>>("tx_sendBatch", [txs.map((b) => "0x" + toHex(b))]);
    const refused = answers.find((a) => a.error);
    if (refused) throw new Error(`the node refused a fill tx: ${refused.error?.data?.reason ?? JSON.stringify(refused.error)}`);
    for (let i = 0; i < 600; i++) {
      const a = await rpc.call<{ nonce: number }>("account_get", [from.address]);
      if (a.nonce >= sent + n) break;
      if (i === 599) throw new Error(`fill stalled at nonce ${a.nonce}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    log(`  ${sent + n} / ${count} messages final`);
  }
}

/** Bytes of a path as sent with one Accept-Encoding. */
function servedBytes(url: string, encoding: string): Promise<number> {
  return new Promise((res, rej) => {
    request(url, { headers: { "accept-encoding": encoding } }, (r) => {
      let n = 0;
      r.on("data", (c: Buffer) => (n += c.length));
      r.on("end", () => res(n));
    }).on("error", rej).end();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-app-"));
  const app = await buildApp(REPO, join(dir, "app"));
  const validator = newIdentity();
  const alice = newIdentity();
  const bob = newIdentity();
  const text = genesisJson("parley-bench-app", [validator], [{ address: alice.address, balance: 10n ** 15n }, { address: bob.address, balance: 10n ** 15n }], { blockTimeMs: 50, heartbeatMs: 20 });
  const genesis = parseGenesis(text);
  const node = await ParleyNode.start({ dataDir: join(dir, "node"), genesis, identity: validator, rpc: { port: 0 }, logLevel: "warn", app: { dir: app.outDir } });
  const bobKey = join(dir, "bob.key");
  writeFileSync(bobKey, encodeKeyFile(bob));
  const rpc = new HttpRpcClient(node.rpcUrl, 60_000);
  const result: Record<string, number> = {};
  try {
    log(`filling a conversation of ${MESSAGES} messages (alice -> bob)`);
    await fill(rpc, alice, bob, genesis.chainId, MESSAGES);

    // Sizes as a browser receives them.
    // What the first load fetches: the entry, the chunks it imports statically, the CSS (not the
    // QR decoder, loaded on the first scan).
    const assets = [app.js, ...app.chunks, app.css];
    result["bundle_raw_kb"] = Math.round(assets.reduce((s, a) => s + (app.sizes[a] ?? 0), 0) / 1024);
    result["bundle_br_kb"] = Math.round((await Promise.all(assets.map((a) => servedBytes(node.rpcUrl + a, "br")))).reduce((s, n) => s + n, 0) / 1024);
    result["bundle_gzip_kb"] = Math.round((await Promise.all(assets.map((a) => servedBytes(node.rpcUrl + a, "gzip")))).reduce((s, n) => s + n, 0) / 1024);

    const browser = await launchBrowser();
    // First load, cold: a new context has an empty cache.
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const p = await newPerson(browser, node.rpcUrl + "/");
      await p.page.waitForSelector("[data-test=onboard-submit]", { visible: true });
      loads.push(Date.now() - t0);
      await p.context.close();
    }
    result["first_load_ms"] = Math.min(...loads);
    result["first_load_worst_ms"] = Math.max(...loads);

    // The long conversation: bob's app, unlocked, opens the chat with alice.
    const b = await newPerson(browser, node.rpcUrl + "/");
    await importKey(b.page, bobKey, "bench passphrase");
    const last = `message ${MESSAGES - 1}:`;
    await b.page.waitForFunction(`document.querySelector("[data-test=conversation]")`, { timeout: 60_000 });
    const t0 = Date.now();
    await openChat(b.page, alice.address);
    await b.page.waitForFunction(`[...document.querySelectorAll("[data-test=message]")].some((m) => m.innerText.includes(${JSON.stringify(last)}))`, { timeout: 60_000 });
    result["open_conversation_ms"] = Date.now() - t0;
    result["rendered_messages"] = (await b.page.$$("[data-test=message]")).length;
    const t1 = Date.now();
    await b.page.click("[data-test=show-older]");
    await b.page.waitForFunction(`document.querySelectorAll("[data-test=message]").length > ${result["rendered_messages"]}`, { timeout: 60_000 });
    result["show_older_ms"] = Date.now() - t1;
    // From a locked app: passphrase, first pages, decrypting them, rendering the conversation.
    await b.page.evaluate(`location.hash = "#/settings"`);
    await b.page.click("[data-test=lock]");
    await b.page.waitForSelector("#unlock-pass");
    await b.page.type("#unlock-pass", "bench passphrase");
    await b.page.evaluate(`location.hash = ${JSON.stringify("#/chats/" + alice.address)}`);
    const t2 = Date.now();
    await b.page.click("[data-test=unlock-submit]");
    await b.page.waitForFunction(`[...document.querySelectorAll("[data-test=message]")].some((m) => m.innerText.includes(${JSON.stringify(last)}))`, { timeout: 60_000 });
    result["unlock_and_open_ms"] = Date.now() - t2;
    await b.context.close();

    // Heartbeat blocks (20 ms) until the chain is long enough for the load-time comparison.
    const grown = Date.now() + 600_000;
    while ((await rpc.call<{ height: number }>("chain_getHead")).height < BLOCKS && Date.now() < grown) await new Promise((r) => setTimeout(r, 500));
    // A page load's header verification (one validator: one signature per header), timed from
    // navigation until the page shows the head verified. From genesis (a browser's first load):
    const verifiedTo = (h: number): string => `Number((document.querySelector("[data-test=verified-height]")?.textContent ?? "").replace(/\\D/g, "")) >= ${h}`;
    const head = (await rpc.call<{ height: number }>("chain_getHead")).height;
    const t3 = Date.now();
    const hv = await newPerson(browser, node.rpcUrl + "/#/network");
    await hv.page.waitForFunction(verifiedTo(head), { timeout: 300_000 });
    result["verify_headers"] = head;
    result["verify_load_genesis_ms"] = Date.now() - t3;
    result["verify_headers_per_s"] = Math.round(head / ((Date.now() - t3) / 1000));
    // The same browser reloads: it resumes from the headers it stored in IndexedDB.
    const head2 = (await rpc.call<{ height: number }>("chain_getHead")).height;
    const t4 = Date.now();
    await hv.page.reload({ waitUntil: "load" });
    await hv.page.waitForFunction(`document.querySelector("[data-test=verified-from]")?.dataset.source === "stored" && ${verifiedTo(head2)}`, { timeout: 300_000 });
    result["verify_load_stored_ms"] = Date.now() - t4;
    await hv.context.close();
    // A fresh browser with the head pinned as checkpoint (?checkpoint=height:hash).
    const pin = await rpc.call<{ height: number; hash: string }>("chain_getBlock", [head2, "none"]);
    const head3 = (await rpc.call<{ height: number }>("chain_getHead")).height;
    const t5 = Date.now();
    const cp = await newPerson(browser, `${node.rpcUrl}/?checkpoint=${pin.height}:${pin.hash}#/network`);
    await cp.page.waitForFunction(`document.querySelector("[data-test=verified-from]")?.dataset.source === "checkpoint" && ${verifiedTo(head3)}`, { timeout: 300_000 });
    result["verify_load_checkpoint_ms"] = Date.now() - t5;
    await cp.context.close();

    // 1,000 decrypts in the page, with the app's own code (bundled the same way).
    // A page of the node's origin: a secure context (WebCrypto), as the app's own page is.
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(node.rpcUrl + "/health");
    const bundle = await build({ absWorkingDir: REPO, entryPoints: [join(REPO, "bench/app-decrypt.ts")], bundle: true, format: "iife", platform: "browser", write: false, minify: true, plugins: [browserCrypto] });
    await page.evaluate(bundle.outputFiles[0]!.text);
    const entries: unknown[] = [];
    for (let before: string | null = null; entries.length < DECRYPTS;) {
      const pageOf: { messages: unknown[]; older: string | null } = await rpc.call("msg_inbox", [bob.address, before ? { limit: 200, before } : { limit: 200 }]);
      entries.push(...pageOf.messages);
      before = pageOf.older;
      if (!before) break;
    }
    const run = (await page.evaluate(`parleyDecryptBench(${JSON.stringify(entries.slice(0, DECRYPTS))}, ${JSON.stringify(genesis.chainId)}, ${JSON.stringify(toHex(bob.secretKey))})`)) as { count: number; readable: number; fullMs: number; openMs: number; nobleOpenMs: number };
    result["decrypt_count"] = run.count;
    result["decrypt_readable"] = run.readable;
    result["decrypt_1000_full_ms"] = Math.round(run.fullMs);
    result["decrypt_1000_open_ms"] = Math.round(run.openMs);
    result["decrypt_1000_noble_open_ms"] = Math.round(run.nobleOpenMs);
  } finally {
    await closeBrowser();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const budgets: Array<[string, number, number]> = [
    ["first load (ms)", result["first_load_ms"]!, 1_000],
    ["JS+CSS brotli (KB)", result["bundle_br_kb"]!, 300],
    ["JS+CSS gzip (KB)", result["bundle_gzip_kb"]!, 300],
    [`open a ${MESSAGES}-message conversation (ms)`, result["open_conversation_ms"]!, 1_000],
    ["decrypt 1,000 messages, with signature checks (ms)", result["decrypt_1000_full_ms"]!, 1_000],
  ];
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify({ ...result, within_budget: budgets.every(([, v, max]) => v <= max) }) + "\n");
    return;
  }
  log("");
  for (const [name, v, max] of budgets) log(`${v <= max ? "ok  " : "OVER"}  ${name}: ${v} (budget ${max})`);
  log(`      also: worst first load ${result["first_load_worst_ms"]} ms, raw JS+CSS ${result["bundle_raw_kb"]} KB, ${result["rendered_messages"]} messages rendered of ${MESSAGES}, show older ${result["show_older_ms"]} ms,`);
  log(`      headers verified from genesis in the page: ${result["verify_headers"]} at ${result["verify_headers_per_s"]}/s`);
  log(`      load until the head is verified: from genesis ${result["verify_load_genesis_ms"]} ms, resumed from stored headers ${result["verify_load_stored_ms"]} ms, from a pinned checkpoint ${result["verify_load_checkpoint_ms"]} ms`);
  log(`            unlock (PBKDF2 600k) + first pages + decrypt + render ${result["unlock_and_open_ms"]} ms, envelope opening alone ${result["decrypt_1000_open_ms"]} ms per 1,000 (${result["decrypt_1000_noble_open_ms"]} ms without the native X25519 batch)`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
