// The compiled `parley` CLI (chat, channel, anchor) against a real in-process node. Run
// `npx tsc -p tsconfig.json` first (npm test does).
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, runCli, spawnCli, startInProcess } from "./harness.js";
import { ChatClient } from "../../src/client/chat.js";
import type { Identity } from "../../src/client/keys.js";

afterEach(cleanup);

async function setup() {
  const chain = devChain({ funded: 3, balance: 1_000_000_000n });
  const node = await startInProcess(chain);
  const [alice, bob, carol] = chain.funded as [Identity, Identity, Identity];
  const [aliceKey, bobKey, carolKey] = chain.fundedKeys as [string, string, string];
  return { chain, node, rpc: node.rpcUrl, alice, bob, carol, aliceKey, bobKey, carolKey };
}

/** A failed command prints exactly one `error:` line on stderr and exits 1. */
function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

describe("parley chat", () => {
  it("send and read: the recipient reads the text and the payment; bad input gets one clear line", async () => {
    const { rpc, alice, bob, aliceKey, bobKey, chain } = await setup();
    const sent = await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", "hello from the cli", "--pay", "25", "--rpc", rpc]);
    expect(sent.stderr).toBe("");
    expect(sent.stdout).toMatch(/^sent: message 0x[0-9a-f]{64} to parley1\S+ final at height \d+ \(index 0\), paid 25 PAR\n$/);
    const read = await runCli(["chat", "read", "--key", bobKey, "--rpc", rpc]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain(`from ${alice.address} [paid 25 PAR]: hello from the cli`);
    const mine = await runCli(["chat", "read", "--sent", "--key", aliceKey, "--rpc", rpc]);
    expect(mine.stdout).toContain(`to   ${bob.address} [paid 25 PAR]: hello from the cli`);

    expectOneLineError(await runCli(["chat", "send", "--key", aliceKey, "--to", "parley1nope", "--text", "x", "--rpc", rpc]), /not a valid recipient address: "parley1nope"/);
    expectOneLineError(await runCli(["chat", "send", "--key", join(chain.dir, "missing.key"), "--to", bob.address, "--text", "x", "--rpc", rpc]), /key file not found/);
    expectOneLineError(await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", "x", "--pay", "-3", "--rpc", rpc]), /pay: "-3": an amount cannot be negative/);
    // Paying more than the balance: refused on chain, nothing moves, and the inbox has no new message.
    expectOneLineError(await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", "IOU", "--pay", "9999999999", "--rpc", rpc]), /INSUFFICIENT_FUNDS/);
    expect((await runCli(["chat", "read", "--key", bobKey, "--rpc", rpc])).stdout).not.toContain("IOU");
    expectOneLineError(await runCli(["chat", "read", "--key", bobKey, "--before", "yesterday", "--rpc", rpc]), /--before must be a cursor like 12\.0/);
    const down = await runCli(["chat", "read", "--key", bobKey, "--rpc", "http://127.0.0.1:1"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: cannot reach the node: /);
  });

  it("watch prints a message sent after it started, decrypted, as it finalizes (given a ws:// or http:// URL)", async () => {
    const { node, alice, bob, aliceKey, bobKey } = await setup();
    for (const url of [node.wsUrl, node.rpcUrl]) {
      const w = await spawnCli(["chat", "watch", "--key", bobKey, "--rpc", url, "--count", "1"], /(watching) parley1/, 15_000);
      const text = `are you there? (${url.slice(0, 2)})`;
      const started = Date.now();
      const sent = await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", text, "--rpc", node.rpcUrl]);
      expect(sent.code).toBe(0);
      const code = await Promise.race([w.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000))]);
      expect(code).toBe(0);
      expect(w.stdout.join("")).toContain(`from ${alice.address}: ${text}`);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it("keys rotate keeps the prekey secret in <key>.prekeys.json (0600); later messages use it and stay readable", async () => {
    const { rpc, alice, bob, aliceKey, bobKey } = await setup();
    const r = await runCli(["chat", "keys", "rotate", "--key", bobKey, "--rpc", rpc]);
    expect(r.code).toBe(0);
    const prekey = /prekey (0x[0-9a-f]{64}) published/.exec(r.stdout)![1]!;
    const file = `${bobKey}.prekeys.json`;
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await new ChatClient(rpc).client.account(bob.address)).prekey).toBe(prekey);
    expect((await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", "sealed to your prekey", "--rpc", rpc])).code).toBe(0);
    expect((await runCli(["chat", "read", "--key", bobKey, "--rpc", rpc])).stdout).toContain(`from ${alice.address}: sealed to your prekey`);
    // Without the prekey file the same key cannot read it: the secret really is only there.
    writeFileSync(file, JSON.stringify({ kind: "parley-prekeys", address: bob.address, prekeys: [] }));
    expect((await runCli(["chat", "read", "--key", bobKey, "--rpc", rpc])).stdout).toContain("<undecryptable: DECRYPT_FAILED>");
    writeFileSync(file, "{broken");
    expectOneLineError(await runCli(["chat", "read", "--key", bobKey, "--rpc", rpc]), /prekeys\.json: bad prekey file: not JSON/);
  });
});

describe("parley channel and parley anchor", () => {
  it("create, post, read, remove: the removed member reads the old epoch, not the new one, and cannot post", async () => {
    const { rpc, alice, bob, carol, aliceKey, bobKey, carolKey } = await setup();
    const created = await runCli(["channel", "create", "--key", aliceKey, "--name", "cli club", "--members", `${bob.address},${carol.address}`, "--rpc", rpc]);
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await runCli(["channel", "post", "--key", bobKey, "--channel", id, "--text", "before the split", "--rpc", rpc])).code).toBe(0);
    const removed = await runCli(["channel", "remove", "--key", aliceKey, "--channel", id, "--member", carol.address, "--rpc", rpc]);
    expect(removed.stdout).toMatch(/epoch 1 begins/);
    expect((await runCli(["channel", "post", "--key", aliceKey, "--channel", id, "--text", "after the split", "--rpc", rpc])).code).toBe(0);

    const bobRead = (await runCli(["channel", "read", "--key", bobKey, "--channel", id, "--rpc", rpc])).stdout;
    expect(bobRead).toContain(`${alice.address} created the channel "cli club"`);
    expect(bobRead).toContain(`${bob.address}: before the split`);
    expect(bobRead).toContain(`${alice.address}: after the split`);
    const carolRead = (await runCli(["channel", "read", "--key", carolKey, "--channel", id, "--rpc", rpc])).stdout;
    expect(carolRead).toContain(`${bob.address}: before the split`);
    expect(carolRead).toContain("<undecryptable: NO_CHANNEL_KEY (epoch 1)>");
    expect(carolRead).not.toContain("after the split");

    expectOneLineError(await runCli(["channel", "post", "--key", carolKey, "--channel", id, "--text", "hello?", "--rpc", rpc]), /is not a member of channel/);
    expectOneLineError(await runCli(["channel", "remove", "--key", bobKey, "--channel", id, "--member", alice.address, "--rpc", rpc]), /only the owner/);
    expectOneLineError(await runCli(["channel", "read", "--key", bobKey, "--channel", "0x1234", "--rpc", rpc]), /not a channel id/);
    expectOneLineError(await runCli(["channel", "read", "--key", bobKey, "--channel", "0x" + "ab".repeat(32), "--rpc", rpc]), /not found/);
    const info = (await runCli(["channel", "info", "--key", bobKey, "--channel", id, "--rpc", rpc])).stdout;
    expect(info).toMatch(/name: +cli club\n/);
    expect(info).toMatch(/epoch: +1\n/);
  });

  it("anchor prints hash, tx and height; anchor verify names who anchored it and when, or says not anchored (exit 1)", async () => {
    const { rpc, chain, alice, aliceKey, bobKey } = await setup();
    const file = join(chain.dir, "deed.txt");
    writeFileSync(file, "this deed, signed");
    const a = await runCli(["anchor", "--key", aliceKey, "--file", file, "--tag", "deed", "--rpc", rpc]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^hash: +0x[0-9a-f]{64}\ntx: +0x[0-9a-f]{64}\nheight: +\d+\n$/);
    const height = /height: +(\d+)/.exec(a.stdout)![1];
    const v = await runCli(["anchor", "verify", "--file", file, "--rpc", rpc]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`^anchored by ${alice.address} at height ${height} \\(\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\), tag "deed"\\n`));
    expectOneLineError(await runCli(["anchor", "--key", bobKey, "--file", file, "--rpc", rpc]), /already anchored by/);

    const other = join(chain.dir, "other.txt");
    writeFileSync(other, "never anchored");
    const missing = await runCli(["anchor", "verify", "--file", other, "--rpc", rpc]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^not anchored: 0x[0-9a-f]{64}\n$/);
    expectOneLineError(await runCli(["anchor", "verify", "--file", join(chain.dir, "nope.txt"), "--rpc", rpc]), /file not found/);
  });
});
