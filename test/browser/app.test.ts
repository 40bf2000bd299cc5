// The web app end to end in headless Chromium on a 4-validator devnet of node processes. Two
// browser contexts are two people (each its own storage, so its own vault). What they rely
// on: onboarding, finding each other, chatting both ways in English and in Chinese, paying in
// chat and paying a request with one click, each payment shown with its amount and final
// height; adding a contact from their QR code (an uploaded picture or the camera) and nothing
// else; a red packet sent in chat and claimed with one click, in the native token and in an
// asset picked by symbol and issuer; a bounty whose answerer is frozen in its asset shown as
// refunded with the reason; every amount in an asset named with its issuer (the wallet's picker,
// sent list and history, the chat), by @name where the issuer has one; a refusal in a dialog
// that follows a change of language; a chat that fits a laptop's and a phone's window with the
// composer whole; and that the screens pass an accessibility audit with no critical violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import type { Browser } from "puppeteer-core";
import { cleanup, REPO, tempDir, waitFor } from "../integration/harness.js";
import { startNet, type TestNet } from "../integration/network-harness.js";
import { buildApp } from "../../src/node/app-build.js";
import { click, closeBrowser, fill, launchBrowser, newPerson, waitText, type Person } from "./browser-harness.js";
import { addContact, createIdentity, recoverIdentity, upload, go, importKey, myAddress, openChat, sendText, setLanguage, waitFinalMessage } from "./app-actions.js";
import { audit, critical } from "./axe.js";
import { startLyingNode, type AppLie, type LyingNode } from "../integration/lying-node.js";
import { ChatClient } from "../../src/client/chat.js";
import { formatAddress, parseAddress } from "../../src/chain/address.js";
import { ActionsClient } from "../../src/client/actions.js";
import { bountyOffer, hashTimeLock, inAsset } from "../../src/client/action-bodies.js";
import { formatDecimalAmount } from "../../src/util/amount.js";
import { formatContactUri } from "../../src/app/state/contact-uri.js";
import { writeQrGif, writeQrY4m } from "./qr-images.js";
import { decryptKeyFile, identityFromPhrase } from "../../src/client/keys.js";
import { fromHex, toHex } from "../../src/util/bytes.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { assetIdOf } from "../../src/chain/assets/records.js";

let browser: Browser;
let net: TestNet;
let alice: Person;
let bob: Person;
let aliceAddr: string;
let bobAddr: string;
/** The 24 words Bob's app showed him once. */
let bobPhrase: string;
let liar: LyingNode;
// Whom the fake camera shows: a contact code the test made (any valid address will do).
const cameraContact = { address: formatAddress(new Uint8Array(32).fill(9)), name: "Camera Carol" };

