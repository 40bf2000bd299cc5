// Real network partitions for the chaos harness: every node in its own Linux network namespace,
// its p2p interface a veth pair into one "hub" namespace that holds two bridges. All nodes start
// on the bridge `main`; a partition moves one side's hub ports onto the bridge `split` (the two
// sides then share no L2 segment, so nothing crosses), a cut takes one node's hub port down, and
// a heal moves every port back and brings it up. A bridge hub (rather than a full mesh of veths)
// keeps one interface and one address per node whatever the network size, so peer lists stay
// plain addresses and a fault is one `ip link set` per node moved.
//
// The harness reaches each node's RPC over a second, separate veth pair from the root namespace
// ("ctl", a /30 per node). The root namespace does not forward (checked at start), and a node
// namespace has no default route, so no p2p traffic can flow around a partition through it.
//
// Cleanup: every name carries the run id `pn<pid36>x<rand>`. destroy() stops any process left in
// a namespace (by the pids `ip netns pids` lists, all ours) and deletes the namespaces, which
// also deletes every veth in them and their root-side peers. It runs at the end of a run, on
// SIGINT/SIGTERM and on process exit; a run killed with SIGKILL is swept by the next run: a
// namespace whose owner pid is gone is removed at start. Requires root; needsRoot() says why not.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ChaosError } from "./errors.js";

/** Every namespace this harness creates starts with this (docs/OPERATIONS.md: clean up by hand). */
export const NETNS_PREFIX = "pn";
// Where nodes listen inside their own namespaces: any fixed port serves, each node has its own stack.
export const NETNS_P2P_PORT = 7400;
export const NETNS_RPC_PORT = 8645;
// The p2p subnet exists only inside our namespaces (the hub's bridges and the node ends), so a
// fixed one cannot collide with anything on the machine or in a parallel run.
const DATA_NET = "10.77.0";
const BRIDGE_MAIN = "brmain";
const BRIDGE_SPLIT = "brsplit";

export interface NodeAddrs {
  /** Address the node's p2p listens on (the hub side of the partition). */
  p2pHost: string;
  /** Address the node's RPC listens on, reachable from the root namespace. */
  rpcHost: string;
}

function ip(args: string[]): string {
  try {
    return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new ChaosError({ code: "UNSUPPORTED", what: `ip ${args.join(" ")}: ${(err.stderr ?? err.message).trim()}` });
  }
}

function tryIp(args: string[]): void {
  try {
    execFileSync("ip", args, { stdio: "ignore" });
  } catch {
    // already gone
  }
}

/** Null when namespaces can be made here; otherwise the reason (tests print it and skip). */
export function needsRoot(): string | null {
  if (process.getuid?.() !== 0) return "network namespaces need root (ip netns add)";
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "the ip command (iproute2) is missing or cannot list namespaces";
  }
  return null;
}

