// Mixed versions (issue 18): two validators built from the previous commit (HEAD~1, the first
// parent: on main, the version before this one) and two from this checkout run one network
// under transfers and messages; every node holds the same block hash and state root at every
// height; then one old validator is restarted as the new version on its own data dir and
// rejoins (or, if the data dir format changed between the two, is refused with DATA_DIR_FORMAT
// and a message that says what to do). The old tree is exported with `git archive` and built
// with tsc (src only); without git history (a shallow clone, a tarball) the test skips and
// says why. docs/OPERATIONS.md "Upgrading" states the version policy this checks.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, NODE_BIN, REPO, tempDir, waitFor } from "./harness.js";
import { startNet, waitHeight, type TestNet } from "./network-harness.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { ChatClient } from "../../src/client/chat.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";

const OLD = [0, 1];
const NEW = [2, 3];
const ALL = [...OLD, ...NEW];
// Transfers and messages sent, alternating over the four nodes' RPC (each waits until final).
const LOAD_ROUNDS = 4;
// Constants that make a protocol or data dir change (docs/OPERATIONS.md, "Upgrading").
const VERSION_FILES = {
  block: ["src/chain/block/types.ts", /export const BLOCK_VERSION = (\d+)/],
  dataDir: ["src/chain/storage/data-dir-format.ts", /export const DATA_DIR_FORMAT = (\d+)/],
} as const;

/** The previous commit, or why there is none to test against. */
function previousCommit(): { commit: string } | { skip: string } {
  const git = spawnSync("git", ["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"], { cwd: REPO, encoding: "utf8" });
  if (git.error) return { skip: `git is not available (${git.error.message})` };
  if (git.status !== 0) {
    const shallow = spawnSync("git", ["rev-parse", "--is-shallow-repository"], { cwd: REPO, encoding: "utf8" }).stdout.trim();
    return { skip: shallow === "true" ? "a shallow clone has no previous commit (fetch with --depth 2 or more)" : "no previous commit (HEAD~1) in this checkout" };
  }
  return { commit: git.stdout.trim() };
}

function versionIn(root: string, which: keyof typeof VERSION_FILES): number | null {
  const [file, re] = VERSION_FILES[which];
  const path = join(root, file);
  if (!existsSync(path)) return null;
  const m = re.exec(readFileSync(path, "utf8"));
  return m ? Number(m[1]) : null;
}