beforeAll(async () => {
  const app = await buildApp(REPO, join(tempDir("parley-app-"), "app"));
  const video = join(tempDir("parley-camera-"), "contact.y4m");
  writeQrY4m(formatContactUri(cameraContact), video);
  // A camera that plays the video, allowed without a prompt.
  const camera = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`];
  [net, browser] = await Promise.all([
    // 3 decimals: what people type and read ("2,000 PAR") is 1,000 times the base units the chain moves.
    startNet(4, { blockTimeMs: 200, heartbeatMs: 0, nativeDecimals: 3 }, 2, [], ["--app-dir", app.outDir], true),
    launchBrowser(camera),
  ]);
  liar = await startLyingNode(net.nodes[2]!.rpc, [net.nodes[3]!.rpc]);
}, 60_000);

afterAll(async () => {
  await liar?.stop();
  await closeBrowser();
  await cleanup();
});

const appUrl = (i: number): string => net.nodes[i]!.rpc + "/";

/** Run in the page on a chat: whether the page scrolls, which composer controls are not wholly in the window, whether the newest message is out of view. */
const CHAT_FITS = `(() => {
  const inWindow = (r) => r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  const controls = [document.querySelector("#composer-text"), ...document.querySelectorAll(".composer-actions button, .composer-actions label")];
  const list = document.querySelector("[data-test=messages]").getBoundingClientRect();
  const last = [...document.querySelectorAll("[data-test=message]")].pop().getBoundingClientRect();
  return {
    pageScrolls: document.documentElement.scrollHeight > innerHeight + 1,
    composerCut: controls.filter((e) => !inWindow(e.getBoundingClientRect())).map((e) => e.textContent || e.id),
    lastMessageHidden: last.bottom > list.bottom + 2 || last.bottom < list.top,
  };
})()`;

describe("two people chat and pay in the browser", () => {
  it("onboard (import a funded key / create a new identity); Bob adds Alice by address, Alice adds Bob from a picture of his QR code", async () => {
    alice = await newPerson(browser, appUrl(0), "en-US");
    bob = await newPerson(browser, appUrl(1), "zh-CN");
    await importKey(alice.page, net.chain.fundedKeys[0]!, "alice passphrase");
    bobPhrase = await createIdentity(bob.page, "bob passphrase 1");
    // The language follows the browser: Bob's app is in Chinese, Alice's in English.
    expect(await waitText(bob.page, "[data-test=nav-chats]", (t) => t.length > 0)).toContain("聊天");
    expect(await waitText(alice.page, "[data-test=nav-chats]", (t) => t.length > 0)).toContain("Chats");
    aliceAddr = await myAddress(alice.page);
    bobAddr = await myAddress(bob.page);
    expect(aliceAddr).toBe(net.chain.funded[0]!.address);
    // The words the app showed derive Bob's key, exactly as `parley keys recover` derives it.
    expect(identityFromPhrase(bobPhrase).address).toBe(bobAddr);
    await addContact(bob.page, aliceAddr, "Alice");
    // Bob puts his name in his code; a screenshot of the code the app draws is what Alice picks.
    await fill(bob.page, "[data-test=my-name]", "Bob 李");
    const dir = tempDir();
    const picture = join(dir, "bob-qr.png");
    await bob.page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    await (await bob.page.waitForSelector("svg.qr"))!.screenshot({ path: picture });
    await go(alice.page, "#/contacts");
    await upload(alice.page, "[data-test=scan-file]", picture);
    expect(await waitText(alice.page, "[data-test=scan-added]", (t) => t.length > 0)).toBe("Added Bob 李 to your contacts.");
    expect(await waitText(alice.page, "[data-test=contact]", (t) => t.includes("Bob 李"))).toContain(bobAddr.slice(0, 14));
    // A QR code that is not a Parley contact code is refused, and nothing is added.
    const link = join(dir, "link-qr.gif");
    writeQrGif("https://example.com/parley1-not-an-address", link);
    await upload(alice.page, "[data-test=scan-file]", link);
    expect(await waitText(alice.page, "[data-test=scan-error]", (t) => t.length > 0)).toBe("That QR code is not a Parley contact code (it must hold a parley1… address).");
    expect(await alice.page.$$eval("[data-test=contact]", (els) => els.length)).toBe(1);
  });

  it("Alice adds a contact with the camera: the code in view becomes a contact", async () => {
    await click(alice.page, "[data-test=scan-camera]");
    expect(await waitText(alice.page, "[data-test=scan-added]", (t) => t.includes("Camera Carol"), 30_000)).toBe("Added Camera Carol to your contacts.");
    expect(await waitText(alice.page, "[data-test=contact]", (t) => t.includes("Camera Carol"))).toBeTruthy();
    // The dialog closed by itself once the code was read.
    await alice.page.waitForFunction(`!document.querySelector("[data-test=scan-camera-dialog]").open`, { timeout: 10_000 });
  });

  it("a message arrives live, counts as unread until read; a reply without funds is refused with the reason", async () => {
    await openChat(alice.page, bobAddr);
    await sendText(alice.page, "Hello Bob 👋");
    expect(await waitFinalMessage(alice.page, "Hello Bob")).toMatch(/Final at height \d+/);
    // Checked in the browser against a tx inclusion proof under a certified header.
    expect(await waitText(alice.page, "[data-test=message]", (t) => t.includes("Hello Bob") && t.includes("Verified"))).toContain("Verified");
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
    // A bad amount is refused in the dialog, and the refusal on screen follows a change of language.
    await fill(alice.page, "#pay-amount", "1.2.3");
    await click(alice.page, "[data-test=pay-submit]");
    expect(await waitText(alice.page, "[data-test=pay] .error", (t) => t.length > 0)).toBe("Enter a whole number greater than 0.");
    await setLanguage(alice.page, "zh-CN");
    expect(await waitText(alice.page, "[data-test=pay] .error", (t) => !t.startsWith("Enter"), 5_000)).toBe("请输入大于 0 的整数。");
    await setLanguage(alice.page, "en");
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

  it("Alice sends Bob a red packet in chat, Bob claims it with one click; both see it claimed, and Bob's balance rises by it", async () => {
    const account = async (): Promise<{ balance: string; height: number }> => (await net.rpc(0).call("account_get", [bobAddr])) as { balance: string; height: number };
    const before = await account();
    // From the keyboard: the composer's button opens the dialog with Enter.
    await alice.page.focus("[data-test=open-red-packet]");
    await alice.page.keyboard.press("Enter");
    await alice.page.waitForSelector("#red-packet-amount", { visible: true });
    expect(critical(await audit(alice.page))).toEqual([]);
    await fill(alice.page, "#red-packet-amount", "2000");
    await click(alice.page, "[data-test=red-packet-submit]");
    const card = "[data-test=message] [data-test=action-card][data-kind=redPacket]";
    const sent = await waitText(alice.page, card, (t) => t.includes("Waiting to be claimed"), 30_000);
    expect(sent).toContain("2,000 PAR");
    expect(sent).toMatch(/Final at height \d+/);
    // Alice has nothing to claim in her own packet; Bob has one button.
    expect(await alice.page.$(`${card} [data-test=claim-red-packet]`)).toBeNull();
    expect(await waitText(bob.page, card, (t) => t.includes("等待领取"), 30_000)).toContain("2,000 PAR");
    expect(critical(await audit(bob.page))).toEqual([]);
    await click(bob.page, `${card} [data-test=claim-red-packet]`);
    expect(await waitText(bob.page, card, (t) => t.includes("你领到了"), 30_000)).toMatch(/已领取[\s\S]*2,000 PAR/);
    const claimed = await waitText(alice.page, card, (t) => t.includes("Claimed by Bob 李"), 30_000);
    expect(claimed).toMatch(/Final at height \d+ · last changed at height \d+/);
    expect(await bob.page.$(`${card} [data-test=claim-red-packet]`)).toBeNull();
    // The chat fits the window with the composer whole and the newest message in view, at a
    // laptop's 1180×760 and a phone's 390×844 (the page itself does not scroll).
    for (const [width, height] of [[1180, 760], [390, 844]] as const) {
      await alice.page.setViewport({ width, height });
      await new Promise((r) => setTimeout(r, 200));
      expect(await alice.page.evaluate(CHAT_FITS), `${width}×${height}`).toEqual({ pageScrolls: false, composerCut: [], lastMessageHidden: false });
    }
    await alice.page.setViewport({ width: 1200, height: 860 });
    // On chain: Bob's balance rose by the packet, less the fee of his claim (his only tx since).
    const after = await waitFor("Bob's balance after the claim", async () => {
      const a = await account();
      return a.balance !== before.balance ? a : undefined;
    });
    const history = (await net.rpc(0).call("account_history", [bobAddr])) as { txs: Array<{ from: string; fee: string; kind: string; height: number }> };
    const mine = history.txs.filter((tx) => tx.from === bobAddr && tx.height > before.height);
    expect(mine.map((tx) => tx.kind)).toEqual(["redpacket"]);
    expect(BigInt(after.balance) - BigInt(before.balance)).toBe(2_000_000n - BigInt(mine[0]!.fee));
  });

  it("Alice sends Bob a red packet in an asset she holds, picked by symbol and issuer; bad amounts are refused with the reason; Bob claims it, exact to the base unit", async () => {
    // A shop (another funded account) issues PTS (2 decimals) and STAR points (not transferable)
    // and gives Alice 50.00 PTS and 10 STAR.
    const shop = net.chain.funded[1]!;
    const sdk = new ParleyClient(net.nodes[0]!.rpc);
    const create = async (symbol: string, decimals: number, flags: number): Promise<string> => {
      const made = await sdk.submit(shop, "asset", { op: "create", symbol, name: `${symbol} of the tea shop`, decimals, initial: 100_000n, maxSupply: null, metaHash: null, flags });
      return "0x" + toHex(assetIdOf(shop.publicKey, fromHex(made.id)!));
    };
    const [pts, star] = [await create("PTS", 2, 1), await create("STAR", 0, 0)];
    await sdk.submit(shop, "asset", { op: "transfer", asset: fromHex(pts)!, to: parseAddress(aliceAddr)!, amount: 5_000n });
    await sdk.submit(shop, "asset", { op: "transfer", asset: fromHex(star)!, to: parseAddress(aliceAddr)!, amount: 10n });
    const held = async (who: string, asset: string): Promise<bigint> => BigInt((await net.rpc(0).call<{ balance: string }>("asset_balance", [who, asset])).balance);

    await click(alice.page, "[data-test=open-red-packet]");
    await alice.page.waitForSelector("#red-packet-amount", { visible: true });
    // The wallet re-reads the holdings every few seconds: both assets come into the picker.
    await alice.page.waitForFunction(`document.querySelectorAll("#red-packet-asset option").length === 3`, { timeout: 20_000 });
    const labels = await alice.page.$$eval("#red-packet-asset option", (os) => os.map((o) => o.textContent ?? ""));
    const issuer = `issued by ${shop.address.slice(0, 12)}…${shop.address.slice(-6)}`;
    expect(labels).toEqual(expect.arrayContaining([`PTS · ${issuer} (50)`, `STAR · ${issuer} (10)`]));
    expect(critical(await audit(alice.page))).toEqual([]);
    const refusal = async (asset: string, amount: string): Promise<string> => {
      await alice.page.select("#red-packet-asset", asset);
      await fill(alice.page, "#red-packet-amount", amount);
      await click(alice.page, "[data-test=red-packet-submit]");
      return waitText(alice.page, "[data-test=red-packet] .error", (t) => t.length > 0);
    };
    expect(await refusal(pts, "1.234")).toBe("PTS has 2 decimal places; this amount has more.");
    expect(await refusal(pts, "50.01")).toBe("You hold 50 PTS; the red packet needs 50.01 PTS.");
    expect(await refusal(star, "1")).toBe("STAR cannot be traded (points): only its admin can put it in a red packet.");
    // A refusal on screen follows a change of language.
    await setLanguage(alice.page, "zh-CN");
    expect(await waitText(alice.page, "[data-test=red-packet] .error", (t) => !t.startsWith("STAR cannot"), 5_000)).toBe("STAR 不可转让（积分）：只有其管理者能用它发红包。");
    await setLanguage(alice.page, "en");
    // Nothing was sent for any of them.
    expect(await held(aliceAddr, pts)).toBe(5_000n);

    await alice.page.select("#red-packet-asset", pts);
    await fill(alice.page, "#red-packet-amount", "12.34");
    await click(alice.page, "[data-test=red-packet-submit]");
    const card = "[data-test=message] [data-test=action-card][data-kind=redPacket]";
    const sent = await waitText(alice.page, card, (t) => t.includes("12.34 PTS") && t.includes("Waiting to be claimed"), 30_000);
    expect(sent).toContain(`PTS · ${issuer}`);
    const id = await alice.page.$$eval(card, (els) => els.map((e) => [e.getAttribute("data-id"), (e as unknown as { innerText: string }).innerText] as const).find(([, text]) => text.includes("12.34 PTS"))![0]);
    const mine = `[data-test=action-card][data-id="${id}"]`;
    expect(await waitText(bob.page, mine, (t) => t.includes("等待领取"), 30_000)).toContain("12.34 PTS");
    await click(bob.page, `${mine} [data-test=claim-red-packet]`);
    expect(await waitText(bob.page, mine, (t) => t.includes("你领到了"), 30_000)).toMatch(/你领到了[\s\S]*12.34 PTS/);
    await waitText(alice.page, mine, (t) => t.includes("Claimed by Bob 李"), 30_000);
    // On chain, to the base unit: 12.34 PTS is 1,234 units, out of Alice's holding into Bob's.
    expect([await held(aliceAddr, pts), await held(bobAddr, pts), await held(shop.address, pts)]).toEqual([5_000n - 1_234n, 1_234n, 95_000n]);
    expect(await held(aliceAddr, star)).toBe(10n);
  });

  it("an escrow Alice made outside the app shows in the chat with its condition and timeout; Bob releases it with the secret", async () => {
    const secret = randomBytes(32);
    const sdk = new ActionsClient(net.nodes[0]!.rpc);
    const timeout = (await sdk.height()) + 10_000;
    const made = await sdk.submit(net.chain.funded[0]!, "escrow", hashTimeLock({ to: bobAddr, refundTo: aliceAddr, amount: 321n, hashlock: createHash("sha256").update(secret).digest(), timeoutHeight: timeout }));
    const card = `[data-test=actions-with] [data-test=action-card][data-id="${made.id}"]`;
    const shown = await waitText(alice.page, card, (t) => t.includes("Held until"), 30_000);
    expect(shown).toContain("0.321 PAR");
    expect(shown).toContain(`the secret is revealed and before height ${timeout}`);
    expect(shown).toMatch(new RegExp(`Timeout\\s+height ${timeout}`));
    expect(shown).toMatch(new RegExp(`Final at height ${made.height}`));
    // Only Bob, whom it pays, is offered the release; Alice (the refund side) has no button before the timeout.
    expect(await alice.page.$(`${card} button`)).toBeNull();
    await waitText(bob.page, card, (t) => t.includes("托管中"), 30_000);
    expect(critical(await audit(bob.page))).toEqual([]);
    await fill(bob.page, `${card} [data-test=escrow-preimage]`, "0x" + secret.toString("hex"));
    await click(bob.page, `${card} [data-test=escrow-release]`);
    expect(await waitText(bob.page, card, (t) => t.includes("已释放给"), 30_000)).toMatch(/最近在区块高度 \d+ 变更/);
    expect(await waitText(alice.page, card, (t) => t.includes("Released to Bob 李"), 30_000)).toMatch(/last changed at height \d+/);
  });

  it("a bounty in an asset answered by Bob while he is frozen in it: both see it refunded to Alice, and why, not paid", async () => {
    // The shop issues TEA (freezable) and gives Alice 1.00 TEA; Alice offers it for Bob's reply.
    const shop = net.chain.funded[1]!;
    const sdk = new ActionsClient(net.nodes[0]!.rpc);
    const made = await sdk.client.submit(shop, "asset", { op: "create", symbol: "TEA", name: "Tea shop tokens", decimals: 2, initial: 10_000n, maxSupply: null, metaHash: null, flags: 1 | 4 });
    const tea = assetIdOf(shop.publicKey, fromHex(made.id)!);
    await sdk.client.submit(shop, "asset", { op: "transfer", asset: tea, to: parseAddress(aliceAddr)!, amount: 100n });
    const offer = await sdk.submit(net.chain.funded[0]!, "bounty", inAsset(bountyOffer({ amount: 100n, replyTo: aliceAddr, answerer: bobAddr, deadlineHeight: (await sdk.height()) + 10_000 }), tea));
    await sdk.client.submit(shop, "asset", { op: "freeze", asset: tea, holder: parseAddress(bobAddr)! });
    const card = `[data-test=action-card][data-id="${offer.id}"]`;
    await openChat(alice.page, bobAddr);
    await waitText(alice.page, card, (t) => t.includes("Paid to the first reply from Bob 李"), 15_000);
    await openChat(bob.page, aliceAddr);
    await sendText(bob.page, "answer while frozen");
    const state = `${card} [data-test=action-state][data-reason=ANSWERER_FROZEN]`;
    expect(await waitText(alice.page, state, (t) => t.length > 0, 15_000)).toBe("Answered by Bob 李, who is frozen in this asset: refunded to the owner");
    expect(await waitText(bob.page, state, (t) => t.length > 0, 15_000)).toContain("已被冻结");
    expect(await alice.page.$eval(state, (e) => e.getAttribute("data-status"))).toBe("refunded");
    // On chain: nothing reached Bob; Alice has her 1.00 TEA back.
    const held = async (who: string): Promise<string> => (await net.rpc(0).call<{ balance: string }>("asset_balance", [who, "0x" + toHex(tea)])).balance;
    expect([await held(bobAddr), await held(aliceAddr)]).toEqual(["0", "100"]);
  }, 30_000);

});

describe("channels, wallet, anchors and the network page", () => {
  let channel: string;

  it("Alice creates a channel with Bob and both post in it", async () => {
    await go(alice.page, "#/channels");
    await fill(alice.page, "[data-test=channel-name]", "Team 团队");
    await fill(alice.page, "[data-test=channel-members]", bobAddr);
    await click(alice.page, "[data-test=channel-create]");
    await alice.page.waitForFunction(`/^#\\/channels\\/0x[0-9a-f]{64}$/.test(location.hash)`, { timeout: 30_000 });
    channel = (await alice.page.evaluate("location.hash")) as string;
    await waitText(alice.page, "[data-test=channel-entry]", (t) => t.includes("Team 团队"));
    // Bob hears of it through his address subscription.
    await go(bob.page, "#/channels");
    await click(bob.page, "[data-test=channel-link]");
    await waitText(bob.page, "[data-test=channel-entry]", (t) => t.includes("Team 团队"));
    await fill(bob.page, "[data-test=channel-post]", "大家好！");
    await click(bob.page, "[data-test=channel-post-send]");
    await waitText(alice.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("大家好！"));
  });

  it("Alice removes Bob: the app says a removed member cannot read new posts, and Bob cannot read the next one", async () => {
    await click(alice.page, "[data-test=member-remove]");
    expect(await waitText(alice.page, "[data-test=remove-dialog]", (t) => t.length > 0)).toContain("cannot read posts made after this");
    await click(alice.page, "[data-test=remove-confirm]");
    expect(await waitText(alice.page, "[data-test=channel-entry][data-kind=remove]", (t) => t.length > 0, 30_000)).toContain("Removed members cannot read posts made after this.");
    await waitText(alice.page, "[data-test=channel-members]", (t) => !t.includes("Bob"));
    await fill(alice.page, "[data-test=channel-post]", "only for those who stayed");
    await click(alice.page, "[data-test=channel-post-send]");
    // Two txs in a row (the new epoch's key wraps, then the post): 20 s was too short once under load.
    await waitText(alice.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("only for those who stayed"), 45_000);
    const unreadable = await waitText(bob.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("无法读取"), 30_000);
    expect(unreadable).not.toContain("only for those who stayed");
    expect(await waitText(bob.page, "[data-test=channel-entry][data-kind=post]", (t) => t.includes("大家好"))).toContain("大家好！");
    await bob.page.waitForSelector("[data-test=not-member]", { timeout: 10_000 });
    void channel;
  }, 150_000);

  it("the wallet shows the balance, sends a payment with its final height, and lists it in the history", async () => {
    await go(alice.page, "#/wallet");
    await alice.page.waitForSelector("[data-test=balance][data-proof=verified]", { timeout: 20_000 });
    await fill(alice.page, "[data-test=send-to]", bobAddr);
    await fill(alice.page, "[data-test=send-amount]", "777");
    await click(alice.page, "[data-test=send-submit]");
    expect(await waitText(alice.page, "[data-test=payment-row]", (t) => /Final at height \d+/.test(t), 30_000)).toContain("777");
    await waitText(alice.page, "[data-test=history-row]", (t) => t.includes("777"));
    await go(bob.page, "#/wallet");
    await waitText(bob.page, "[data-test=history-row]", (t) => t.includes("777") && t.includes("收到"));
    // In an asset: the picker names each by symbol and issuer (symbols are not unique), and so do
    // the sent list, both histories and the payment in the chat.
    const shop = net.chain.funded[1]!.address;
    const issuer = `issued by ${shop.slice(0, 12)}…${shop.slice(-6)}`;
    const labels = await alice.page.$$eval("[data-test=send-asset] option", (os) => os.map((o) => o.textContent ?? ""));
    expect(labels).toEqual(expect.arrayContaining([`PTS · ${issuer}`, `STAR · ${issuer}`]));
    const pts = await alice.page.$$eval("[data-test=send-asset] option", (os) => os.find((o) => o.textContent?.startsWith("PTS"))!.getAttribute("value")!);
    await fill(alice.page, "[data-test=send-to]", bobAddr);
    await alice.page.select("[data-test=send-asset]", pts);
    await fill(alice.page, "[data-test=send-amount]", "1.5");
    await click(alice.page, "[data-test=send-submit]");
    expect(await waitText(alice.page, "[data-test=payment-row]", (t) => t.includes("PTS") && /Final at height \d+/.test(t), 30_000)).toContain(`1.5 PTS · ${issuer}`);
    expect(await waitText(alice.page, "[data-test=history-row]", (t) => t.includes("1.5 PTS"))).toContain(`1.5 PTS · ${issuer}`);
    // Bob's history is read when his wallet opens.
    await go(bob.page, "#/contacts");
    await go(bob.page, "#/wallet");
    expect(await waitText(bob.page, "[data-test=history-row]", (t) => t.includes("1.5 PTS"))).toContain(`1.5 PTS · 发行方 ${shop.slice(0, 12)}`);
    await openChat(alice.page, bobAddr);
    expect(await waitText(alice.page, "[data-test=payment]", (t) => t.includes("1.5 PTS"))).toBe(`You paid 1.5 PTS · ${issuer}`);
  });

  it("Alice registers a name in the app; Bob starts a chat and pays with @name; an unknown name is refused", async () => {
    await go(alice.page, "#/contacts");
    await fill(alice.page, "[data-test=name-input]", "Alice-App");
    await click(alice.page, "[data-test=name-submit]");
    expect(await waitText(alice.page, "[data-test=name-done]", (t) => t.length > 0, 30_000)).toContain("@alice-app");
    expect(await waitText(alice.page, "[data-test=my-chain-name]", (t) => t.startsWith("@"))).toBe("@alice-app");
    await go(bob.page, "#/chats");
    await fill(bob.page, "[data-test=new-chat-address]", "@nobody-has-this");
    await click(bob.page, "[data-test=new-chat-start]");
    expect(await waitText(bob.page, ".new-chat", (t) => t.includes("没有这个名称"))).toContain("没有这个名称");
    await fill(bob.page, "[data-test=new-chat-address]", "@alice-app");
    await click(bob.page, "[data-test=new-chat-start]");
    await bob.page.waitForFunction(`location.hash === "#/chats/${aliceAddr}"`, { timeout: 10_000 });
    await go(bob.page, "#/wallet");
    await fill(bob.page, "[data-test=send-to]", "@alice-app");
    await fill(bob.page, "[data-test=send-amount]", "12");
    await click(bob.page, "[data-test=send-submit]");
    expect(await waitText(bob.page, "[data-test=payment-row]", (t) => /\d+/.test(t) && t.includes("12"), 30_000)).toContain("Alice");
    // An asset Alice issues is named by her primary name, not her address.
    const sdk = new ParleyClient(net.nodes[0]!.rpc);
    const made = await sdk.submit(net.chain.funded[0]!, "asset", { op: "create", symbol: "GEM", name: "Alice's gems", decimals: 0, initial: 5n, maxSupply: null, metaHash: null, flags: 1 });
    await go(alice.page, "#/wallet");
    expect(await waitText(alice.page, "[data-test=asset-row]", (t) => t.startsWith("5 GEM"), 20_000)).toBe("5 GEM issued by @alice-app");
    // Given away entirely, it is no longer a holding: its history row still reads in GEM with its issuer (asset_get).
    await sdk.submit(net.chain.funded[0]!, "asset", { op: "transfer", asset: assetIdOf(net.chain.funded[0]!.publicKey, fromHex(made.id)!), to: parseAddress(bobAddr)!, amount: 5n });
    await alice.page.waitForFunction(`![...document.querySelectorAll("[data-test=asset-row]")].some((e) => e.innerText.includes("GEM"))`, { timeout: 20_000 });
    await go(alice.page, "#/contacts");
    await go(alice.page, "#/wallet");
    expect(await waitText(alice.page, "[data-test=history-row]", (t) => t.includes("GEM"))).toContain("5 GEM · issued by @alice-app");
  });

  it("Bob anchors a file hashed in his browser; its certificate page shows who and when, and checks a file", async () => {
    const file = join(tempDir(), "poem.txt");
    writeFileSync(file, "静夜思 — 床前明月光，疑是地上霜。\n");
    const hash = "0x" + createHash("sha256").update(readFileSync(file)).digest("hex");
    await go(bob.page, "#/anchors");
    const input = await bob.page.waitForSelector("[data-test=anchor-file]");
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    expect(await waitText(bob.page, "[data-test=file-hash]", (t) => t.includes("0x"))).toContain(hash);
    await click(bob.page, "[data-test=anchor-submit]");
    await waitText(bob.page, "[data-test=anchor-facts]", (t) => t.includes(bobAddr), 30_000);
    await go(alice.page, `#/anchors/${hash}`);
    expect(await waitText(alice.page, "[data-test=anchor-facts]", (t) => t.includes(bobAddr))).toContain("poem.txt");
    const check = await alice.page.waitForSelector("[data-test=anchor-file]");
    await (check as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    expect(await waitText(alice.page, "[data-test=cert-check]", (t) => t.length > 0)).toBe("The file matches this certificate.");
  });

  it("the network page shows height, the four validators, peers, mempool and consensus", async () => {
    await go(alice.page, "#/network");
    expect(Number((await waitText(alice.page, "[data-test=net-height]", (t) => Number(t.replace(/,/g, "")) > 0)).replace(/,/g, ""))).toBeGreaterThan(0);
    const validators = await waitText(alice.page, "[data-test=net-validators]", (t) => t.length > 0);
    for (const v of net.chain.validators) expect(validators).toContain(v.address);
    expect(await waitText(alice.page, "[data-test=net-peers]", (t) => t === "3")).toBe("3");
    expect(await waitText(alice.page, "[data-test=net-mempool]", (t) => t.length > 0)).toMatch(/transactions/);
    expect(await waitText(alice.page, "[data-test=net-consensus]", (t) => t.length > 0)).toMatch(/Round/);
  });
});

