import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileWal, MemoryWal, type SigningWal } from "../../../src/consensus/wal.js";
import { testValue } from "./bench.js";

const v = testValue("v");
const w = testValue("w");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-wal-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function contract(name: string, make: () => SigningWal) {
  describe(`${name} contract`, () => {
    it("returns what was recorded for (height, round, step)", () => {
      const wal = make();
      wal.record({ height: 3, round: 1, step: "prevote", valueId: v.id });
      wal.record({ height: 3, round: 1, step: "precommit", valueId: null });
      expect(wal.get(3, 1, "prevote")?.valueId).toEqual(v.id);
      expect(wal.get(3, 1, "precommit")?.valueId).toBeNull();
      expect(wal.get(3, 2, "prevote")).toBeUndefined();
    });

    it("refuses a different id at a recorded (height, round, step) and accepts the same one again", () => {
      const wal = make();
      wal.record({ height: 3, round: 1, step: "prevote", valueId: v.id });
      expect(() => wal.record({ height: 3, round: 1, step: "prevote", valueId: w.id })).toThrow(/WAL_CONFLICT/);
      expect(() => wal.record({ height: 3, round: 1, step: "prevote", valueId: null })).toThrow(/WAL_CONFLICT/);
      wal.record({ height: 3, round: 1, step: "prevote", valueId: v.id });
      expect(wal.entriesAt(3)).toHaveLength(1);
    });

    it("pruning keeps the given height and above", () => {
      const wal = make();
      wal.record({ height: 3, round: 0, step: "prevote", valueId: v.id });
      wal.record({ height: 4, round: 0, step: "prevote", valueId: v.id });
      wal.pruneBelow(4);
      expect(wal.entriesAt(3)).toEqual([]);
      expect(wal.entriesAt(4)).toHaveLength(1);
    });
  });
}

contract("memory WAL", () => new MemoryWal());
contract("file WAL", () => FileWal.open(path.join(dir, "wal")));

describe("file WAL durability", () => {
  it("entries survive a crash (the object dropped without closing) and a reopen", () => {
    const file = path.join(dir, "wal");
    const first = FileWal.open(file);
    first.record({ height: 5, round: 0, step: "propose", valueId: v.id });
    first.record({ height: 5, round: 0, step: "prevote", valueId: v.id });
    first.record({ height: 5, round: 1, step: "precommit", valueId: null });
    // no close(): the process "died"
    const again = FileWal.open(file);
    expect(again.entriesAt(5)).toEqual([
      { height: 5, round: 0, step: "propose", valueId: v.id },
      { height: 5, round: 0, step: "prevote", valueId: v.id },
      { height: 5, round: 1, step: "precommit", valueId: null },
    ]);
    expect(again.droppedLines).toBe(0);
    again.close();
  });

  it("a torn final line is ignored, and later records append cleanly after it", () => {
    const file = path.join(dir, "wal");
    const first = FileWal.open(file);
    first.record({ height: 5, round: 0, step: "prevote", valueId: v.id });
    first.record({ height: 5, round: 0, step: "precommit", valueId: v.id });
    first.close();
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.slice(0, text.length - 10)); // the last write was cut short
    const again = FileWal.open(file);
    expect(again.droppedLines).toBe(1);
    expect(again.entriesAt(5).map((e) => e.step)).toEqual(["prevote"]);
    again.record({ height: 5, round: 1, step: "prevote", valueId: null });
    const third = FileWal.open(file);
    expect(third.entriesAt(5).map((e) => `${e.round}:${e.step}`)).toEqual(["0:prevote", "1:prevote"]);
    expect(third.droppedLines).toBe(0);
    again.close();
    third.close();
  });

  it("a complete line with a wrong checksum is damage, not a crash: the file is refused", () => {
    const file = path.join(dir, "wal");
    const first = FileWal.open(file);
    first.record({ height: 5, round: 0, step: "prevote", valueId: v.id });
    first.record({ height: 5, round: 0, step: "precommit", valueId: v.id });
    first.close();
    const good = fs.readFileSync(file, "utf8");
    // The last line, written completely (it ends in a newline) but altered.
    fs.writeFileSync(file, good.replace("5 0 precommit", "5 1 precommit"));
    expect(() => FileWal.open(file)).toThrow(expect.objectContaining({ type: { code: "WAL_CORRUPT", file, line: 2 } }));
    // A line in the middle.
    fs.writeFileSync(file, good.replace("5 0 prevote", "5 1 prevote"));
    expect(() => FileWal.open(file)).toThrow(/damaged at line 1/);
  });

  it("pruning rewrites the file so it stays small, and the result survives a reopen", () => {
    const file = path.join(dir, "wal");
    const wal = FileWal.open(file);
    for (let h = 1; h <= 50; h++) wal.record({ height: h, round: 0, step: "prevote", valueId: v.id });
    const before = fs.statSync(file).size;
    wal.pruneBelow(50);
    expect(fs.statSync(file).size).toBeLessThan(before / 10);
    const again = FileWal.open(file);
    expect(again.entriesAt(50)).toHaveLength(1);
    expect(again.entriesAt(49)).toEqual([]);
    wal.close();
    again.close();
  });
});
