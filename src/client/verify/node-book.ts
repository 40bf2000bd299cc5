// Which nodes the browser asks, and what happens to one that lies: the light client's PeerBook
// rules (a node whose answer fails verification is dropped on the first strike) for nodes
// reached by URL. The node that served the app comes first; witnesses rotate after it. Every
// drop is a report the app shows: which node, which rule, what it served.
import type { VerifyError } from "../../light/errors.js";

export interface NodeReport {
  url: string;
  /** The rule it broke (docs/LIGHT.md 5): BAD_COMMIT, BAD_STATE_PROOF, BAD_PAGE, ... */
  reason: string;
  detail: string;
  at: number;
}

export class NodeBook {
  private readonly dropped = new Map<string, NodeReport>();
  private rotation = 0;
  private readonly listeners: Array<(r: NodeReport) => void> = [];

  constructor(readonly primary: string, readonly witnesses: readonly string[]) {}

  get all(): string[] {
    return [this.primary, ...this.witnesses];
  }

  onDrop(cb: (r: NodeReport) => void): void {
    this.listeners.push(cb);
  }

  usable(): string[] {
    return this.all.filter((u) => !this.dropped.has(u));
  }

  /** Up to `n` usable nodes: the primary first (when usable and not excluded), then witnesses in turn. */
  pick(n: number, exclude: ReadonlySet<string> = new Set()): string[] {
    const out: string[] = [];
    if (!exclude.has(this.primary) && !this.dropped.has(this.primary)) out.push(this.primary);
    const rest = this.witnesses.filter((u) => !exclude.has(u) && !this.dropped.has(u));
    const start = rest.length > 0 ? this.rotation++ % rest.length : 0;
    out.push(...rest.slice(start), ...rest.slice(0, start));
    return out.slice(0, n);
  }

  drop(url: string, error: VerifyError): void {
    if (this.dropped.has(url)) return;
    const r: NodeReport = { url, reason: error.code, detail: error.message, at: Date.now() };
    this.dropped.set(url, r);
    for (const l of this.listeners) l(r);
  }

  isBanned(url: string): boolean {
    return this.dropped.has(url);
  }

  /** A node that is down is not lying: it is skipped this time, not dropped. */
  transportFailed(_url: string, _e: unknown): void {}

  reports(): NodeReport[] {
    return [...this.dropped.values()];
  }
}
