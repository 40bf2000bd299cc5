// A validator's data dir damaged while it was down: a signing WAL with a damaged line or
// truncated by whole lines, and a corrupted LevelDB table, are refused at start with a clear
// error (exit status 1) before the node signs anything; a WAL whose last write was torn by a
// crash is normal and starts. One validator, so its own precommit is in every certificate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, runCli, spawnCli, startInProcess, tempDir, waitFor, type DevChain } from "./harness.js";
import { Chain } from "../../src/chain/chain.js";

let chain: DevChain;
let pristine: string;

beforeAll(async () => {
  chain = devChain({ validators: 1, params: { heartbeatMs: 50 } });
  pristine = join(chain.dir, "node-0");
  const n = await startInProcess(chain);
  await waitFor("20 blocks", async () => n.chain.head.height >= 20, 30_000);
  await n.stop();
  // Opening again turns LevelDB's log into a table file, which the corruption case damages.
  await (await Chain.open(pristine, chain.genesis)).close();
}, 60_000);

afterAll(cleanup);

/** A copy of the stopped validator's data dir, damaged by `damage`. */
function damagedCopy(damage: (dir: string) => void): string {
  const dir = join(tempDir(), "data");
  cpSync(pristine, dir, { recursive: true });
  damage(dir);
  return dir;
}

function nodeArgs(dir: string): string[] {
  return ["node", "--data-dir", dir, "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "warn"];
}

describe("a damaged data dir", () => {
  it("a WAL line damaged in the middle is refused", async () => {
    const dir = damagedCopy((d) => {
      const f = join(d, "signing.wal");
      const lines = readFileSync(f, "utf8").split("\n");
      expect(lines.length).toBeGreaterThan(2);
      lines[0] = lines[0]!.replace(/ (\w+) ([0-9a-f-]+) /, " $1 $2x ");
      writeFileSync(f, lines.join("\n"));
    });
    const r = await runCli(nodeArgs(dir));
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/signing WAL .* is damaged at line 1/);
  });

  it("a WAL truncated by whole lines (it lost the head's precommit) is refused", async () => {
    const dir = damagedCopy((d) => writeFileSync(join(d, "signing.wal"), ""));
    const r = await runCli(nodeArgs(dir));
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/does not hold this validator's precommit of block \d+/);
  });

  it("a WAL whose last write was torn by a crash starts, and goes on finalizing", async () => {
    const dir = damagedCopy((d) => appendFileSync(join(d, "signing.wal"), "21 0 prev"));
    const p = await spawnCli(nodeArgs(dir));
    const { HttpRpcClient } = await import("../../src/client/rpc-client.js");
    const rpc = new HttpRpcClient(p.rpc);
    const start = (await rpc.call<{ height: number }>("chain_getHead")).height;
    await waitFor("new blocks", async () => (await rpc.call<{ height: number }>("chain_getHead")).height > start + 2, 30_000);
    expect(p.stderr.join("")).toContain("torn write");
    process.kill(p.proc.pid!, "SIGTERM");
    expect(await p.exited).toBe(0);
  });

  it("a corrupted LevelDB table is refused with the way out", async () => {
    const dir = damagedCopy((d) => {
      const tables = readdirSync(d).filter((f) => f.endsWith(".ldb"));
      expect(tables.length).toBeGreaterThan(0);
      for (const t of tables) {
        const b = readFileSync(join(d, t));
        for (let i = 100; i < b.length - 100; i += 97) b[i]! ^= 0x5a;
        writeFileSync(join(d, t), b);
      }
    });
    const r = await runCli(nodeArgs(dir));
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/database in .* is corrupt .*re-sync/);
  });
});
