import { describe, expect, it } from "vitest";
import { CallLimiter } from "../../../../src/rpc/modules/limiter.js";
import { RpcError } from "../../../../src/rpc/errors.js";

describe("CallLimiter", () => {
  it("runs at most N calls at once, queues a bounded number and refuses the rest with BUSY", async () => {
    const lim = new CallLimiter(2, 1);
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const task = () => lim.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return "done";
    });
    const a = task();
    const b = task();
    const c = task(); // queued
    await expect(task()).rejects.toSatisfy((e: unknown) => e instanceof RpcError && e.reason === "BUSY");
    await new Promise((r) => setTimeout(r, 10));
    expect(peak).toBe(2);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(peak).toBe(2);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await Promise.all([a, b, c])).toEqual(["done", "done", "done"]);
  });
});
