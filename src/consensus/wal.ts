// Signing write-ahead log: before a validator signs a proposal or vote it durably records
// (height, round, step, id). After a crash the engine reads it back and re-signs exactly what
// it recorded, so a restart can never make it sign two ids at one (height, round, step).
import * as fs from "node:fs";
import * as path from "node:path";
import { sha256 } from "../crypto/native.js";
import { fromHex, toHex, utf8 } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import { STEPS, type Step } from "./types.js";

export interface WalEntry {
  height: number;
  round: number;
  step: Step;
  /** null = nil vote. */
  valueId: Uint8Array | null;
}

export interface SigningWal {
  /** What was recorded for (height, round, step), if anything. */
  get(height: number, round: number, step: Step): WalEntry | undefined;
  /** Entries of one height in the order they were recorded. */
  entriesAt(height: number): WalEntry[];
  /** Durable when it returns; throws WalError when it cannot be, and then the caller must not sign. */
  record(entry: WalEntry): void;
  /** Forgets heights below `height` (called once a height is decided, keeping that height). */
  pruneBelow(height: number): void;
}

export type WalErrorType =
  | { code: "WAL_IO"; op: string; detail: string }
  | { code: "WAL_CONFLICT"; height: number; round: number; step: Step }
  // A damaged line that a crash cannot explain (not a torn last write): what it held is lost.
  | { code: "WAL_CORRUPT"; file: string; line: number };

export class WalError extends ParleyError<WalErrorType> {}

function key(height: number, round: number, step: Step): string {
  return `${height}/${round}/${step}`;
}

/** Shared bookkeeping of both WALs: one entry per (height, round, step). */
class WalIndex {
  readonly entries = new Map<string, WalEntry>();

  get(height: number, round: number, step: Step): WalEntry | undefined {
    return this.entries.get(key(height, round, step));
  }

  entriesAt(height: number): WalEntry[] {
    return [...this.entries.values()].filter((e) => e.height === height);
  }

  /** False when the same entry is already present (nothing to write). */
  admit(e: WalEntry): boolean {
    const prev = this.get(e.height, e.round, e.step);
    if (prev === undefined) return true;
    const same = prev.valueId === null ? e.valueId === null : e.valueId !== null && toHex(prev.valueId) === toHex(e.valueId);
    if (!same) throw new WalError({ code: "WAL_CONFLICT", height: e.height, round: e.round, step: e.step });
    return false;
  }

  put(e: WalEntry): void {
    this.entries.set(key(e.height, e.round, e.step), { ...e, valueId: e.valueId === null ? null : Uint8Array.from(e.valueId) });
  }

  pruneBelow(height: number): void {
    for (const [k, e] of this.entries) if (e.height < height) this.entries.delete(k);
  }

  highestHeight(): number {
    let max = 0;
    for (const e of this.entries.values()) if (e.height > max) max = e.height;
    return max;
  }
}

/** For tests and non-validators: survives an engine being dropped, not a process. */
export class MemoryWal implements SigningWal {
  private readonly index = new WalIndex();

  get(height: number, round: number, step: Step): WalEntry | undefined {
    return this.index.get(height, round, step);
  }

  entriesAt(height: number): WalEntry[] {
    return this.index.entriesAt(height);
  }

  record(entry: WalEntry): void {
    if (this.index.admit(entry)) this.index.put(entry);
  }

  pruneBelow(height: number): void {
    this.index.pruneBelow(height);
  }

  /** The highest height with a record (0 when empty). */
  highestHeight(): number {
    return this.index.highestHeight();
  }
}

// Line format: "<height> <round> <step> <id hex | -> <checksum>\n", checksum = first 8 hex
// digits of SHA-256 of the text before it. A torn or corrupt line fails the checksum and is
// dropped; only the last line can be torn by a crash, because every record is fsynced. A bad
// line anywhere else, or a bad last line that was completely written (it ends in "\n"), is
// damage, not a crash: the file is refused (WAL_CORRUPT), because a record it lost may be a
// signature the validator gave, and signing again at that step could equivocate.
function formatLine(e: WalEntry): string {
  const body = `${e.height} ${e.round} ${e.step} ${e.valueId === null ? "-" : toHex(e.valueId)}`;
  return `${body} ${toHex(sha256(utf8(body))).slice(0, 8)}\n`;
}

