// One process per data dir. LevelDB's own LOCK only says "Database failed to open"; this file
// holds the pid of the process using the dir, so a second node started on it is told which
// process holds it. A lock left by a process that is gone (crash, kill -9) is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { ParleyError } from "../../util/errors.js";

export const LOCK_FILE = "parley.pid";

export class DataDirLockError extends ParleyError<{ code: "DATA_DIR_IN_USE"; dir: string; pid: number }> {}

// Dirs this process holds: a pid equal to ours in a file we did not write is stale (containers
// give the node the same pid on every start).
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user, so it is running.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the data dir for this process; throws DATA_DIR_IN_USE naming the pid that holds it. */
export function lockDataDir(dir: string): () => void {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const path = join(abs, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(abs);
      return () => {
        held.delete(abs);
        try {
          if (holder(path) === process.pid) unlinkSync(path);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = holder(path);
      const inUse = pid !== null && (pid === process.pid ? held.has(abs) : alive(pid));
      if (inUse) {
        throw new DataDirLockError({ code: "DATA_DIR_IN_USE", dir: abs, pid }, `data dir ${abs} is in use by process ${pid} (${path}); stop that process or choose another --data-dir`);
      }
      unlinkSync(path); // stale: its process is gone
    }
  }
  throw new DataDirLockError({ code: "DATA_DIR_IN_USE", dir: abs, pid: holder(path) ?? 0 }, `data dir ${abs}: another process took ${path} while this one started`);
}