/** Exports `commit` into a temp dir and builds its node side; returns the dir and how long it took. */
function buildOld(commit: string): { dir: string; ms: number } {
  const t0 = Date.now();
  const dir = tempDir();
  const exported = spawnSync("sh", ["-c", 'git archive --format=tar "$1" | tar -x -C "$2"', "sh", commit, dir], { cwd: REPO, encoding: "utf8" });
  if (exported.status !== 0) throw new Error(`git archive ${commit} failed: ${exported.stderr}`);
  symlinkSync(realpathSync(join(REPO, "node_modules")), join(dir, "node_modules"));
  // Only what a node needs (bin/parley.js loads dist/src/cli/main.js): about a third of a full build.
  writeFileSync(join(dir, "tsconfig.mixed.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["src"] }));
  const tsc = spawnSync(NODE_BIN, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.mixed.json"], { cwd: dir, encoding: "utf8", timeout: 240_000 });
  if (tsc.status !== 0) throw new Error(`the previous commit ${commit} does not build: ${(tsc.stdout + tsc.stderr).slice(-3000)}`);
  return { dir, ms: Date.now() - t0 };
}

/** Block hash and state root at every height 1..top on every node: they must be identical. */
async function expectSameBlocksAndRoots(net: TestNet, nodes: number[]): Promise<number> {
  const heads = await Promise.all(nodes.map((i) => net.rpc(i).call<{ height: number }>("chain_getHead")));
  const top = Math.min(...heads.map((h) => h.height));
  for (let h = 1; h <= top; h++) {
    const blocks = await Promise.all(nodes.map((i) => net.rpc(i).call<{ hash: string; stateRoot: string }>("chain_getBlock", [h, "none"])));
    const want = `${blocks[0]!.hash}/${blocks[0]!.stateRoot}`;
    for (const b of blocks) expect(`${b.hash}/${b.stateRoot}`, `height ${h} on nodes ${nodes.join(",")}`).toBe(want);
  }
  return top;
}

const prev = previousCommit();
if ("skip" in prev) process.stdout.write(`mixed-versions: skipped: ${prev.skip}\n`);

let net: TestNet | null = null;
afterAll(async () => {
  if (net) for (const i of ALL) await net.kill(i);
  await cleanup();
});

describe.skipIf("skip" in prev)("a network of the previous and this version", () => {
  it("agrees on every block and state root under load, and an old node restarts as new on its data dir", async () => {
    const t0 = Date.now();
    const commit = (prev as { commit: string }).commit;
    const old = buildOld(commit);
    const oldCli = join(old.dir, "bin/parley.js");
    const changed = (["block", "dataDir"] as const).filter((k) => versionIn(old.dir, k) !== versionIn(REPO, k));
    process.stdout.write(`mixed-versions: previous commit ${commit.slice(0, 12)} exported and built in ${old.ms} ms; version changes: ${changed.join(", ") || "none"}\n`);

    net = await startNet(4, { heartbeatMs: 100 }, 3, [], [], false, 0);
    const n = net;
    if (changed.includes("block")) {
      // A protocol change: the versions cannot share a chain (the whole network upgrades at
      // once). Only the data dir check below applies: an old node writes its data dir alone.
      process.stdout.write("mixed-versions: the block version changed; no mixed network to run, checking the data dir only\n");
      await n.start(0, [], oldCli);
    } else {
      // Node 0 first, the rest at once (each finds the others through node 0): half the wait on two cores.
      await n.start(0, [], oldCli);
      await Promise.all(ALL.slice(1).map((i) => n.start(i, [], OLD.includes(i) ? oldCli : undefined)));
      await waitHeight(n, ALL, 3, 90_000);
      // Load through every node's RPC: transfers and sealed messages, each final before the next.
      const sinks = Array.from({ length: 3 }, () => newIdentity());
      const [alice, bob, carol] = n.chain.funded as [Identity, Identity, Identity];
      for (let r = 0; r < LOAD_ROUNDS; r++) {
        const at = ALL[r % ALL.length]!;
        const url = n.nodes[at]!.rpc;
        await Promise.all([
          new ParleyClient(url).submit(alice, "transfer", { to: sinks[r % sinks.length]!.publicKey, amount: BigInt(100 + r), memo: null }, { timeoutMs: 60_000 }),
          new ChatClient(url).sendMessage(bob, carol.address, `round ${r} via node ${at}`),
        ]);
      }
      // Same balances everywhere: the state roots say so, this says it in a user's terms.
      const balances = await Promise.all(ALL.map((i) => new ParleyClient(n.nodes[i]!.rpc).account(sinks[0]!.address)));
      for (const b of balances) expect(b.balance).toBe(balances[0]!.balance);
      const top = await expectSameBlocksAndRoots(n, ALL);
      process.stdout.write(`mixed-versions: 2 old + 2 new validators agree on ${top} blocks (hashes and state roots)\n`);
    }

    // Upgrade one old validator in place: the new build on the old build's data dir.
    process.stdout.write(`mixed-versions: mixed phase done at ${Date.now() - t0} ms\n`);
    await n.kill(0);
    if (changed.includes("dataDir")) {
      await expect(n.start(0)).rejects.toThrow(/DATA_DIR_FORMAT|is in format \d+, this node reads format \d+ only/);
    } else if (!changed.includes("block")) {
      await n.start(0);
      const target = (await n.rpc(2).call<{ height: number }>("chain_getHead")).height + 3;
      await waitHeight(n, ALL, target, 90_000);
      const paid = await new ParleyClient(n.nodes[0]!.rpc).submit(n.chain.funded[2]!, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { timeoutMs: 60_000 });
      expect(paid.status?.status).toBe("final");
      await expectSameBlocksAndRoots(n, ALL);
    }
    // Nobody saw double signing across the versions.
    for (const i of ALL.filter((j) => n.nodes[j] !== null)) {
      const ev = await waitFor("evidence list", async () => n.rpc(i).call<{ evidence: unknown[] }>("consensus_evidence", []), 10_000);
      expect(ev.evidence).toEqual([]);
    }
    process.stdout.write(`mixed-versions: total ${Date.now() - t0} ms including the build\n`);
  }, 300_000);
});
