import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataDirLockError, LOCK_FILE, lockDataDir } from "../../../src/chain/storage/data-dir-lock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "parley-lock-"));
  dirs.push(d);
  return d;
}

describe("data dir lock", () => {
  it("writes our pid, refuses a second holder naming that pid, and is released", () => {
    const d = dir();
    const release = lockDataDir(d);
    expect(readFileSync(join(d, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
    let err: unknown;
    try {
      lockDataDir(d);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirLockError);
    expect((err as DataDirLockError).type).toMatchObject({ code: "DATA_DIR_IN_USE", pid: process.pid });
    expect((err as Error).message).toContain(`in use by process ${process.pid}`);
    release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    lockDataDir(d)();
  });

  it("refuses while another live process holds it and takes over once it is gone", async () => {
    const d = dir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(d, LOCK_FILE), `${other.pid}\n`);
      expect(() => lockDataDir(d)).toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill("SIGKILL");
      await new Promise((r) => other.once("exit", r));
    }
    lockDataDir(d)(); // stale: its process is gone
  });

  it("takes over a stale lock carrying our own pid (a restarted container)", () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), `${process.pid}\n`);
    lockDataDir(d)();
  });
});
