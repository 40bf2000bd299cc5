// Channel pages through the browser's light client (src/client/verify): proven entry by entry
// and cross-checked between nodes for omissions like inbox pages (light-index kind channelLog).
// A lying node that leaves a post out of its channel log is caught by the honest witness's page,
// named, and the post is still shown, proven and decrypted for a member.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, devChain, startInProcess, waitFor, type DevChain } from "./harness.js";
import { startLyingNode, type LyingNode } from "./lying-node.js";
import { ChatClient } from "../../src/client/chat.js";
import { VerifiedChain } from "../../src/client/verify/verified-chain.js";
import type { ParleyNode } from "../../src/node/node.js";
import type { Identity } from "../../src/client/keys.js";
import { fromHex } from "../../src/util/bytes.js";

let chain: DevChain;
let node: ParleyNode;
let liar: LyingNode;
let alice: Identity;
let bob: Identity;
let channelId: string;
let droppedId: string;
let droppedHeight: number;
const open: VerifiedChain[] = [];

beforeAll(async () => {
  chain = devChain({ funded: 2 });
  node = await startInProcess(chain);
  [alice, bob] = chain.funded as [Identity, Identity];
  const chat = new ChatClient(node.rpcUrl);
  const created = await chat.createChannel(alice, "team", [bob.address]);
  channelId = created.channelId;
  await chat.post(alice, channelId, "first post");
  const dropped = await chat.post(alice, channelId, "the post a liar drops");
  droppedId = dropped.id;
  droppedHeight = dropped.height!;
  await chat.post(alice, channelId, "a later post");
  liar = await startLyingNode(node.rpcUrl);
});

afterAll(async () => {
  for (const v of open) v.stop();
  await liar?.stop();
  await cleanup();
});

async function verified(primary: string, witnesses: string[] = []): Promise<VerifiedChain> {
  const v = await VerifiedChain.open({ primary, witnesses, waitMs: 500 });
  open.push(v);
  v.start();
  await waitFor("headers up to the channel's posts", async () => v.height >= droppedHeight + 1);
  return v;
}

const channelKey = (): Uint8Array => fromHex(channelId.slice(2))!;

describe("channel pages in the browser's light client", () => {
  it("proves an honest node's channel log: the create and every post, no report", async () => {
    const v = await verified(node.rpcUrl);
    const page = await v.page("channelLog", channelKey(), { limit: 50 });
    const ids = page.entries.map((e) => "0x" + e.id);
    expect(ids[0]).toBe(channelId);
    expect(ids).toContain(droppedId);
    const nodePage = await new ChatClient(node.rpcUrl).readChannel(bob, channelId, { limit: 50 });
    expect(ids).toEqual(nodePage.entries.map((e) => e.id));
    expect(v.reports()).toEqual([]);
  });

  it("catches a channel post left out by a node: the witness proves it inside the liar's range, the liar is named", async () => {
    liar.mode = "drop";
    liar.dropId = droppedId;
    // The lie is there: the liar's own channel_messages page leaves the post out.
    const told = await new ChatClient(liar.url).readChannel(bob, channelId, { limit: 50 });
    expect(told.entries.map((e) => e.id)).not.toContain(droppedId);

    const v = await verified(liar.url, [node.rpcUrl]);
    const page = await v.page("channelLog", channelKey(), { limit: 50 });
    expect(page.entries.map((e) => "0x" + e.id)).toContain(droppedId);
    expect(v.reports()).toMatchObject([{ url: liar.url, reason: "BAD_PAGE" }]);
    expect(v.reports()[0]!.detail).toContain(`${droppedHeight}.`);

    // What the app shows in place of the gap: the proven post, decrypted for a member.
    const opened = await new ChatClient(node.rpcUrl).openChannelEntries(bob, channelId, page.entries);
    expect(opened.find((e) => e.id === droppedId)?.text).toBe("the post a liar drops");
  });

  it("with the liar alone the page is still proven entry by entry, but the gap cannot be seen (two sources are needed)", async () => {
    liar.mode = "drop";
    liar.dropId = droppedId;
    const v = await verified(liar.url);
    const page = await v.page("channelLog", channelKey(), { limit: 50 });
    expect(page.entries.map((e) => "0x" + e.id)).not.toContain(droppedId);
    expect(page.entries.length).toBeGreaterThan(0);
    expect(v.reports()).toEqual([]);
  });
});
