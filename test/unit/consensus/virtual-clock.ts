// A deterministic clock for consensus tests: timers run in (time, creation order) order, and
// pending promise jobs are drained between events so async host answers happen "instantly".
import type { Clock, TimerHandle } from "../../../src/consensus/types.js";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private heap: Timer[] = [];
  eventsRun = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as Timer).cancelled = true;
  }

  /** Drains promise jobs (host answers) without moving time. */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Runs events in time order until `done()` holds (checked after each event) or the next
   * event lies beyond `until`; then time stands at `until` (or where `done` held). Returns done().
   */
  async run(until: number, done: () => boolean = () => false): Promise<boolean> {
    await this.settle();
    while (!done()) {
      const next = this.peek();
      if (next === undefined || next.at > until) {
        this.t = Math.max(this.t, until);
        return done();
      }
      this.pop();
      if (next.cancelled) continue;
      this.t = next.at;
      this.eventsRun++;
      next.fn();
      await this.settle();
    }
    return true;
  }

  /** Advances by `ms`, running everything due. */
  async advance(ms: number): Promise<void> {
    await this.run(this.t + ms);
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private peek(): Timer | undefined {
    return this.heap[0];
  }

  private push(x: Timer): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
