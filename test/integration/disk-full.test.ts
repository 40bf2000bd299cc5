// A validator whose disk fills up (its data dir on a small tmpfs, filled to the last byte):
// it stops by itself with a clear error and exit status 1 instead of running on state it could
// not persist; the other three keep finalizing; once space is freed it starts on the same data
// dir, which is intact, and catches up to the same chain. Needs root (mount); skipped otherwise.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cleanup, waitFor } from "./harness.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";

const FULL = 3;
const isRoot = process.getuid?.() === 0;
let net: TestNet | null = null;
let mountPoint: string | null = null;

afterAll(async () => {
  if (net) for (let i = 0; i < 4; i++) await net.kill(i);
  if (mountPoint) spawnSync("umount", ["-l", mountPoint]);
  await cleanup();
});

async function heightOf(n: TestNet, i: number): Promise<number> {
  return (await n.rpc(i).call<{ height: number }>("chain_getHead")).height;
}

describe.skipIf(!isRoot)("a full disk", () => {
  it("stops the node cleanly, keeps its data intact, and it resumes once space is freed", async () => {
    net = await startNet(4, { heartbeatMs: 100 }, 1, [], [], true, 3);
    const n = net;
    const dir = join(n.chain.dir, `node-${FULL}`);
    mkdirSync(dir, { recursive: true });
    const m = spawnSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", dir]);
    expect(m.status, `mount: ${m.stderr}`).toBe(0);
    mountPoint = dir;
    const p = await n.start(FULL);
    await waitHeight(n, [FULL], (await heightOf(n, 0)) + 3, 60_000);

    // Fill every free byte; dd stops at ENOSPC.
    const filler = join(dir, "filler");
    spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"]);
    const code = await Promise.race([p.exited, new Promise<string>((r) => setTimeout(() => r("still running"), 90_000))]);
    expect(code, p.stderr.join("").slice(-2000)).toBe(1);
    expect(p.stderr.join("")).toContain("storage write failed");
    n.nodes[FULL] = null;

    // The others went on without it.
    const before = await heightOf(n, 0);
    await waitHeight(n, [0, 1, 2], before + 3, 60_000);

    // Space freed: the same data dir opens and catches up.
    rmSync(filler);
    await n.start(FULL);
    const target = (await heightOf(n, 0)) + 2;
    await waitHeight(n, [0, 1, 2, FULL], target, 60_000);
    await expectSameChain(n);
    const ev = await n.rpc(0).call<{ evidence: unknown[] }>("consensus_evidence", []);
    expect(ev.evidence).toEqual([]);
    await waitFor("restarted node still up", async () => n.nodes[FULL] !== null, 1_000);
  }, 240_000);
});