function parseLine(line: string): WalEntry | undefined {
  const parts = line.split(" ");
  if (parts.length !== 5) return undefined;
  const [h, r, step, id, sum] = parts as [string, string, string, string, string];
  if (toHex(sha256(utf8(parts.slice(0, 4).join(" ")))).slice(0, 8) !== sum) return undefined;
  const height = Number(h);
  const round = Number(r);
  if (!Number.isSafeInteger(height) || height < 0 || !Number.isSafeInteger(round) || round < 0) return undefined;
  if (!(STEPS as readonly string[]).includes(step)) return undefined;
  if (id === "-") return { height, round, step: step as Step, valueId: null };
  const valueId = fromHex(id);
  if (valueId === null || valueId.length !== 32) return undefined;
  return { height, round, step: step as Step, valueId };
}

/**
 * Append-only file in the node's data dir; each record is written and fsynced before it
 * returns (a few hundred microseconds per consensus step). Pruning rewrites the file through
 * a temporary file and a rename, so a crash leaves either the old or the new file.
 */
export class FileWal implements SigningWal {
  private readonly index = new WalIndex();
  private fd: number;
  /** Bytes of whole records in the file: a failed or short append is cut back to this. */
  private size = 0;
  /** A torn tail could not be cut off: no append until a rewrite (pruning) replaces the file. */
  private broken = false;
  /** Lines that failed their checksum when the file was opened (a torn last write). */
  readonly droppedLines: number;

  private constructor(
    readonly file: string,
    entries: WalEntry[],
    dropped: number,
  ) {
    for (const e of entries) if (this.index.get(e.height, e.round, e.step) === undefined) this.index.put(e);
    this.droppedLines = dropped;
    // Rewrite on open so appends never follow a torn tail.
    this.fd = -1;
    this.fd = this.rewrite();
  }

  static open(file: string): FileWal {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw ioError("read", e);
    }
    const entries: WalEntry[] = [];
    let dropped = 0;
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      // The last element is what follows the final "\n": empty, or a torn write.
      const torn = i === lines.length - 1;
      if (line === "") continue;
      const e = parseLine(line);
      if (e !== undefined) entries.push(e);
      else if (torn) dropped++;
      else throw new WalError({ code: "WAL_CORRUPT", file, line: i + 1 }, `signing WAL ${file} is damaged at line ${i + 1}: it may have lost a signature this validator gave; refusing to start (restore it from a backup; see docs/OPERATIONS.md)`);
    }
    return new FileWal(file, entries, dropped);
  }

  get(height: number, round: number, step: Step): WalEntry | undefined {
    return this.index.get(height, round, step);
  }

  entriesAt(height: number): WalEntry[] {
    return this.index.entriesAt(height);
  }

  record(entry: WalEntry): void {
    if (!this.index.admit(entry)) return;
    if (this.broken) throw new WalError({ code: "WAL_IO", op: "append", detail: "a failed append left a torn tail" });
    const line = Buffer.from(formatLine(entry));
    try {
      // A full disk can take part of a line without an error: that is no record, and left in
      // place it would make the next line follow a torn one.
      const written = fs.writeSync(this.fd, line);
      if (written !== line.length) throw new Error(`short write: ${written} of ${line.length} bytes (disk full?)`);
      fs.fsyncSync(this.fd);
    } catch (e) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // The torn tail stays: at the next open it is the last line and dropped as torn, as
        // long as nothing is appended after it.
        this.broken = true;
      }
      throw ioError("append", e);
    }
    this.size += line.length;
    this.index.put(entry);
  }

  /** The highest height with a record (0 when empty). */
  highestHeight(): number {
    return this.index.highestHeight();
  }

  pruneBelow(height: number): void {
    this.index.pruneBelow(height);
    const old = this.fd;
    this.fd = this.rewrite();
    fs.closeSync(old);
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** Writes the current entries to file.tmp, fsyncs, renames over the file; returns an append fd. */
  private rewrite(): number {
    const tmp = `${this.file}.tmp`;
    try {
      const text = Buffer.from([...this.index.entries.values()].map(formatLine).join(""));
      const tfd = fs.openSync(tmp, "w");
      const written = fs.writeSync(tfd, text);
      if (written !== text.length) {
        fs.closeSync(tfd);
        throw new Error(`short write: ${written} of ${text.length} bytes (disk full?)`);
      }
      fs.fsyncSync(tfd);
      fs.closeSync(tfd);
      fs.renameSync(tmp, this.file);
      syncDir(path.dirname(this.file));
      this.size = text.length;
      this.broken = false;
      return fs.openSync(this.file, "a");
    } catch (e) {
      throw ioError("rewrite", e);
    }
  }
}

/** Makes the rename itself durable; some platforms cannot fsync a directory, which is fine there. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function ioError(op: string, e: unknown): WalError {
  return new WalError({ code: "WAL_IO", op, detail: e instanceof Error ? e.message : String(e) });
}
