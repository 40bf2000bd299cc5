// Bounds how many expensive calls run at once across all connections. A full block read
// (every tx as JSON) of a 3 MB block costs ~50 MB while it is built; without a bound, a few
// concurrent ones take a node past its memory cap. Callers beyond the queue are refused.
import { rpcError } from "../errors.js";

export class CallLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly maxRunning: number, private readonly maxWaiting: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw rpcError("LIMIT_EXCEEDED", "BUSY", { detail: "too many expensive calls in progress; retry shortly" });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
