// The partition harness leaves nothing behind: a process that built namespaces and veth links
// (chaos/netns.ts) removes them when it is interrupted (SIGINT, SIGTERM), and the namespaces of
// one killed with SIGKILL (no handler can run) are swept by the next run. Needs root; without
// it the suite is skipped with the reason printed. Spawns `dist/`: build first.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { NetnsLab, needsRoot, sweepNetns } from "../../chaos/netns.js";

const skipReason = needsRoot();
if (skipReason) process.stdout.write(`netns-cleanup: SKIPPED: ${skipReason}\n`);

const NETNS_JS = resolve(import.meta.dirname, "../../dist/chaos/netns.js");
const dir = mkdtempSync(join(tmpdir(), "parley-netns-cleanup-"));
const OWNER = join(dir, "owner.mjs");
// A run that builds three namespaces plus the hub, prints its run id and waits to be stopped.
writeFileSync(OWNER, `import { NetnsLab } from ${JSON.stringify(NETNS_JS)};
const lab = NetnsLab.create(["v0", "v1", "f0"]);
process.stdout.write(lab.run + "\\n");
setInterval(() => undefined, 1000);
`);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) process.kill(c.pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts an owner and resolves with its run id once its namespaces exist. */
function startOwner(): Promise<{ child: ChildProcess; run: string }> {
  const child = spawn(process.execPath, [OWNER], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`owner not ready in 30 s: ${err}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        clearTimeout(timer);
        res({ child, run: line.trim() });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`owner exited with ${code}: ${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", () => r())));
}

describe.skipIf(skipReason !== null)("network namespaces of the partition harness are removed", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`when the run is interrupted with ${signal}`, async () => {
      const { child, run } = await startOwner();
      // Four namespaces (hub + three nodes) and three root-side control links.
      expect(NetnsLab.leftovers(run)).toHaveLength(7);
      process.kill(child.pid!, signal);
      await exited(child);
      expect(NetnsLab.leftovers(run)).toEqual([]);
    }, 60_000);
  }

  it("when the run was killed with SIGKILL: the next run's sweep removes them", async () => {
    const { child, run } = await startOwner();
    process.kill(child.pid!, "SIGKILL");
    await exited(child);
    // No handler ran: everything is still there.
    expect(NetnsLab.leftovers(run).length).toBeGreaterThan(0);
    // What NetnsLab.create does first: remove namespaces whose owner pid is gone.
    expect(sweepNetns().filter((ns) => ns.startsWith(`${run}-`))).toHaveLength(4);
    expect(NetnsLab.leftovers(run)).toEqual([]);
  }, 60_000);
});