describe("a lying node is caught in the browser", () => {
  // Node 2 behind a proxy that lies; node 3 is the witness the app cross-checks with.
  async function viaLiar(lie: AppLie, lang = "en-US"): Promise<Person> {
    liar.mode = lie;
    return newPerson(browser, liar.url + "/", lang);
  }

  async function report(p: Person, reason: string): Promise<string> {
    return waitText(p.page, `[data-test=verify-report][data-reason=${reason}]`, (t) => t.includes(liar.url), 30_000);
  }

  it("a forged certificate: the headers are refused and the node named, before anyone unlocks", async () => {
    const dave = await viaLiar("certificate");
    expect(await report(dave, "BAD_COMMIT")).toContain("a forged commit certificate");
    await dave.context.close();
  });

  it("a changed balance: the state proof fails, the proven balance is shown and the lie reported", async () => {
    const carol = await viaLiar("balance");
    await importKey(carol.page, net.chain.fundedKeys[1]!, "carol passphrase");
    await go(carol.page, "#/wallet");
    await report(carol, "BAD_STATE_PROOF");
    const truth = BigInt(((await net.rpc(3).call("account_get", [net.chain.funded[1]!.address])) as { balance: string }).balance);
    await carol.page.waitForSelector("[data-test=balance][data-proof=refused]", { timeout: 20_000 });
    const shown = await waitText(carol.page, "[data-test=balance]", (t) => t.length > 0);
    // In whole tokens (3 decimals here): the proven base units, shown as the person reads them.
    expect(shown.replace(/,/g, "")).toContain(formatDecimalAmount(truth, { decimals: 3 }) + " PAR");
    expect(await waitText(carol.page, "[data-test=balance-note]", (t) => t.length > 0)).toMatch(/The node said .* Showing the proven balance/);
    await carol.context.close();
  });

  it("a dropped message: the witness proves it inside the page the node claimed complete; it is shown and the lie reported", async () => {
    const sent = await new ChatClient(net.nodes[0]!.rpc).sendMessage(net.chain.funded[0]!, net.chain.funded[1]!.address, "the message a liar drops");
    liar.dropId = sent.id;
    const carol = await viaLiar("drop", "zh-CN");
    await importKey(carol.page, net.chain.fundedKeys[1]!, "carol passphrase");
    expect(await report(carol, "BAD_PAGE")).toContain("漏掉了另一节点已证明的消息");
    await openChat(carol.page, net.chain.funded[0]!.address);
    expect(await waitFinalMessage(carol.page, "the message a liar drops")).toMatch(/已验证/);
    await carol.context.close();
  });
});

