// The browser's light client (src/client/verify) against a real node and a lying one, without
// a browser: it follows headers from genesis by their certificates, proves balances, pages and
// txs, and catches each lie a node can tell an app (a forged certificate, a changed balance, a
// dropped message), refusing the lie and naming the node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, devChain, startInProcess, waitFor, type DevChain } from "./harness.js";
import { startLyingNode, type LyingNode } from "./lying-node.js";
import { ChatClient } from "../../src/client/chat.js";
import { VerifiedChain, VerifiedChainError } from "../../src/client/verify/verified-chain.js";
import type { ParleyNode } from "../../src/node/node.js";
import type { Identity } from "../../src/client/keys.js";
import { MemoryHeaderStore } from "../../src/client/verify/memory-store.js";
import { blockHash } from "../../src/chain/chain.js";
import { encodeHeader } from "../../src/chain/block/codec.js";
import { toHex } from "../../src/util/bytes.js";

let chain: DevChain;
let node: ParleyNode;
let liar: LyingNode;
let alice: Identity;
let bob: Identity;
let sentId: string;
let sentHeight: number;
const open: VerifiedChain[] = [];

beforeAll(async () => {
  chain = devChain({ funded: 2 });
  node = await startInProcess(chain);
  [alice, bob] = chain.funded as [Identity, Identity];
  const chat = new ChatClient(node.rpcUrl);
  await chat.sendMessage(alice, bob.address, "first");
  const sent = await chat.sendMessage(alice, bob.address, "the one a liar drops");
  sentId = sent.id;
  sentHeight = sent.height!;
  liar = await startLyingNode(node.rpcUrl);
});

afterAll(async () => {
  for (const v of open) v.stop();
  await liar?.stop();
  await cleanup();
});

async function verified(primary: string, witnesses: string[] = [], more: Partial<Parameters<typeof VerifiedChain.open>[0]> = {}): Promise<VerifiedChain> {
  const v = await VerifiedChain.open({ primary, witnesses, waitMs: 500, ...more });
  open.push(v);
  v.start();
  return v;
}

describe("the browser's light client", () => {
  it("follows headers from genesis and proves an honest node's balances, pages and txs", async () => {
    const v = await verified(node.rpcUrl);
    await waitFor("headers up to the message", async () => v.height >= sentHeight);
    const acct = await v.account(alice.publicKey);
    expect(acct.account.balance.toString()).toBe((await new ChatClient(node.rpcUrl).client.account(alice.address)).balance);
    const page = await v.page("inbox", bob.publicKey, { limit: 10 });
    expect(page.entries.map((e) => "0x" + e.id)).toContain(sentId);
    expect(page.entries.every((e) => e.time > 0)).toBe(true);
    const tx = await v.tx(sentId);
    expect(tx?.height).toBe(sentHeight);
    expect(v.reports()).toEqual([]);
  });

  it("refuses a forged certificate, names the node, and follows the honest witness", async () => {
    liar.mode = "certificate";
    const v = await verified(liar.url, [node.rpcUrl]);
    await waitFor("the liar's report", async () => v.reports().find((r) => r.url === liar.url));
    expect(v.reports()[0]).toMatchObject({ url: liar.url, reason: "BAD_COMMIT" });
    await waitFor("headers from the witness", async () => v.height >= node.chain.head.height);
  });

  it("refuses a changed balance (its state proof fails) and answers with the proven one", async () => {
    liar.mode = "balance";
    const v = await verified(liar.url, [node.rpcUrl]);
    await waitFor("headers", async () => v.height >= node.chain.head.height);
    const acct = await v.account(alice.publicKey);
    expect(acct.account.balance).toBe(node.chain.state.account(alice.publicKey).balance);
    expect(v.reports()).toMatchObject([{ url: liar.url, reason: "BAD_STATE_PROOF" }]);
  });

  it("catches a dropped message: the witness proves it inside the range the liar's page claimed complete", async () => {
    liar.mode = "drop";
    liar.dropId = sentId;
    const v = await verified(liar.url, [node.rpcUrl]);
    await waitFor("headers", async () => v.height >= sentHeight);
    const page = await v.page("inbox", bob.publicKey, { limit: 10 });
    expect(page.entries.map((e) => "0x" + e.id)).toContain(sentId);
    expect(v.reports()).toMatchObject([{ url: liar.url, reason: "BAD_PAGE" }]);
  });

  it("refuses a node whose genesis is not the pinned one", async () => {
    liar.mode = "none";
    await expect(VerifiedChain.open({ primary: node.rpcUrl, pinnedGenesis: "00".repeat(32) })).rejects.toThrow(VerifiedChainError);
  });
});

