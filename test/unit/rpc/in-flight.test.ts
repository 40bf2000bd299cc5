// The in-flight byte budget: what a flood of large requests may take, and what is always left
// for ordinary calls.
import { describe, expect, it } from "vitest";
import { ConnectionBytes, InFlightBytes, releaseBuffer, SMALL_REQUEST_BYTES } from "../../../src/rpc/in-flight.js";

const MiB = 1024 * 1024;

describe("InFlightBytes", () => {
  it("stops large requests at 7/8 of the budget and keeps the rest for small ones", () => {
    const budget = new InFlightBytes(64 * MiB);
    let large = 0;
    while (budget.tryTake(5 * MiB, 5 * MiB)) large++;
    expect(large).toBe(11); // 55 MiB; a 12th would pass 56 MiB
    let small = 0;
    while (small < 1000 && budget.tryTake(SMALL_REQUEST_BYTES, SMALL_REQUEST_BYTES)) small++;
    expect(small).toBe(Math.floor((9 * MiB) / SMALL_REQUEST_BYTES)); // up to the full 64 MiB
    expect(budget.tryTake(1, 1)).toBe(false);
    budget.give(5 * MiB);
    expect(budget.tryTake(5 * MiB, 5 * MiB)).toBe(false); // still past 7/8
    expect(budget.tryTake(1000, 1000)).toBe(true);
  });

  it("judges a request growing in chunks by its total so far, not by the chunk", () => {
    const budget = new InFlightBytes(8 * MiB);
    expect(budget.tryTake(7 * MiB - 512, 7 * MiB - 512)).toBe(true); // just under 7/8
    // A small chunk of a request already past 64 KiB is large: it may not use the reserve.
    expect(budget.tryTake(1024, 2 * MiB)).toBe(false);
    expect(budget.tryTake(1024, 1024)).toBe(true);
  });
});

describe("ConnectionBytes", () => {
  it("refuses past its own share only when asked to, and gives everything back on close", () => {
    const server = new InFlightBytes(64 * MiB);
    const conn = new ConnectionBytes(server, 10 * MiB);
    expect(conn.take(6 * MiB, 6 * MiB, true)).toBeNull();
    expect(conn.take(6 * MiB, 6 * MiB, true)).toBe("connection");
    expect(conn.take(6 * MiB, 6 * MiB, false)).toBeNull(); // WebSocket: back-pressure instead
    expect(conn.full).toBe(true);
    expect(server.used).toBe(12 * MiB);
    conn.give(6 * MiB);
    expect(conn.full).toBe(false);
    conn.close();
    expect(server.used).toBe(0);
    conn.give(6 * MiB); // late answers after the close change nothing
    expect(server.used).toBe(0);
    expect(conn.take(1, 1, false)).toBe("connection");
  });

  it("reports a full server budget as the server's", () => {
    const server = new InFlightBytes(8 * MiB);
    const a = new ConnectionBytes(server, 16 * MiB);
    const b = new ConnectionBytes(server, 16 * MiB);
    expect(a.take(5 * MiB, 5 * MiB, true)).toBeNull();
    expect(b.take(5 * MiB, 5 * MiB, true)).toBe("server");
    expect(b.held).toBe(0);
  });
});

describe("releaseBuffer", () => {
  it("frees a buffer that owns its memory and leaves pooled buffers and views alone", () => {
    const owned = Buffer.allocUnsafe(1 * MiB);
    releaseBuffer(owned);
    expect(owned.length).toBe(0);
    const pooled = Buffer.allocUnsafe(100); // a slice of Buffer's shared pool
    releaseBuffer(pooled);
    expect(pooled.length).toBe(100);
    const whole = Buffer.alloc(1000, 7);
    const view = whole.subarray(0, 500);
    releaseBuffer(view);
    expect(whole.length).toBe(1000);
    expect(view[0]).toBe(7);
    releaseBuffer(owned); // twice is harmless
  });
});