describe("the key stays in the browser", () => {
  it("lock forgets the key until the passphrase unlocks it; export gives back the same key, encrypted in the CLI's format; storage holds no secret", async () => {
    const secretHex = JSON.parse(readFileSync(net.chain.fundedKeys[0]!, "utf8")).secretKey as string;
    const storage = (await alice.page.evaluate("JSON.stringify(localStorage)")) as string;
    expect(storage).toContain("parley-vault");
    expect(storage).not.toContain(secretHex);
    await go(alice.page, "#/settings");
    await click(alice.page, "[data-test=lock]");
    await alice.page.waitForSelector("[data-test=unlock-submit]");
    expect(critical(await audit(alice.page))).toEqual([]);
    await fill(alice.page, "#unlock-pass", "wrong passphrase");
    await click(alice.page, "[data-test=unlock-submit]");
    expect(await waitText(alice.page, ".error", (t) => t.length > 0)).toBe("Wrong passphrase.");
    await fill(alice.page, "#unlock-pass", "alice passphrase");
    await click(alice.page, "[data-test=unlock-submit]");
    await alice.page.waitForSelector("[data-test=nav-chats]");
    const dir = tempDir();
    const cdp = await alice.page.createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, browserContextId: (alice.context as unknown as { id: string }).id });
    await go(alice.page, "#/settings");
    await click(alice.page, "[data-test=export-key]");
    // A wrong passphrase is refused in the dialog, in the language of the moment.
    await fill(alice.page, "#export-pass", "not her passphrase");
    await click(alice.page, "[data-test=export-submit]");
    expect(await waitText(alice.page, "[data-test=export-dialog] .error", (t) => t.length > 0)).toBe("Wrong passphrase.");
    await setLanguage(alice.page, "zh-CN");
    expect(await waitText(alice.page, "[data-test=export-dialog] .error", (t) => t !== "Wrong passphrase.", 5_000)).toBe("密码错误。");
    await setLanguage(alice.page, "en");
    await fill(alice.page, "#export-pass", "alice passphrase");
    await click(alice.page, "[data-test=export-submit]");
    const exported = await waitFor("the exported key file", async () => readdirSync(dir).find((f) => f.endsWith(".key")));
    const file = JSON.parse(readFileSync(join(dir, exported), "utf8")) as { kind: string };
    // Encrypted under the same passphrase (docs/ENCRYPTION.md 11.1): the secret is not in the file, the passphrase opens it.
    expect(file.kind).toBe("parley-keystore");
    expect(JSON.stringify(file)).not.toContain(secretHex);
    expect(toHex((await decryptKeyFile(file, "alice passphrase")).secretKey)).toBe(secretHex);
    // The settings page lists the identity's devices (none yet), proven by the browser's light client.
    expect(await waitText(alice.page, "[data-test=no-devices]", (t) => t.length > 0)).toMatch(/No devices/);
  });
});

