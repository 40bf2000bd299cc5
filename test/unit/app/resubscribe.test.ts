// A subscription kept open (src/app/lib/resubscribe.ts): a failed or dropped subscription is
// opened again after a backoff, the caller hears "again" so it catches up, and stop closes it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { keepSubscribed } from "../../../src/app/lib/resubscribe.js";

afterEach(() => vi.useRealTimers());

describe("keepSubscribed", () => {
  it("retries a subscription that could not open or dropped, says it is a reconnection, and stops", async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    let drop: (() => void) | null = null;
    let opens = 0;
    const closed: number[] = [];
    const sub = keepSubscribed(async (onError) => {
      opens++;
      if (opens === 1) throw new Error("refused");
      drop = onError;
      const n = opens;
      return { close: () => closed.push(n) };
    }, { opened: (again) => void events.push(again ? "again" : "first"), down: () => void events.push("down") });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(["down"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(opens).toBe(2);
    expect(events).toEqual(["down", "again"]);
    drop!();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(opens).toBe(3);
    expect(events).toEqual(["down", "again", "down", "again"]);
    sub.stop();
    expect(closed).toEqual([3]);
    drop!();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(opens).toBe(3);
  });
});
