// The WebSocket frame meter must see every frame's announced length exactly as `ws` will,
// however the bytes are split across socket reads.
import { describe, expect, it } from "vitest";
import { WsFrameMeter } from "../../../src/rpc/ws-frame-meter.js";
import { frameHeader, Rng } from "../../integration/hostile-client.js";

type Seen = Array<number | "end">;

function meter(): { m: WsFrameMeter; seen: Seen } {
  const seen: Seen = [];
  return { m: new WsFrameMeter({ onDataFrame: (n) => void seen.push(n), onMessageEnd: () => void seen.push("end") }), seen };
}

function frame(opcode: number, fin: boolean, payload: number, masked = true): Buffer {
  return Buffer.concat([frameHeader(opcode, fin, payload, masked), Buffer.alloc(payload, 0x61)]);
}

describe("WsFrameMeter", () => {
  it("reads 7-, 16- and 64-bit lengths, masked or not, and ends each final data frame", () => {
    const { m, seen } = meter();
    m.push(Buffer.concat([frame(1, true, 5), frame(2, true, 300, false), frame(1, true, 70_000), frame(1, true, 0)]));
    expect(seen).toEqual([5, "end", 300, "end", 70_000, "end", 0, "end"]);
  });

  it("sums a fragmented message and skips control frames between its fragments", () => {
    const { m, seen } = meter();
    m.push(Buffer.concat([frame(1, false, 10), frame(9, true, 4), frame(0, false, 20), frame(10, true, 0), frame(0, true, 30), frame(8, true, 2)]));
    expect(seen).toEqual([10, 20, 30, "end"]);
  });

  it("gives the same events for any split of the stream into reads (seeded)", () => {
    const stream = Buffer.concat([frame(1, true, 125), frame(1, false, 126), frame(9, true, 1), frame(0, true, 65_536), frame(2, true, 3, false)]);
    const whole = meter();
    whole.m.push(stream);
    const rng = new Rng(7);
    for (let run = 0; run < 50; run++) {
      const { m, seen } = meter();
      for (let i = 0; i < stream.length; ) {
        const n = rng.int(1, run % 2 === 0 ? 3 : 40_000);
        m.push(stream.subarray(i, i + n));
        i += n;
      }
      expect(seen).toEqual(whole.seen);
    }
    expect(whole.seen).toEqual([125, "end", 126, 65_536, "end", 3, "end"]);
  });

  it("announces a frame at its header, before any of its payload", () => {
    const { m, seen } = meter();
    const f = frame(1, true, 5 * 1024 * 1024);
    m.push(f.subarray(0, 14));
    expect(seen).toEqual([5 * 1024 * 1024]);
    m.push(f.subarray(14, f.length - 1));
    expect(seen).toEqual([5 * 1024 * 1024]);
    m.push(f.subarray(f.length - 1));
    expect(seen).toEqual([5 * 1024 * 1024, "end"]);
  });
});