describe("recovery phrases", () => {
  it("Bob's 24 words bring his identity back in a new browser; a wrong word is refused with the reason and nothing is stored", async () => {
    const again = await newPerson(browser, appUrl(2), "en-US");
    const words = bobPhrase.split(" ");
    const wrong = [...words.slice(0, 23), words[23] === "zoo" ? "abandon" : "zoo"].join(" ");
    await click(again.page, "[data-test=tab-recover]");
    await fill(again.page, "[data-test=recover-phrase]", wrong);
    await fill(again.page, "#onboard-pass", "bob passphrase 2");
    await fill(again.page, "#onboard-confirm", "bob passphrase 2");
    await click(again.page, "[data-test=onboard-submit]");
    expect(await waitText(again.page, "#onboard-form [role=alert]", (t) => t.length > 0)).toContain("not a valid recovery phrase");
    expect(await again.page.evaluate(`localStorage.getItem("parley.vault")`)).toBeNull();
    // Typed back in capitals with extra spaces: the words are what count, not how they are typed.
    await recoverIdentity(again.page, "  " + bobPhrase.toUpperCase().split(" ").join("   ") + " ", "bob passphrase 2");
    expect(await myAddress(again.page)).toBe(bobAddr);
    expect(again.problems).toEqual([]);
    await again.context.close();
  });
});

describe("accessibility and hygiene", () => {
  it("onboarding has no critical accessibility violation, in English and in Chinese", async () => {
    for (const lang of ["en-US", "zh-CN"]) {
      const carol = await newPerson(browser, appUrl(2), lang);
      await carol.page.waitForSelector("[data-test=onboard-submit]");
      expect(critical(await audit(carol.page))).toEqual([]);
      await click(carol.page, "[data-test=tab-import]");
      expect(critical(await audit(carol.page))).toEqual([]);
      await click(carol.page, "[data-test=tab-recover]");
      expect(critical(await audit(carol.page))).toEqual([]);
      expect(carol.problems).toEqual([]);
      await carol.context.close();
    }
  });

  it("the screens have no critical accessibility violation, in English and in Chinese", async () => {
    const screens = ["#/chats/" + bobAddr, "#/contacts", "#/channels", "#/groups", "#/wallet", "#/anchors", "#/network", "#/settings"];
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