function listNamespaces(): string[] {
  return ip(["netns", "list"]).split("\n").map((l) => l.split(" ")[0]!).filter((n) => n.length > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGKILLs every process inside a namespace (ours: the namespace is), then deletes it. */
function removeNamespace(ns: string): void {
  let pids: number[] = [];
  try {
    pids = execFileSync("ip", ["netns", "pids", ns], { encoding: "utf8" }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no such namespace
  }
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  tryIp(["netns", "delete", ns]);
}

/**
 * Removes namespaces of runs whose process is gone (a run killed with SIGKILL, or a machine whose
 * /run survived). `onlyRun` limits it to one run's names (the end-of-run sweep). Returns the names removed.
 */
export function sweepNetns(onlyRun?: string): string[] {
  const removed: string[] = [];
  const runs = new Set<string>();
  const re = new RegExp(`^(${NETNS_PREFIX}([0-9a-z]+)x[0-9a-f]+)-`);
  for (const ns of listNamespaces()) {
    const m = re.exec(ns);
    if (!m) continue;
    const mine = onlyRun !== undefined && m[1] === onlyRun;
    if (onlyRun !== undefined ? !mine : alive(parseInt(m[2]!, 36))) continue;
    removeNamespace(ns);
    removed.push(ns);
    runs.add(m[1]!);
  }
  // The kernel frees a deleted namespace's devices asynchronously: a root-side veth end can
  // outlive `ip netns delete` for a while, so the run's root links are deleted explicitly.
  for (const run of runs) for (const link of rootLinks(run)) tryIp(["link", "delete", link]);
  return removed;
}

/** Root-namespace ends of a run's control links (named c<run without prefix><index>). */
function rootLinks(run: string): string[] {
  const prefix = `c${run.slice(NETNS_PREFIX.length)}`;
  return ip(["-o", "link", "show"]).split("\n").map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? "").filter((l) => l.startsWith(prefix));
}

const liveLabs = new Set<NetnsLab>();
let handlersInstalled = false;

// Removes every live lab on exit and on SIGINT/SIGTERM, then lets the signal do what it would
// have done (other handlers, such as chaos/main.ts's abort, still run first when present).
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const lab of liveLabs) lab.destroy();
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      for (const lab of liveLabs) lab.destroy();
      // With no other listener, the default action (exit) must still happen.
      if (process.listenerCount(sig) === 1) process.exit(128 + (sig === "SIGINT" ? 2 : 15));
    });
  }
}

/** A free /24 for the root-side control links: 10.<a>.<b>.0 with no address of the machine in it. */
function pickControlNet(): string {
  const used = ip(["-4", "-o", "addr"]);
  for (let i = 0; i < 64; i++) {
    const net = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
    if (!used.includes(` ${net}.`)) return net;
  }
  throw new ChaosError({ code: "UNSUPPORTED", what: "no free 10.x control subnet found" });
}

export class NetnsLab {
  readonly run: string;
  private readonly hub: string;
  private readonly index = new Map<string, number>();
  private readonly ctlNet: string;
  private destroyed = false;

  private constructor(readonly names: readonly string[]) {
    this.run = `${NETNS_PREFIX}${process.pid.toString(36)}x${randomBytes(2).toString("hex")}`;
    this.hub = `${this.run}-hub`;
    this.ctlNet = pickControlNet();
    names.forEach((n, i) => this.index.set(n, i));
  }

  /** Builds the hub and one namespace per node (names like "v0", "f0", "l0"). */
  static create(names: readonly string[]): NetnsLab {
    const why = needsRoot();
    if (why) throw new ChaosError({ code: "UNSUPPORTED", what: why });
    if (names.length > 60) throw new ChaosError({ code: "BAD_ARGS", reason: "at most 60 nodes in namespaces (one /30 each in a /24)" });
    // Forwarding in the root namespace would route p2p traffic around a partition via the ctl links.
    if (readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8").trim() !== "0") {
      throw new ChaosError({ code: "UNSUPPORTED", what: "net.ipv4.ip_forward is on in the root namespace: partitions could be routed around" });
    }
    sweepNetns();
    const lab = new NetnsLab(names);
    installHandlers();
    liveLabs.add(lab);
    try {
      lab.build();
    } catch (e) {
      lab.destroy();
      throw e;
    }
    return lab;
  }

