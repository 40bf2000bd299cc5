// `parley group` end to end through the compiled CLI against a real in-process node: key
// packages, create, join, post, read, watch (live), update, remove; secrets sealed in <key>.mls.json (0600).
// Run `npx tsc -p tsconfig.json` first (npm test does). About 12 CLI runs: each starts a process
// (~1 s idle, up to 8 s on a loaded 2-core machine), hence the generous deadline.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { cleanup, devChain, runCli, spawnCli, startInProcess, tempDir, waitFor } from "./harness.js";
import type { Identity } from "../../src/client/keys.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { HttpRpcClient } from "../../src/client/rpc-client.js";
import { decodeProof, verifyProof } from "../../src/chain/state/smt/proof.js";
import { smtKey } from "../../src/chain/state/state-store.js";
import { StateNs } from "../../src/chain/tx/spec.js";
import { decodeGroupRecord, groupKey } from "../../src/chain/tx/kinds/mls-state.js";
import { fromHex } from "../../src/util/bytes.js";
import { ChatBase } from "../../src/client/chat-base.js";
import { MlsGroups } from "../../src/client/mls/groups.js";
import { FileMlsStore, mlsStorePath } from "../../src/cli/mls-store.js";
import { loadKey } from "../../src/cli/common.js";

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
    // A file in a group post (issue 16): encrypted and uploaded by Alice's CLI, its key only inside
    // the MLS ciphertext; Bob's `read --save` downloads, checks and decrypts it byte-identical.
    const files = tempDir("parley-group-files-");
    const original = join(files, "plan.bin");
    writeFileSync(original, randomBytes(300_000));
    await cli(["group", "post", "--key", aliceKey, "--group", gid, "--text", "the plan", "--file", original, "--rpc", rpc]);
    const saveDir = join(files, "bob");
    const withFile = await runCli(["group", "read", "--key", bobKey, "--group", gid, "--rpc", rpc, "--save", saveDir]);
    expect(withFile.code, withFile.stderr).toBe(0);
    expect(withFile.stdout).toMatch(/: the plan \[file plan\.bin 300000 B /);
    expect(readFileSync(join(saveDir, "plan.bin")).equals(readFileSync(original))).toBe(true);
    // `group watch` prints posts live (WebSocket subscription): "live one" may come from its first
    // sync, but "live two" is posted only after "live one" was printed, so only a notification
    // can bring it. Ctrl-C (SIGINT) ends it cleanly.
    const watching = spawnCli(["group", "watch", "--key", bobKey, "--group", gid, "--rpc", rpc], /live one/, 60_000);
    await cli(["group", "post", "--key", aliceKey, "--group", gid, "--text", "live one", "--rpc", rpc]);
    const watch = await watching;
    await cli(["group", "post", "--key", aliceKey, "--group", gid, "--text", "live two", "--rpc", rpc]);
    await waitFor("watch to print the second post", () => Promise.resolve(watch.stdout.join("").includes("live two")), 30_000);
    watch.proc.kill("SIGINT");
    expect(await watch.exited).toBe(0);
    const lines = watch.stdout.join("").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+ \S+\s+epoch 1 parley1\S+: live one$/);
    expect(lines[1]).toMatch(/epoch 1 parley1\S+: live two$/);
    expect(await cli(["group", "update", "--key", bobKey, "--group", gid, "--rpc", rpc])).toBe("epoch 2\n");
    expect(await cli(["group", "remove", "--key", aliceKey, "--group", gid, "--member", carol.address, "--rpc", rpc])).toBe("epoch 3: 2 members\n");
    await cli(["group", "post", "--key", bobKey, "--group", gid, "--text", "carol is gone", "--rpc", rpc]);
    // Carol processes her own removal and can no longer open what follows.
    const carolRead = await cli(["group", "read", "--key", carolKey, "--group", gid, "--rpc", rpc]);
    expect(carolRead).toContain("hello group");
    expect(carolRead).toContain("live two");
    expect(carolRead).not.toContain("carol is gone");
    // Views agree: alice's and bob's files (read through the SDK, as the CLI does) give one epoch and authenticator.
    const view = async (k: string) => {
      const me = await loadKey(k);
      const g = new MlsGroups(new ChatBase(rpc), me, new FileMlsStore(mlsStorePath(k), me));
      await g.sync(gid);
      return g.info(gid);
    };
    const [a, b] = await Promise.all([view(aliceKey), view(bobKey)]);
    expect(a.epoch).toBe(3);
    expect(a).toEqual(b);
    expect(await cli(["group", "info", "--key", bobKey, "--group", gid, "--rpc", rpc])).toContain(`auth:    ${b.epochAuthenticator}`);
    // A commit whose outcome its sender did not wait for (a timeout, a crash) is adopted from the
    // log on the next sync, not processed as someone else's (which MLS cannot do for one's own).
    const bobId = await loadKey(bobKey);
    const bobGroups = new MlsGroups(new ChatBase(rpc), bobId, new FileMlsStore(mlsStorePath(bobKey), bobId));
    await expect(bobGroups.update(gid, { timeoutMs: 0 })).rejects.toMatchObject({ type: { code: "TX_TIMEOUT" } });
    const after = await waitFor("bob's timed-out commit to be final", async () => (await view(aliceKey)).epoch === 4 && view(aliceKey));
    const bobAfter = await view(bobKey);
    expect(bobAfter.epoch).toBe(4);
    expect(bobAfter).toEqual(after);
    // The group's record is provable under the state root: epoch 4 next, 2 members.
    const rec = await new HttpRpcClient(rpc).call<{ epoch: number; members: number; stateRoot: string; value: string; proof: string }>("mls_group", [gid]);
    const value = fromHex(rec.value.slice(2))!;
    expect(decodeGroupRecord(value)).toMatchObject({ epoch: 4, members: 2 });
    const proof = decodeProof(fromHex(rec.proof.slice(2))!)!;
    const key = smtKey(StateNs.mls, groupKey(fromHex(gid.slice(2))!));
    expect(verifyProof(fromHex(rec.stateRoot.slice(2))!, key, sha256(value), proof, sha256)).toBe(true);
    expect(verifyProof(fromHex(rec.stateRoot.slice(2))!, key, sha256(new Uint8Array([1])), proof, sha256)).toBe(false);
    const bad = await runCli(["group", "post", "--key", aliceKey, "--group", "0x1234", "--text", "x", "--rpc", rpc]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*group id/m);
  }, 300_000);

  it("device revoke commits in the identity's groups at once: the revoked device opens nothing after, without waiting for another member", async () => {
    const chain = devChain({ funded: 3 });
    const node = await startInProcess(chain);
    const rpc = node.rpcUrl;
    const [alice, bob, tablet] = chain.funded as [Identity, Identity, Identity];
    const [, bobKey, tabletKey] = chain.fundedKeys as [string, string, string];
    expect(await cli(["device", "add", "--key", bobKey, "--device-key", tabletKey, "--label", "tablet", "--rpc", rpc])).toContain(tablet.address);
    // Set up through the SDK (the CLI does the same): bob's state in the file the CLI reads.
    const base = new ChatBase(rpc);
    const ga = new MlsGroups(base, alice);
    const gb = new MlsGroups(base, bob, new FileMlsStore(mlsStorePath(bobKey), bob));
    const gt = new MlsGroups(base, tablet);
    await Promise.all([gb, gt].map((g) => g.publishKeyPackage()));
    const created = await ga.create([bob.address]);
    const gid = created.groupId;
    expect(created.devices).toContainEqual({ identity: bob.address, devices: [bob.address, tablet.address] });
    await Promise.all([gb, gt].map((g) => g.join(gid)));
    await ga.post(gid, "before");
    expect((await gt.read(gid)).map((p) => p.text)).toEqual(["before"]);

    const out = await cli(["device", "revoke", "--key", bobKey, "--device", tablet.address, "--rpc", rpc]);
    expect(out).toMatch(/^revoked: device /);
    expect(out).toContain(`removed from group ${gid} at epoch ${created.epoch + 1}\n`);
    await ga.sync(gid);
    expect((await ga.info(gid)).devices).toContainEqual({ identity: bob.address, devices: [bob.address] });
    await ga.post(gid, "after");
    const tabletSees = (await gt.sync(gid)).posts.map((p) => p.text);
    expect(tabletSees).not.toContain("after");
    expect((await gb.read(gid)).map((p) => p.text)).toContain("after");
  }, 120_000);
});