describe("where verification starts: stored headers, a pinned checkpoint", () => {
  /** `height:hash` of the node's header at `height`. */
  async function checkpointAt(height: number): Promise<string> {
    const header = (await node.chain.blocks.header(height))!;
    return `${height}:${toHex(blockHash(header))}`;
  }

  it("a second page load resumes from the headers the first one stored, not from genesis", async () => {
    liar.mode = "none";
    const store = new MemoryHeaderStore();
    const first = await verified(node.rpcUrl, [], { store: async () => store });
    expect(first.startedAt.from).toEqual({ height: 0, source: "genesis" });
    await waitFor("headers", async () => first.height >= sentHeight);
    first.stop();
    const again = await verified(node.rpcUrl, [], { store: async () => store });
    expect(again.startedAt).toMatchObject({ from: { source: "stored" }, refusedStored: null });
    expect(again.startedAt.from.height).toBeGreaterThanOrEqual(sentHeight);
    expect((await again.tx(sentId))?.height).toBe(sentHeight);
  });

  it("a pinned checkpoint starts there and verifies onwards; the store keeps it for the next load", async () => {
    const store = new MemoryHeaderStore();
    const v = await verified(node.rpcUrl, [], { store: async () => store, checkpoint: await checkpointAt(sentHeight) });
    expect(v.startedAt.from).toEqual({ height: sentHeight, source: "checkpoint" });
    expect(await store.header(1)).toBeUndefined(); // nothing below the pin was fetched
    const acct = await v.account(alice.publicKey);
    expect(acct.account.balance).toBe(node.chain.state.account(alice.publicKey).balance);
    expect((await v.tx(sentId))?.height).toBe(sentHeight);
  });

  it("refuses a pin that contradicts headers this browser verified, keeping them", async () => {
    const store = new MemoryHeaderStore();
    const first = await verified(node.rpcUrl, [], { store: async () => store });
    await waitFor("headers", async () => first.height >= sentHeight);
    first.stop();
    const e = await VerifiedChain.open({ primary: node.rpcUrl, store: async () => store, checkpoint: `${sentHeight}:${"cd".repeat(32)}` }).catch((x: unknown) => x);
    expect((e as VerifiedChainError).type).toMatchObject({ code: "CHECKPOINT_REFUSED", reason: "CHECKPOINT_MISMATCH" });
    expect(await store.headHeight()).toBeGreaterThanOrEqual(sentHeight);
  });

  it("refuses a pinned checkpoint whose hash is not the node's header at that height", async () => {
    const wrong = `${sentHeight}:${"ab".repeat(32)}`;
    const e = await VerifiedChain.open({ primary: node.rpcUrl, checkpoint: wrong }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VerifiedChainError);
    expect((e as VerifiedChainError).type).toMatchObject({ code: "CHECKPOINT_REFUSED", reason: "CHECKPOINT_MISMATCH" });
    const bad = await VerifiedChain.open({ primary: node.rpcUrl, checkpoint: "12:nothex" }).catch((x: unknown) => x);
    expect((bad as VerifiedChainError).type).toMatchObject({ code: "CHECKPOINT_REFUSED", reason: "BAD_CHECKPOINT" });
  });

  it("refuses stored headers the node's chain contradicts, says why, and verifies again from genesis", async () => {
    const store = new MemoryHeaderStore();
    // A stored head that is not this chain's header at its height (another header's bytes).
    const other = (await node.chain.blocks.header(1))!;
    await store.append([{ height: sentHeight, bytes: encodeHeader(other) }], []);
    const v = await verified(node.rpcUrl, [], { store: async () => store });
    expect(v.startedAt.from).toEqual({ height: 0, source: "genesis" });
    expect(v.startedAt.refusedStored).toMatch(new RegExp(`header ${sentHeight}`));
    await waitFor("headers from genesis", async () => v.height >= sentHeight);
    expect(v.reports()).toEqual([]);
  });
});
