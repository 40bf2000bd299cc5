// Injects a manifest's faults into a running cluster: each at its time (seconds after the load
// started) or once the chain reaches its height, one fault per node at a time (a fault whose node
// is still busy waits for it). Each fault heals itself after its duration. A node that exits on
// its own is restarted and the crash is kept for the report.
import type { Cluster, ClusterNode } from "./cluster.js";
import { ChaosError } from "./errors.js";
import { FAULT_KINDS, faultNodes, type FaultKind, type FaultSpec } from "./manifest.js";
import type { NetnsLab } from "./netns.js";
import { headOf } from "./observe.js";

export interface FaultRecord {
  spec: FaultSpec;
  /** ms after the start of the run */
  startedAt: number;
  healedAt: number | null;
  /** Highest head seen when it started. */
  height: number;
  /** A harness-side failure while injecting or healing (the node's own crashes are kept on the node). */
  error: string | null;
  /** restart only: the exit code of the clean stop (0 expected). */
  exitCode?: number | null;
}

const TICK_MS = 200;
// diskfull: how long a node under load may take to hit the full disk and stop, and how long a
// write that failed just before the space was freed may still take to stop it.
const FULL_DISK_GRACE_MS = 20_000;
const FREED_GRACE_MS = 5_000;
const HEIGHT_POLL_MS = 500;

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private readonly pending: FaultSpec[];
  private readonly active = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private heightTimer: NodeJS.Timeout | null = null;
  private t0 = 0;
  private maxHeight = 0;
  private triggering = true;
  /** ms after the start when the last fault healed (or null before any did). */
  lastHealAt: number | null = null;
  crashRestarts = 0;

  constructor(
    private readonly cluster: Cluster,
    faults: readonly FaultSpec[],
    /** Called when a heal leaves no fault active: the network is whole again. */
    private readonly onWhole: (atMs: number) => void = () => undefined,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    // Stable order: time triggers by time, height triggers after them by height.
    this.pending = [...faults];
  }

  start(): void {
    this.t0 = Date.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.heightTimer = setInterval(() => void this.pollHeight(), HEIGHT_POLL_MS);
  }

  now(): number {
    return Date.now() - this.t0;
  }

  /** Stops launching faults; those not yet started are dropped (counted as skipped). */
  stopTriggering(): number {
    this.triggering = false;
    return this.pending.length;
  }

  /** Waits for every active fault to heal, then stops the timers. */
  async settle(): Promise<void> {
    this.triggering = false;
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()]);
    if (this.timer) clearInterval(this.timer);
    if (this.heightTimer) clearInterval(this.heightTimer);
    this.timer = this.heightTimer = null;
    await this.restartCrashed();
  }

  injected(): Record<FaultKind, number> {
    const out = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    for (const r of this.records) out[r.spec.kind]++;
    return out;
  }

  private tick(): void {
    void this.restartCrashed();
    if (!this.triggering) return;
    const t = this.now() / 1000;
    for (let i = 0; i < this.pending.length; i++) {
      const f = this.pending[i]!;
      const due = "sec" in f.at ? t >= f.at.sec : this.maxHeight >= f.at.height;
      if (!due || faultNodes(f).some((n) => this.active.has(n))) continue;
      this.pending.splice(i--, 1);
      this.launch(f);
    }
  }

  private launch(f: FaultSpec): void {
    const rec: FaultRecord = { spec: f, startedAt: this.now(), healedAt: null, height: this.maxHeight, error: null };
    this.records.push(rec);
    this.log(`${(rec.startedAt / 1000).toFixed(1)}s h${rec.height}: ${f.kind} ${faultNodes(f).join("+")} for ${f.durationSec}s`);
    const run = this.inject(this.cluster.node(f.node), f, rec)
      .catch((e: unknown) => {
        rec.error = e instanceof Error ? e.message : String(e);
        this.log(`  ${f.kind} ${f.node} failed: ${rec.error}`);
      })
      .finally(() => {
        rec.healedAt = this.now();
        this.lastHealAt = rec.healedAt;
        for (const n of faultNodes(f)) this.active.delete(n);
        if (this.active.size === 0) this.onWhole(rec.healedAt);
      });
    for (const n of faultNodes(f)) this.active.set(n, run);
  }

  private async inject(n: ClusterNode, f: FaultSpec, rec: FaultRecord): Promise<void> {
    const ms = f.durationSec * 1000;
    switch (f.kind) {
      case "kill":
        await this.cluster.kill(n);
        await sleep(ms);
        return this.cluster.start(n);
      case "pause":
        this.cluster.pause(n);
        await sleep(ms);
        return this.cluster.resume(n);
      case "disconnect":
        // The isolation also lapses on its own a little after the heal is due, in case the heal call is lost.
        if (n.state === "running") await this.cluster.isolate(n, ms + 5_000);
        await sleep(ms);
        return this.cluster.heal(n);
      case "restart":
        rec.exitCode = await this.cluster.stop(n);
        if (rec.exitCode !== 0) n.crashes.push(`clean stop (SIGTERM) exited with ${rec.exitCode}`);
        await sleep(ms);
        return this.cluster.start(n);
      case "wipe":
        await this.cluster.kill(n);
        this.cluster.wipe(n, f.keepWal ?? true);
        await sleep(ms);
        return this.cluster.start(n);
      case "partition":
      case "cut":
      case "flap":
        return linkFault(this.lab(), f, ms);
      case "slow":
      case "lossy":
      case "capped":
      case "oneway": {
        const links = this.cluster.links;
        if (!links) throw new ChaosError({ code: "UNSUPPORTED", what: `${f.kind} needs the links proxied (network.linkProxies)` });
        try {
          links.set(f.node, f.kind);
          await sleep(ms);
        } finally {
          links.heal(f.node);
        }
        return;
      }
      case "skew":
      case "byzantine": {
        // The same data dir and key, restarted as faulty-node; then as itself again.
        const flags = f.kind === "skew" ? [`--clock-offset-ms=${f.offsetMs ?? 30_000}`] : ["--behaviour", f.behaviour ?? "equivocate"];
        rec.exitCode = await this.cluster.stop(n);
        try {
          await this.cluster.start(n, { flags });
          await sleep(ms);
        } finally {
          await this.cluster.stop(n);
          await this.cluster.start(n);
        }
        return;
      }
      case "diskfull": {
        // The node must stop by itself (exit 1, "storage write failed"). Filling takes seconds on
        // a loaded machine and the node notices at its next write, so its exit is waited for at
        // least FULL_DISK_GRACE_MS with the disk full; one that wrote nothing meanwhile (idle)
        // keeps running. After the space is freed a write that failed just before still stops
        // it: its exit stays expected for a moment more.
        await this.cluster.fillDisk(n);
        const stopBy = Date.now() + Math.max(ms, FULL_DISK_GRACE_MS);
        while (n.proc !== null && Date.now() < stopBy) await sleep(TICK_MS);
        // Stopped: it stays down on the full disk for the duration, as an operator would take to react.
        if (n.proc === null) await sleep(ms);
        this.cluster.freeDisk(n);
        const after = Date.now() + FREED_GRACE_MS;
        while (n.proc !== null && Date.now() < after) await sleep(TICK_MS);
        if (n.proc === null) {
          rec.exitCode = n.lastExit;
          if (n.lastExit !== 1) n.crashes.push(`full disk: exited with ${n.lastExit}, expected 1 (a clean stop on a storage failure)`);
        }
        n.expectExit = false;
        return this.cluster.start(n);
      }
    }
  }

  private lab(): NetnsLab {
    const lab = this.cluster.opts.net;
    if (!lab) throw new ChaosError({ code: "UNSUPPORTED", what: "link faults need the network in namespaces (network.netns)" });
    return lab;
  }

  private restarting = false;

  private async restartCrashed(): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      for (const n of this.cluster.nodes) {
        if (n.proc !== null || this.active.has(n.name)) continue;
        this.crashRestarts++;
        this.log(`${(this.now() / 1000).toFixed(1)}s: ${n.name} is down on its own; restarting`);
        await this.cluster.start(n).catch((e: unknown) => n.crashes.push(`restart failed: ${String(e)}`));
      }
    } finally {
      this.restarting = false;
    }
  }

  private async pollHeight(): Promise<void> {
    const serving = this.cluster.serving();
    const n = serving[Math.floor(Math.random() * serving.length)];
    if (!n) return;
    try {
      this.maxHeight = Math.max(this.maxHeight, (await headOf(this.cluster, n)).height);
    } catch {
      // paused or gone: the next poll asks another
    }
  }
}

/** partition, cut and flap on real links; each heals in a finally, so a failed step still leaves the link whole. */
export async function linkFault(lab: NetnsLab, f: FaultSpec, ms: number): Promise<void> {
  const side = faultNodes(f);
  try {
    if (f.kind === "partition") {
      lab.partition(side);
      await sleep(ms);
    } else if (f.kind === "cut") {
      lab.setLink(f.node, false);
      await sleep(ms);
    } else {
      const period = (f.periodSec ?? 2) * 1000;
      const end = Date.now() + ms;
      // Bounded by the duration: down, up, down, ... each for one period.
      for (let down = true; Date.now() < end; down = !down) {
        lab.setLink(f.node, !down);
        await sleep(Math.min(period, Math.max(0, end - Date.now())));
      }
    }
  } finally {
    if (f.kind === "partition") lab.join(side);
    else lab.setLink(f.node, true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
