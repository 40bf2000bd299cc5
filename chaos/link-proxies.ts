// A LinkProxy on every link of a chaos network: each node that dials node B does so through its
// own proxy port in front of B, held by B's proxy host process (chaos/link-proxy-host.ts, in B's
// namespace when the network runs in namespaces). A link fault on node X sets every proxy with
// X at either end: the ones in front of X (the links others dialled) and the one in front of
// each other node for X's own dials. Hosts are started and stopped by their pid.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ChaosError } from "./errors.js";
import type { LinkFaults } from "./link-proxy.js";
import type { FaultKind } from "./manifest.js";
import { nodeBinary } from "./node-binary.js";

export type LinkFaultKind = Extract<FaultKind, "slow" | "lossy" | "capped" | "oneway">;

/** The profiles of the issue (8.4 measured them one by one): 200 ms ± jitter, stalls, 1 Mbit/s, one-way. */
export const LINK_PROFILES: Readonly<Record<Exclude<LinkFaultKind, "oneway">, Partial<LinkFaults>>> = {
  slow: { latencyMs: 200, jitterMs: 50 },
  lossy: { latencyMs: 200, stallProbability: 0.05, stallMs: 600 },
  capped: { bandwidthBps: 1_000_000 },
};

export interface ProxyTarget {
  name: string;
  host: string;
  p2pPort: number;
  /** Prefix that runs a command where the node runs (`ip netns exec <ns>`), or []. */
  launcher: string[];
}

const READY_MS = 30_000;

/** A compiled chaos entry point (dist/chaos/<file>), whether this runs from chaos/ (tests) or dist/chaos/. */
export function findChaosScript(file: string): string {
  const here = import.meta.dirname;
  for (const candidate of [join(here, file), join(dirname(here), "dist", "chaos", file)]) if (existsSync(candidate)) return candidate;
  throw new ChaosError({ code: "UNSUPPORTED", what: `${file} not found near ${here} (npm run build first)` });
}

export class LinkProxies {
  private readonly hosts = new Map<string, ChildProcess>();
  /** target -> dialer -> proxy port. */
  private constructor(private readonly ports: ReadonlyMap<string, ReadonlyMap<string, number>>) {}

  /** `ports` gives, for each target node, the proxy port each dialer uses. */
  static async start(targets: readonly ProxyTarget[], ports: ReadonlyMap<string, ReadonlyMap<string, number>>, logPath: (name: string) => number): Promise<LinkProxies> {
    const lp = new LinkProxies(ports);
    const script = findChaosScript("link-proxy-host.js");
    try {
      await Promise.all(targets.map((t) => lp.startHost(t, script, logPath(t.name))));
    } catch (e) {
      await lp.close();
      throw e;
    }
    return lp;
  }

  /** The port `dialer` dials to reach `target`, or undefined when that link is not proxied. */
  portFor(dialer: string, target: string): number | undefined {
    return this.ports.get(target)?.get(dialer);
  }

  /** Sets the fault on every link of `node` (oneway: nobody hears it; it still hears them). */
  set(node: string, kind: LinkFaultKind): void {
    for (const [target, dialers] of this.ports) {
      if (target === node) this.send(target, [...dialers.values()], kind === "oneway" ? { cutFromNode: true } : LINK_PROFILES[kind]);
      else {
        const p = dialers.get(node);
        if (p !== undefined) this.send(target, [p], kind === "oneway" ? { cutToNode: true } : LINK_PROFILES[kind]);
      }
    }
  }

  /** Heals every link of `node`. */
  heal(node: string): void {
    for (const [target, dialers] of this.ports) {
      if (target === node) this.send(target, [...dialers.values()], {});
      else {
        const p = dialers.get(node);
        if (p !== undefined) this.send(target, [p], {});
      }
    }
  }

  /** Bytes each proxy relayed, by link "dialer->target" (-1: its host did not answer), to check the proxies carry the traffic. */
  async bytes(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all([...this.hosts].map(async ([target, proc]) => {
      const byPort = await new Promise<Record<string, number>>((res) => {
        const timer = setTimeout(() => res({}), 5_000);
        let buf = "";
        const onData = (d: Buffer): void => {
          buf += d.toString();
          const line = buf.split("\n").find((l) => l.startsWith("{"));
          if (!line) return;
          clearTimeout(timer);
          proc.stdout!.off("data", onData);
          res((JSON.parse(line) as { bytes: Record<string, number> }).bytes);
        };
        proc.stdout!.on("data", onData);
        proc.stdin!.write(JSON.stringify({ stats: true }) + "\n");
      });
      for (const [dialer, port] of this.ports.get(target) ?? []) out.set(`${dialer}->${target}`, byPort[String(port)] ?? -1);
    }));
    return out;
  }

  /** Stops every host by its pid (SIGTERM, SIGKILL after 5 s). */
  async close(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((proc) => new Promise<void>((res) => {
      if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return res();
      const timer = setTimeout(() => {
        try {
          process.kill(proc.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 5_000);
      proc.once("exit", () => {
        clearTimeout(timer);
        res();
      });
      try {
        process.kill(proc.pid, "SIGTERM");
      } catch {
        clearTimeout(timer);
        res();
      }
    })));
    this.hosts.clear();
  }

  private send(target: string, ports: number[], faults: Partial<LinkFaults>): void {
    const proc = this.hosts.get(target);
    if (!proc || proc.exitCode !== null) throw new ChaosError({ code: "UNSUPPORTED", what: `the link proxies of ${target} are not running` });
    proc.stdin!.write(JSON.stringify({ ports, faults }) + "\n");
  }

  private async startHost(t: ProxyTarget, script: string, logFd: number): Promise<void> {
    const ports = [...(this.ports.get(t.name)?.values() ?? [])];
    if (ports.length === 0) return;
    const [cmd, ...pre] = [...t.launcher, nodeBinary()];
    const proc = spawn(cmd!, [...pre, script, JSON.stringify({ host: t.host, targetPort: t.p2pPort, ports })], { stdio: ["pipe", "pipe", logFd] });
    this.hosts.set(t.name, proc);
    await new Promise<void>((res, rej) => {
      let out = "";
      const timer = setTimeout(() => rej(new ChaosError({ code: "NODE_START_FAILED", node: `${t.name} link proxies`, reason: `not ready after ${READY_MS} ms` })), READY_MS);
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (!out.includes("ready\n")) return;
        clearTimeout(timer);
        proc.stdout!.off("data", onData);
        res();
      };
      proc.stdout!.on("data", onData);
      proc.once("exit", (code) => {
        clearTimeout(timer);
        rej(new ChaosError({ code: "NODE_START_FAILED", node: `${t.name} link proxies`, reason: `exited with ${code} while starting` }));
      });
    });
  }
}
