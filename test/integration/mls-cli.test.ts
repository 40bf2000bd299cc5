// `parley group` end to end through the compiled CLI against a real in-process node: key
// packages, create, join, post, read, update, remove; secrets kept in <key>.mls.json (0600).
// Run `npx tsc -p tsconfig.json` first (npm test does).
import { afterEach, describe, expect, it } from "vitest";
import { statSync } from "node:fs";
import { cleanup, devChain, runCli, startInProcess } from "./harness.js";
import type { Identity } from "../../src/client/keys.js";

afterEach(cleanup);

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`parley ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

describe("parley group", () => {
  it("create, join, post, read, update and remove: members read each other, a removed member reads nothing after", async () => {
    const chain = devChain({ funded: 3 });
    const node = await startInProcess(chain);
    const rpc = node.rpcUrl;
    const [, bob, carol] = chain.funded as [Identity, Identity, Identity];
    const [aliceKey, bobKey, carolKey] = chain.fundedKeys as [string, string, string];
    for (const k of [bobKey, carolKey]) expect(await cli(["group", "keypackage", "--key", k, "--rpc", rpc])).toMatch(/^key package published: tx 0x[0-9a-f]{64}/);
    const gid = (await cli(["group", "create", "--key", aliceKey, "--members", `${bob.address},${carol.address}`, "--rpc", rpc])).trim();
    expect(gid).toMatch(/^0x[0-9a-f]{64}$/);
    expect(statSync(`${aliceKey}.mls.json`).mode & 0o777).toBe(0o600);
    for (const k of [bobKey, carolKey]) expect(await cli(["group", "join", "--key", k, "--group", gid, "--rpc", rpc])).toMatch(/epoch:   1\n/);
    await cli(["group", "post", "--key", aliceKey, "--group", gid, "--text", "hello group", "--rpc", rpc]);
    expect(await cli(["group", "read", "--key", bobKey, "--group", gid, "--rpc", rpc])).toMatch(/epoch 1 parley1\S+: hello group\n/);
    expect(await cli(["group", "update", "--key", bobKey, "--group", gid, "--rpc", rpc])).toBe("epoch 2\n");
    expect(await cli(["group", "remove", "--key", aliceKey, "--group", gid, "--member", carol.address, "--rpc", rpc])).toBe("epoch 3: 2 members\n");
    await cli(["group", "post", "--key", bobKey, "--group", gid, "--text", "carol is gone", "--rpc", rpc]);
    expect(await cli(["group", "read", "--key", aliceKey, "--group", gid, "--rpc", rpc])).toContain("carol is gone");
    // Carol processes her own removal and can no longer open what follows.
    const carolRead = await cli(["group", "read", "--key", carolKey, "--group", gid, "--rpc", rpc]);
    expect(carolRead).toContain("hello group");
    expect(carolRead).not.toContain("carol is gone");
    // Views agree: same epoch and authenticator for alice and bob.
    const auth = (out: string) => /auth: +(0x[0-9a-f]+)/.exec(out)![1];
    const [a, b] = await Promise.all([aliceKey, bobKey].map((k) => cli(["group", "info", "--key", k, "--group", gid, "--rpc", rpc])));
    expect(auth(a!)).toBe(auth(b!));
    const bad = await runCli(["group", "post", "--key", aliceKey, "--group", "0x1234", "--text", "x", "--rpc", rpc]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*group id/m);
  }, 120_000);
});
