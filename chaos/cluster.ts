// Real node processes on 127.0.0.1 for the chaos harness: validators and full nodes with fixed
// ports (so a restarted node keeps its address and every node can list every other as a
// bootstrap peer), and the operations the faults need: SIGKILL, SIGTERM, SIGSTOP/SIGCONT, an
// emptied data dir, and the admin RPC that cuts a node off its peers. Every process is started
// and stopped by its pid; nothing here uses broad kills.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { encodeKeyFile, newIdentity, type Identity } from "../src/client/keys.js";
import { HttpRpcClient } from "../src/client/rpc-client.js";
import { genesisJson, VALIDATOR_BALANCE } from "../src/node/dev-chain.js";
import { peerIdFromEd25519PublicKey } from "../src/network/index.js";
import { ChaosError } from "./errors.js";
import type { ChaosManifest } from "./manifest.js";
import { findChaosScript, LinkProxies } from "./link-proxies.js";
import { nodeBinary } from "./node-binary.js";
import { NETNS_P2P_PORT, NETNS_RPC_PORT, type NetnsLab } from "./netns.js";

export type NodeRole = "validator" | "full" | "light";
export type NodeState = "running" | "paused" | "stopped";

export interface ClusterNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly dataDir: string;
  readonly keyPath: string;
  readonly identity: Identity;
  readonly peerId: string;
  /** 127.0.0.1, or the node's own addresses when it runs in a network namespace. */
  readonly rpcHost: string;
  readonly p2pHost: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly logPath: string;
  proc: ChildProcess | null;
  state: NodeState;
  /** Cut off its peers by admin_disconnectPeers until healed. */
  isolated: boolean;
  starts: number;
  /** Exits we did not cause (a crash): exit code or signal, and the end of the log. */
  crashes: string[];
  /** Highest resident set size sampled, bytes. */
  maxRssBytes: number;
  /** A fault expects the node to stop by itself (a full disk): its exit is not a crash. */
  expectExit: boolean;
  /** Exit code of the last exit (null: killed by a signal). */
  lastExit: number | null;
}

/** Start a full-chain node as chaos/faulty-node.js with these extra flags instead of `parley node`. */
export interface FaultyStart {
  flags: string[];
}

export interface ClusterOptions {
  dir: string;
  manifest: ChaosManifest;
  /** Accounts funded in genesis (the load's senders). */
  funded: Array<{ address: string; balance: bigint }>;
  logLevel?: string;
  /** Run each node in its own network namespace of this lab (chaos/netns.ts) instead of on 127.0.0.1. */
  net?: NetnsLab;
}

// A node on a busy 2-core machine takes 1-3 s to start; allow much more before calling it failed.
const READY_MS = 60_000;
// The admin calls of disconnect: at load average ~45 (the 30-minute soak) one took over 5 s.
const ADMIN_RPC_MS = 20_000;
// A clean SIGTERM stop flushes and closes LevelDB; past this it is killed (and counted).
const STOP_MS = 15_000;

/** bin/parley.js, found from this file whether it runs from chaos/ (tests) or dist/chaos/ (npm run chaos). */
function findCli(): string {
  let d = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(d, "bin", "parley.js");
    if (existsSync(candidate)) return candidate;
    d = dirname(d);
  }
  throw new ChaosError({ code: "UNSUPPORTED", what: "bin/parley.js not found above " + import.meta.dirname });
}