  private build(): void {
    ip(["netns", "add", this.hub]);
    for (const br of [BRIDGE_MAIN, BRIDGE_SPLIT]) {
      ip(["-n", this.hub, "link", "add", br, "type", "bridge"]);
      ip(["-n", this.hub, "link", "set", br, "up"]);
    }
    for (const name of this.names) {
      const ns = this.ns(name);
      const a = this.addrs(name);
      const i = this.index.get(name)!;
      ip(["netns", "add", ns]);
      ip(["-n", ns, "link", "set", "lo", "up"]);
      // p2p: eth0 in the node, h<name> on the hub's main bridge.
      ip(["link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", this.hubPort(name), "netns", this.hub]);
      ip(["-n", ns, "addr", "add", `${a.p2pHost}/24`, "dev", "eth0"]);
      ip(["-n", ns, "link", "set", "eth0", "up"]);
      ip(["-n", this.hub, "link", "set", this.hubPort(name), "master", BRIDGE_MAIN]);
      ip(["-n", this.hub, "link", "set", this.hubPort(name), "up"]);
      // control: ctl in the node, a root-side end named after the run (unique on the machine).
      const rootEnd = this.rootPort(name);
      ip(["link", "add", rootEnd, "type", "veth", "peer", "name", "ctl", "netns", ns]);
      ip(["addr", "add", `${this.ctlNet}.${4 * i + 1}/30`, "dev", rootEnd]);
      ip(["link", "set", rootEnd, "up"]);
      ip(["-n", ns, "addr", "add", `${a.rpcHost}/30`, "dev", "ctl"]);
      ip(["-n", ns, "link", "set", "ctl", "up"]);
    }
  }

  /** Namespaces and root-side links of a run still on the machine (empty after destroy()). */
  static leftovers(run: string): string[] {
    return [...listNamespaces().filter((n) => n.startsWith(`${run}-`)), ...rootLinks(run)];
  }

  ns(name: string): string {
    if (!this.index.has(name)) throw new ChaosError({ code: "BAD_ARGS", reason: `no node ${name} in the namespaces` });
    return `${this.run}-${name}`;
  }

  addrs(name: string): NodeAddrs {
    const i = this.index.get(name);
    if (i === undefined) throw new ChaosError({ code: "BAD_ARGS", reason: `no node ${name} in the namespaces` });
    return { p2pHost: `${DATA_NET}.${10 + i}`, rpcHost: `${this.ctlNet}.${4 * i + 2}` };
  }

  /** The argv prefix that runs a command inside the node's namespace (`ip netns exec` execs it: same pid). */
  launcher(name: string): string[] {
    return ["ip", "netns", "exec", this.ns(name)];
  }

  /** Moves `side` onto the split bridge: it hears only itself; everyone else only the rest. */
  partition(side: readonly string[]): void {
    for (const n of side) ip(["-n", this.hub, "link", "set", this.hubPort(n), "master", BRIDGE_SPLIT]);
  }

  /** Moves `side` back onto the main bridge. */
  join(side: readonly string[]): void {
    for (const n of side) ip(["-n", this.hub, "link", "set", this.hubPort(n), "master", BRIDGE_MAIN]);
  }

  /** Takes the node's p2p link down (it hears nobody, nobody hears it) or brings it back up. */
  setLink(name: string, up: boolean): void {
    ip(["-n", this.hub, "link", "set", this.hubPort(name), up ? "up" : "down"]);
  }

  /** Every port on the main bridge and up: the network is whole. */
  healAll(): void {
    for (const n of this.names) {
      this.join([n]);
      this.setLink(n, true);
    }
  }

  /** Which bridge each node's port is on and whether it is up (tests, reports). */
  state(): Record<string, { bridge: string; up: boolean }> {
    const out: Record<string, { bridge: string; up: boolean }> = {};
    for (const n of this.names) {
      const line = ip(["-n", this.hub, "-o", "link", "show", this.hubPort(n)]);
      out[n] = { bridge: /master (\S+)/.exec(line)?.[1] ?? "none", up: !/state DOWN/.test(line) && /[<,]UP[,>]/.test(line) };
    }
    return out;
  }

  /** Stops whatever still runs in the namespaces and removes them all; safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveLabs.delete(this);
    for (const n of this.names) {
      removeNamespace(this.ns(n));
      tryIp(["link", "delete", this.rootPort(n)]);
    }
    removeNamespace(this.hub);
    sweepNetns(this.run);
  }

  private hubPort(name: string): string {
    this.ns(name);
    return `h${name}`;
  }

  // Interface names are at most 15 bytes: c<pid36>x<rand4><index36> is at most 12 and unique per run.
  private rootPort(name: string): string {
    return `c${this.run.slice(NETNS_PREFIX.length)}${this.index.get(name)!.toString(36)}`;
  }
}