/**
 * A free TCP port on 127.0.0.1 that a node can bind again later. Nodes keep their ports across
 * restarts (peers list each other by address), so the port is chosen before the node starts.
 * It is taken below the kernel's ephemeral range: a port the OS hands out for `listen(0)` is
 * also what it hands out as the source port of outgoing connections, and on a busy machine one
 * of those took a released port before its node bound it (EADDRINUSE at start). Below the range
 * only an explicit bind can collide, and the probe below catches one that already exists.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  // Bounded: 64 random probes, then the OS's choice (the old behaviour) rather than failing.
  for (let i = 0; i < 64 && low > 10_000; i++) {
    const port = 10_000 + Math.floor(Math.random() * (low - 10_000));
    if (await canListen(port)) return port;
  }
  return listenOnce(0);
}

/** First port of the kernel's ephemeral range (Linux), or 0 when it cannot be read. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 0;
  } catch {
    return 0;
  }
}

async function canListen(port: number): Promise<boolean> {
  return listenOnce(port).then(() => true, () => false);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(port, "127.0.0.1", () => {
      const a = s.address();
      const got = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => res(got));
    });
  });
}

export class Cluster {
  readonly nodes: ClusterNode[];
  readonly genesisPath: string;
  readonly genesisTotal: bigint;
  private readonly cli = findCli();
  private readonly rssTimer: NodeJS.Timeout;

  /** Link proxies (manifest network.linkProxies): target -> dialer -> port. */
  private readonly proxyPorts: Map<string, Map<string, number>>;
  links: LinkProxies | null = null;
  private readonly mounted: string[] = [];

  private constructor(readonly opts: ClusterOptions, nodes: ClusterNode[], genesisPath: string, genesisTotal: bigint, proxyPorts: Map<string, Map<string, number>>) {
    this.nodes = nodes;
    this.proxyPorts = proxyPorts;
    this.genesisPath = genesisPath;
    this.genesisTotal = genesisTotal;
    this.rssTimer = setInterval(() => this.sampleRss(), 1_000);
    this.rssTimer.unref();
  }

  /** Writes keys and genesis under opts.dir and picks ports; starts nothing. */
  static async create(opts: ClusterOptions): Promise<Cluster> {
    const { manifest, dir } = opts;
    mkdirSync(dir, { recursive: true });
    const validators = Array.from({ length: manifest.network.validators }, () => newIdentity());
    const fulls = Array.from({ length: manifest.network.fullNodes }, () => newIdentity());
    const lights = Array.from({ length: manifest.network.lightNodes }, () => newIdentity());
    const accounts = [...opts.funded, ...validators.map((v) => ({ address: v.address, balance: VALIDATOR_BALANCE }))];
    const genesisPath = join(dir, "genesis.json");
    writeFileSync(genesisPath, genesisJson(`parley-chaos-${manifest.seed}`, validators, accounts, { blockTimeMs: manifest.chain.blockTimeMs, heartbeatMs: manifest.chain.heartbeatMs ?? 0 }));
    const total = accounts.reduce((s, a) => s + a.balance, 0n);
    const nodes: ClusterNode[] = [];
    const make = async (name: string, role: NodeRole, identity: Identity): Promise<void> => {
      const keyPath = join(dir, `${name}.key`);
      writeFileSync(keyPath, encodeKeyFile(identity), { mode: 0o600 });
      // In a namespace every node has its own stack: fixed ports, its own addresses.
      const where = opts.net
        ? { ...opts.net.addrs(name), rpcPort: NETNS_RPC_PORT, p2pPort: NETNS_P2P_PORT }
        : { rpcHost: "127.0.0.1", p2pHost: "127.0.0.1", rpcPort: await freePort(), p2pPort: await freePort() };
      nodes.push({
        name, role, identity, keyPath,
        dataDir: join(dir, name),
        peerId: peerIdFromEd25519PublicKey(identity.publicKey),
        ...where,
        logPath: join(dir, `${name}.log`),
        proc: null, state: "stopped", isolated: false, starts: 0, crashes: [], maxRssBytes: 0, expectExit: false, lastExit: null,
      });
    };
    for (let i = 0; i < validators.length; i++) await make(`v${i}`, "validator", validators[i]!);
    for (let i = 0; i < fulls.length; i++) await make(`f${i}`, "full", fulls[i]!);
    for (let i = 0; i < lights.length; i++) await make(`l${i}`, "light", lights[i]!);
    // One proxy port per ordered pair (dialer, full-chain target); in a namespace the ports are
    // fixed (each namespace has its own), on 127.0.0.1 they come from the free range like the nodes'.
    const proxyPorts = new Map<string, Map<string, number>>();
    if (manifest.network.linkProxies) {
      for (const target of nodes.filter((x) => x.role !== "light")) {
        const byDialer = new Map<string, number>();
        for (const [i, dialer] of nodes.entries()) if (dialer !== target) byDialer.set(dialer.name, opts.net ? NETNS_P2P_PORT + 1 + i : await freePort());
        proxyPorts.set(target.name, byDialer);
      }
    }
    return new Cluster(opts, nodes, genesisPath, total, proxyPorts);
  }

  /** Link proxies and tmpfs data dirs the manifest asks for; before any node starts. */
  private async prepare(): Promise<void> {
    const mib = this.opts.manifest.network.tmpfsMiB ?? 0;
    if (mib > 0 && this.mounted.length === 0) {
      for (const n of this.nodes) {
        mkdirSync(n.dataDir, { recursive: true });
        const m = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${mib}m`, "tmpfs", n.dataDir], { encoding: "utf8" });
        if (m.status !== 0) throw new ChaosError({ code: "UNSUPPORTED", what: `tmpfs data dirs need root (mount ${n.dataDir}: ${(m.stderr || m.error?.message || "").trim()})` });
        this.mounted.push(n.dataDir);
      }
      // Also when the harness exits without reaching stopAll (an exception, a signal handler's exit).
      process.once("exit", () => this.unmountAll());
    }
    if (this.proxyPorts.size > 0 && this.links === null) {
      const targets = this.nodes.filter((n) => this.proxyPorts.has(n.name)).map((n) => ({ name: n.name, host: n.p2pHost, p2pPort: n.p2pPort, launcher: this.opts.net?.launcher(n.name) ?? [] }));
      this.links = await LinkProxies.start(targets, this.proxyPorts, (name) => openSync(join(this.opts.dir, `${name}.proxies.log`), "a"));
    }
  }

  private unmountAll(): void {
    while (this.mounted.length > 0) {
      const dir = this.mounted.pop()!;
      if (spawnSync("umount", [dir]).status !== 0) spawnSync("umount", ["-l", dir]);
    }
  }

  node(name: string): ClusterNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new ChaosError({ code: "BAD_ARGS", reason: `no node ${name}` });
    return n;
  }

  rpcUrl(n: ClusterNode): string {
    return `http://${n.rpcHost}:${n.rpcPort}`;
  }

  /** Default 15 s: at load average 40-50 on the 2 cores a node took over 5 s to answer node_info. */
  rpc(n: ClusterNode, timeoutMs = 15_000): HttpRpcClient {
    return new HttpRpcClient(this.rpcUrl(n), timeoutMs);
  }

  /** Full-chain nodes (validators and full nodes) that answer RPC now: running and not paused. */
  serving(): ClusterNode[] {
    return this.nodes.filter((n) => n.state === "running" && n.role !== "light");
  }

  /** Light nodes that answer RPC now. */
  servingLight(): ClusterNode[] {
    return this.nodes.filter((n) => n.state === "running" && n.role === "light");
  }

  async startAll(): Promise<void> {
    await this.prepare();
    await Promise.all(this.nodes.map((n) => this.start(n)));
  }

  /** The multiaddr `dialer` uses for `target`: through its link proxy when the links are proxied. */
  private dialAddr(dialer: ClusterNode, target: ClusterNode): string {
    const port = this.links?.portFor(dialer.name, target.name) ?? target.p2pPort;
    return `/ip4/${target.p2pHost}/tcp/${port}/p2p/${target.peerId}`;
  }

  async start(n: ClusterNode, faulty?: FaultyStart): Promise<void> {
    if (n.proc !== null) return;
    if (faulty && n.role === "light") throw new ChaosError({ code: "BAD_ARGS", reason: `${n.name}: a light node cannot run as faulty-node` });
    const allow = this.nodes.map((x) => x.peerId).join(",");
    // Everyone dials every full-chain node; nobody dials a light node (it serves no blocks).
    // With lightPeers "full", a light node dials only the full nodes: it depends on them alone.
    const onlyFull = n.role === "light" && this.opts.manifest.network.lightPeers === "full";
    const peers = this.nodes
      .filter((x) => x !== n && x.role !== "light" && (!onlyFull || x.role === "full"))
      .map((x) => this.dialAddr(n, x)).join(",");
    const common = [
      "--data-dir", n.dataDir, "--genesis", this.genesisPath, "--rpc-host", n.rpcHost, "--rpc-port", String(n.rpcPort),
      "--p2p-host", n.p2pHost, "--p2p-port", String(n.p2pPort), "--peers", peers, "--log-level", this.opts.logLevel ?? "warn",
    ];
    const nodeArgs = [...common, n.role === "validator" ? "--key" : "--p2p-key", n.keyPath, "--allow-peers", allow, "--enable-admin"];
    const args = n.role === "light"
      ? [this.cli, "light", ...common, "--p2p-key", n.keyPath]
      : faulty ? [findChaosScript("faulty-node.js"), ...nodeArgs, ...faulty.flags] : [this.cli, "node", ...nodeArgs];
    const log = openSync(n.logPath, "a");
    writeFileSync(log, `--- start ${n.starts + 1} at ${new Date().toISOString()}${faulty ? ` as faulty-node ${faulty.flags.join(" ")}` : ""}\n`);
    // `ip netns exec` execs the node in place: proc.pid is the node's own pid (and nodeBinary is
    // Node 22 itself, never bin/parley.js's re-exec wrapper).
    const [cmd, ...pre] = [...(this.opts.net?.launcher(n.name) ?? []), nodeBinary()];
    const proc = spawn(cmd!, [...pre, ...args], { stdio: ["ignore", "pipe", log] });
    closeSync(log);
    n.proc = proc;
    n.starts++;
    n.isolated = false;
    n.expectExit = false;
    proc.on("exit", (code, signal) => {
      if (n.proc !== proc) return;
      n.lastExit = code;
      if (n.expectExit) n.state = "stopped";
      // An exit we did not ask for (we set "stopped" before signalling) is a crash: keep the
      // log's last lines for the report. One while starting is reported by the start itself.
      if (n.state !== "stopped") n.crashes.push(`exit ${code ?? signal} at ${new Date().toISOString()}: ${tail(n.logPath)}`);
      n.state = "stopped";
      n.proc = null;
    });
    let out = "";
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => {
        // Never leave a half-started process behind: it may hold the node's ports.
        n.state = "stopped";
        if (proc.pid !== undefined && proc.exitCode === null) process.kill(proc.pid, "SIGKILL");
        rej(new ChaosError({ code: "NODE_START_FAILED", node: n.name, reason: `not ready after ${READY_MS} ms; see ${n.logPath}` }));
      }, READY_MS);
      proc.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (/rpc: \S+/.test(out) && /p2p: \S+/.test(out)) {
          clearTimeout(timer);
          res();
        }
      });
      proc.once("exit", (code) => {
        clearTimeout(timer);
        rej(new ChaosError({ code: "NODE_START_FAILED", node: n.name, reason: `exited with ${code} while starting: ${tail(n.logPath)}` }));
      });
    });
    n.state = "running";
  }

  /** SIGKILL; resolves once the process is gone. */
  async kill(n: ClusterNode): Promise<void> {
    await this.signalExit(n, "SIGKILL", 0);
  }

  /** SIGTERM (clean stop); returns the exit code (null when it had to be killed). */
  async stop(n: ClusterNode): Promise<number | null> {
    return this.signalExit(n, "SIGTERM", STOP_MS);
  }

  pause(n: ClusterNode): void {
    if (n.proc?.pid === undefined || n.state !== "running") return;
    process.kill(n.proc.pid, "SIGSTOP");
    n.state = "paused";
  }

  resume(n: ClusterNode): void {
    if (n.proc?.pid === undefined || n.state !== "paused") return;
    process.kill(n.proc.pid, "SIGCONT");
    n.state = "running";
  }

  /** Empties the data dir of a stopped node; a validator may keep its signing WAL. */
  wipe(n: ClusterNode, keepWal: boolean): void {
    if (n.proc !== null) throw new ChaosError({ code: "BAD_ARGS", reason: `wipe ${n.name} while it runs` });
    if (!existsSync(n.dataDir)) return;
    for (const entry of readdirSync(n.dataDir)) {
      if (keepWal && entry === "signing.wal") continue;
      rmSync(join(n.dataDir, entry), { recursive: true, force: true });
    }
  }

  /** Cuts the node off every peer (admin_disconnectPeers) for up to `ms`. */
  async isolate(n: ClusterNode, ms: number): Promise<void> {
    await this.rpc(n, ADMIN_RPC_MS).call("admin_disconnectPeers", [Math.round(ms)]);
    n.isolated = true;
  }

  async heal(n: ClusterNode): Promise<void> {
    if (n.state === "running") await this.rpc(n, ADMIN_RPC_MS).call("admin_setNetwork", [true]);
    n.isolated = false;
  }

  /** Stops every node (SIGCONT first for paused ones, then SIGTERM, SIGKILL after STOP_MS). */
  async stopAll(): Promise<void> {
    clearInterval(this.rssTimer);
    for (const n of this.nodes) this.resume(n);
    await Promise.all(this.nodes.map((n) => this.stop(n)));
    await this.links?.close();
    this.links = null;
    this.unmountAll();
  }

  /** Fills a stopped-or-running node's tmpfs data dir to the last byte (dd stops at ENOSPC). */
  async fillDisk(n: ClusterNode): Promise<void> {
    if (!this.mounted.includes(n.dataDir)) throw new ChaosError({ code: "UNSUPPORTED", what: `${n.name}'s data dir is not a tmpfs (network.tmpfsMiB)` });
    n.expectExit = true;
    await new Promise<void>((res) => {
      const dd = spawn("dd", ["if=/dev/zero", `of=${join(n.dataDir, "chaos-fill")}`, "bs=1M"], { stdio: "ignore" });
      dd.once("exit", () => res());
      dd.once("error", () => res());
    });
  }

  /** Frees what fillDisk took. */
  freeDisk(n: ClusterNode): void {
    rmSync(join(n.dataDir, "chaos-fill"), { force: true });
  }

  private async signalExit(n: ClusterNode, signal: NodeJS.Signals, graceMs: number): Promise<number | null> {
    const proc = n.proc;
    if (proc === null || proc.pid === undefined) return null;
    if (n.state === "paused") process.kill(proc.pid, "SIGCONT");
    n.state = "stopped";
    const exited = new Promise<number | null>((r) => {
      if (proc.exitCode !== null || proc.signalCode !== null) r(proc.exitCode);
      else proc.once("exit", (code) => r(code));
    });
    try {
      process.kill(proc.pid, signal);
    } catch {
      // already gone
    }
    let code: number | null;
    if (graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), graceMs)));
      const first = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (first === "late") {
        n.crashes.push(`did not stop within ${graceMs} ms of ${signal}; killed`);
        try {
          process.kill(proc.pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
        await exited;
        code = null;
      } else code = first;
    } else code = await exited;
    n.proc = null;
    n.isolated = false;
    return code;
  }

  private sampleRss(): void {
    for (const n of this.nodes) {
      const pid = n.proc?.pid;
      if (pid === undefined || n.state !== "running") continue;
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (m) n.maxRssBytes = Math.max(n.maxRssBytes, Number(m[1]) * 1024);
      } catch {
        // exited between the check and the read
      }
    }
  }
}

function tail(path: string, chars = 1500): string {
  try {
    return readFileSync(resolve(path), "utf8").slice(-chars);
  } catch {
    return "(no log)";
  }
}
