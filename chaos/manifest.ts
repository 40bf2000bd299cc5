// A chaos scenario as a file: the network to start, the load to put on it, and the faults to
// inject at given times (seconds after the load starts) or heights. parseManifest checks every
// field and fills defaults, so a typo fails before any process starts.
import { badManifest } from "./errors.js";

export const FAULT_KINDS = [
  "kill", "pause", "disconnect", "restart", "wipe", "partition", "cut", "flap",
  "slow", "lossy", "capped", "oneway", "skew", "byzantine", "diskfull",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each fault does, for reports and docs. */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultKind, string>> = {
  kill: "SIGKILL the process, wait durationSec, restart it on the same data dir",
  pause: "SIGSTOP the process for durationSec, then SIGCONT",
  disconnect: "admin_disconnectPeers: hang up on every peer and refuse connections for durationSec, then heal",
  restart: "SIGTERM (clean stop), wait durationSec, restart on the same data dir",
  wipe: "SIGKILL, delete the data dir (a validator keeps its signing WAL unless keepWal is false), restart empty",
  partition: "netns: move the nodes in side onto a second bridge for durationSec (they hear only each other), then back",
  cut: "netns: take the node's veth link down for durationSec (no RST: its TCP connections go silent), then up",
  flap: "netns: take the node's link down and up every periodSec (default 2) for durationSec; it ends up",
  slow: "proxies: every link to and from the node gets 200 ms ± 50 one-way delay for durationSec",
  lossy: "proxies: every link of the node gets 200 ms delay and 5% of chunks stalled 600 ms (lost segments)",
  capped: "proxies: every link of the node is capped at 1 Mbit/s each way for durationSec",
  oneway: "proxies: nobody hears the node (it still hears everyone) for durationSec; then its streams reconnect",
  skew: "SIGTERM, restart as faulty-node with its clock offsetMs (default +30000) off for durationSec, then as itself",
  byzantine: "validator: SIGTERM, restart as faulty-node --behaviour B for durationSec, then as itself (evidence against it is expected)",
  diskfull: "tmpfs: fill the node's data dir to the last byte; it must stop cleanly; after durationSec free it and restart",
};

/** Kinds that need network.netns (real links in network namespaces, chaos/netns.ts). */
export const NETNS_FAULT_KINDS: readonly FaultKind[] = ["partition", "cut", "flap"];
/** Kinds that need network.linkProxies (a LinkProxy on every link, chaos/link-proxies.ts). */
export const PROXY_FAULT_KINDS: readonly FaultKind[] = ["slow", "lossy", "capped", "oneway"];
/** Kinds that restart the node as chaos/faulty-node.js (a full-chain node, not a light one). */
export const FAULTY_NODE_KINDS: readonly FaultKind[] = ["skew", "byzantine"];
/** Byzantine behaviours a manifest may name (chaos/byzantine/behaviours.ts; kept here so the manifest stays dependency-free). */
export const MANIFEST_BEHAVIOURS = ["equivocate", "invalid-block", "withhold-votes", "replay", "flood"] as const;

export type FaultTrigger = { sec: number } | { height: number };

export interface FaultSpec {
  at: FaultTrigger;
  kind: FaultKind;
  /** "v0".."v<n-1>" validators, "f0".. full nodes, "l0".. light nodes. */
  node: string;
  /** How long the node stays down / paused / cut off before it is healed. */
  durationSec: number;
  /** wipe only: keep <data-dir>/signing.wal (default true: an operator who lost the data keeps the WAL if they can). */
  keepWal?: boolean;
  /** partition only: the nodes moved apart from the rest (`node` is then its first). */
  side?: string[];
  /** flap only: seconds between link changes (down, up, down, ...). */
  periodSec?: number;
  /** skew only: how far the node's clock is off, ms (default +30000; negative = behind). */
  offsetMs?: number;
  /** byzantine only: the behaviours, comma-separated (default "equivocate"). */
  behaviour?: string;
}

/** Validators that a manifest makes byzantine at some point: evidence against them is expected. */
export function byzantineValidators(m: Pick<ChaosManifest, "faults">): string[] {
  return [...new Set(m.faults.filter((f) => f.kind === "byzantine").map((f) => f.node))];
}

/** The nodes a fault occupies: one at a time per node. */
export function faultNodes(f: FaultSpec): readonly string[] {
  return f.side ?? [f.node];
}

export interface LoadSpec {
  transfersPerSec: number;
  messagesPerSec: number;
  channelPostsPerSec: number;
  /** Automatic actions created per second (recurring payments, escrows, red packets), plus their claims. */
  actionsPerSec: number;
  /**
   * Transfers of the load's own asset per second (created by account 0 and handed to every
   * account at setup; docs/ASSETS.md). 0 creates no asset, and messages then pay natively only.
   */
  assetTransfersPerSec: number;
  /** Funded senders (each a nonce lane). */
  accounts: number;
  /** Group channels created before the faults start; posts go to them. */
  channels: number;
}

export interface ChaosManifest {
  name: string;
  seed: number;
  network: {
    validators: number;
    fullNodes: number;
    lightNodes: number;
    /** Each node in its own network namespace joined by veth pairs (needs root); default false. */
    netns?: boolean;
    /** Whom light nodes dial: every full-chain node (default) or only the full nodes. */
    lightPeers?: "all" | "full";
    /** Every dial goes through its own LinkProxy (one per ordered pair of nodes); default false. */
    linkProxies?: boolean;
    /** Each node's data dir is a tmpfs of this many MiB (needs root); default 0 = a plain dir. */
    tmpfsMiB?: number;
  };
  /**
   * heartbeatMs: an empty block this often while idle (default 0 = never: the load makes the
   * blocks). For tests that drive a Cluster without load; in a runner scenario the chain would
   * keep moving after the load stops, and the end-of-run scans expect it to stand still.
   */
  chain: { blockTimeMs: number; heartbeatMs?: number };
  /** Load and faults run this long; then every fault is healed and the invariants are checked. */
  durationSec: number;
  load: LoadSpec;
  faults: FaultSpec[];
  /** Invariant: after the last fault is healed, a new tx is final on every node within this. */
  resumeWithinSec: number;
  /** Honest scenarios expect no double-signing evidence anywhere (a wipe without WAL is not honest). */
  honest: boolean;
}

export const MANIFEST_DEFAULTS = {
  chain: { blockTimeMs: 200 },
  load: { transfersPerSec: 5, messagesPerSec: 3, channelPostsPerSec: 2, actionsPerSec: 1, assetTransfersPerSec: 2, accounts: 8, channels: 2 },
  resumeWithinSec: 30,
} as const;

// Process count bounds: a 2-core machine runs ~10 node processes at most usefully.
const MAX_NODES = 12;
// Bounded rates: the harness signs on one core.
const MAX_RATE = 500;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function num(o: Obj, key: string, path: string, opts: { min: number; max: number; int?: boolean; fallback?: number }): number {
  const v = o[key] ?? opts.fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw badManifest(`${path}${key}`, "must be a number");
  if (opts.int && !Number.isInteger(v)) throw badManifest(`${path}${key}`, "must be an integer");
  if (v < opts.min || v > opts.max) throw badManifest(`${path}${key}`, `must be in ${opts.min}..${opts.max}`);
  return v;
}

function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw badManifest(`${path}${k}`, "unknown field");
}

/** The names of a network's nodes, in start order. */
export function nodeNames(network: ChaosManifest["network"]): string[] {
  return [
    ...Array.from({ length: network.validators }, (_, i) => `v${i}`),
    ...Array.from({ length: network.fullNodes }, (_, i) => `f${i}`),
    ...Array.from({ length: network.lightNodes }, (_, i) => `l${i}`),
  ];
}

function parseSide(raw: Obj, path: string, names: string[]): string[] {
  const side = raw["side"];
  if (!Array.isArray(side) || side.length === 0) throw badManifest(`${path}side`, "must be a non-empty array of node names");
  for (const n of side) if (typeof n !== "string" || !names.includes(n)) throw badManifest(`${path}side`, `must name nodes of the network (${names.join(", ")})`);
  if (new Set(side).size !== side.length) throw badManifest(`${path}side`, "names a node twice");
  if (side.length >= names.length) throw badManifest(`${path}side`, "must leave at least one node on the other side");
  return side as string[];
}

function parseFault(raw: unknown, i: number, names: string[], net: ChaosManifest["network"]): FaultSpec {
  const path = `faults[${i}].`;
  if (!isObj(raw)) throw badManifest(`faults[${i}]`, "must be an object");
  onlyKeys(raw, ["at", "kind", "node", "durationSec", "keepWal", "side", "periodSec", "offsetMs", "behaviour"], path);
  const kind = raw["kind"];
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) throw badManifest(`${path}kind`, `must be one of ${FAULT_KINDS.join(", ")}`);
  if (NETNS_FAULT_KINDS.includes(kind as FaultKind) && !net.netns) throw badManifest(`${path}kind`, `${kind} needs "network": {"netns": true}`);
  if (PROXY_FAULT_KINDS.includes(kind as FaultKind) && !net.linkProxies) throw badManifest(`${path}kind`, `${kind} needs "network": {"linkProxies": true}`);
  if (kind === "diskfull" && !net.tmpfsMiB) throw badManifest(`${path}kind`, `diskfull needs "network": {"tmpfsMiB": n}`);
  if (raw["offsetMs"] !== undefined && kind !== "skew") throw badManifest(`${path}offsetMs`, "only for skew");
  if (raw["behaviour"] !== undefined && kind !== "byzantine") throw badManifest(`${path}behaviour`, "only for byzantine");
  if (raw["side"] !== undefined && kind !== "partition") throw badManifest(`${path}side`, "only for partition");
  if (raw["periodSec"] !== undefined && kind !== "flap") throw badManifest(`${path}periodSec`, "only for flap");
  const side = kind === "partition" ? parseSide(raw, path, names) : undefined;
  // A parsed partition carries node = side[0], so a printed manifest (--print-manifest) parses again.
  if (side && raw["node"] !== undefined && raw["node"] !== side[0]) throw badManifest(`${path}node`, "a partition names its nodes in side");
  const node = side ? side[0] : raw["node"];
  if (typeof node !== "string" || !names.includes(node)) throw badManifest(`${path}node`, `must name a node of the network (${names.join(", ")})`);
  const at = raw["at"];
  if (!isObj(at)) throw badManifest(`${path}at`, 'must be {"sec": n} or {"height": n}');
  onlyKeys(at, ["sec", "height"], `${path}at.`);
  let trigger: FaultTrigger;
  if ("sec" in at && !("height" in at)) trigger = { sec: num(at, "sec", `${path}at.`, { min: 0, max: 86_400 }) };
  else if ("height" in at && !("sec" in at)) trigger = { height: num(at, "height", `${path}at.`, { min: 1, max: 1e9, int: true }) };
  else throw badManifest(`${path}at`, 'must be {"sec": n} or {"height": n}');
  const durationSec = num(raw, "durationSec", path, { min: 0, max: 3_600 });
  const keepWal = raw["keepWal"];
  if (keepWal !== undefined && typeof keepWal !== "boolean") throw badManifest(`${path}keepWal`, "must be a boolean");
  if (keepWal !== undefined && kind !== "wipe") throw badManifest(`${path}keepWal`, "only for wipe");
  if (node.startsWith("l") && kind === "disconnect") throw badManifest(`${path}kind`, "a light node has no peers to cut");
  if (node.startsWith("l") && FAULTY_NODE_KINDS.includes(kind as FaultKind)) throw badManifest(`${path}kind`, `${kind} restarts a full-chain node as faulty-node; not for a light node`);
  if (!node.startsWith("v") && kind === "byzantine") throw badManifest(`${path}kind`, "byzantine is for validators (only they sign consensus messages)");
  const periodSec = kind === "flap" ? num(raw, "periodSec", path, { min: 0.5, max: 600, fallback: 2 }) : undefined;
  const offsetMs = kind === "skew" ? num(raw, "offsetMs", path, { min: -3_600_000, max: 3_600_000, int: true, fallback: 30_000 }) : undefined;
  let behaviour: string | undefined;
  if (kind === "byzantine") {
    const b = raw["behaviour"] ?? "equivocate";
    const names = typeof b === "string" ? b.split(",").map((x) => x.trim()) : [];
    if (names.length === 0 || names.some((x) => !(MANIFEST_BEHAVIOURS as readonly string[]).includes(x))) {
      throw badManifest(`${path}behaviour`, `must be one or more of ${MANIFEST_BEHAVIOURS.join(", ")}, comma-separated`);
    }
    behaviour = names.join(",");
  }
  return {
    at: trigger, kind: kind as FaultKind, node, durationSec,
    ...(keepWal === undefined ? {} : { keepWal }), ...(side ? { side } : {}), ...(periodSec === undefined ? {} : { periodSec }),
    ...(offsetMs === undefined ? {} : { offsetMs }), ...(behaviour === undefined ? {} : { behaviour }),
  };
}

export function parseManifest(raw: unknown): ChaosManifest {
  if (!isObj(raw)) throw badManifest("", "must be a JSON object");
  onlyKeys(raw, ["name", "seed", "network", "chain", "durationSec", "load", "faults", "resumeWithinSec", "honest"], "");
  const name = raw["name"] ?? "unnamed";
  if (typeof name !== "string" || !/^[\w.-]{1,64}$/.test(name)) throw badManifest("name", "must be 1-64 of [A-Za-z0-9_.-]");
  const seed = num(raw, "seed", "", { min: 0, max: 2 ** 32 - 1, int: true, fallback: 1 });

  const netRaw = raw["network"];
  if (!isObj(netRaw)) throw badManifest("network", "must be an object");
  onlyKeys(netRaw, ["validators", "fullNodes", "lightNodes", "netns", "lightPeers", "linkProxies", "tmpfsMiB"], "network.");
  const netns = netRaw["netns"] ?? false;
  if (typeof netns !== "boolean") throw badManifest("network.netns", "must be a boolean");
  const linkProxies = netRaw["linkProxies"] ?? false;
  if (typeof linkProxies !== "boolean") throw badManifest("network.linkProxies", "must be a boolean");
  // Small enough that a full one costs little memory, big enough for a long run's chain.
  const tmpfsMiB = num(netRaw, "tmpfsMiB", "network.", { min: 0, max: 4096, int: true, fallback: 0 });
  if (tmpfsMiB > 0 && tmpfsMiB < 32) throw badManifest("network.tmpfsMiB", "must be 0 or at least 32 (a node's empty data dir and WAL)");
  const lightPeers = netRaw["lightPeers"] ?? "all";
  if (lightPeers !== "all" && lightPeers !== "full") throw badManifest("network.lightPeers", 'must be "all" or "full"');
  const network: ChaosManifest["network"] = {
    validators: num(netRaw, "validators", "network.", { min: 1, max: MAX_NODES, int: true }),
    fullNodes: num(netRaw, "fullNodes", "network.", { min: 0, max: MAX_NODES, int: true, fallback: 0 }),
    lightNodes: num(netRaw, "lightNodes", "network.", { min: 0, max: MAX_NODES, int: true, fallback: 0 }),
    ...(netns ? { netns } : {}),
    ...(lightPeers === "full" ? { lightPeers } : {}),
    ...(linkProxies ? { linkProxies } : {}),
    ...(tmpfsMiB > 0 ? { tmpfsMiB } : {}),
  };
  if (lightPeers === "full" && network.lightNodes > 0 && network.fullNodes === 0) throw badManifest("network.lightPeers", '"full" needs at least one full node');
  if (network.validators + network.fullNodes + network.lightNodes > MAX_NODES) throw badManifest("network", `at most ${MAX_NODES} nodes`);
  if (network.validators + network.fullNodes < 2) throw badManifest("network", "needs at least two p2p nodes (faults need peers)");

  const chainRaw = raw["chain"] ?? {};
  if (!isObj(chainRaw)) throw badManifest("chain", "must be an object");
  onlyKeys(chainRaw, ["blockTimeMs", "heartbeatMs"], "chain.");
  const heartbeatMs = num(chainRaw, "heartbeatMs", "chain.", { min: 0, max: 600_000, int: true, fallback: 0 });
  const chain = {
    blockTimeMs: num(chainRaw, "blockTimeMs", "chain.", { min: 20, max: 10_000, int: true, fallback: MANIFEST_DEFAULTS.chain.blockTimeMs }),
    ...(heartbeatMs > 0 ? { heartbeatMs } : {}),
  };

  const durationSec = num(raw, "durationSec", "", { min: 1, max: 24 * 3600 });

  const loadRaw = raw["load"] ?? {};
  if (!isObj(loadRaw)) throw badManifest("load", "must be an object");
  const d = MANIFEST_DEFAULTS.load;
  onlyKeys(loadRaw, Object.keys(d), "load.");
  const load: LoadSpec = {
    transfersPerSec: num(loadRaw, "transfersPerSec", "load.", { min: 0, max: MAX_RATE, fallback: d.transfersPerSec }),
    messagesPerSec: num(loadRaw, "messagesPerSec", "load.", { min: 0, max: MAX_RATE, fallback: d.messagesPerSec }),
    channelPostsPerSec: num(loadRaw, "channelPostsPerSec", "load.", { min: 0, max: MAX_RATE, fallback: d.channelPostsPerSec }),
    actionsPerSec: num(loadRaw, "actionsPerSec", "load.", { min: 0, max: MAX_RATE, fallback: d.actionsPerSec }),
    assetTransfersPerSec: num(loadRaw, "assetTransfersPerSec", "load.", { min: 0, max: MAX_RATE, fallback: d.assetTransfersPerSec }),
    accounts: num(loadRaw, "accounts", "load.", { min: 2, max: 256, int: true, fallback: d.accounts }),
    channels: num(loadRaw, "channels", "load.", { min: 0, max: 16, int: true, fallback: d.channels }),
  };
  if (load.channelPostsPerSec > 0 && load.channels === 0) throw badManifest("load.channels", "channel posts need at least one channel");

  const names = nodeNames(network);
  const faultsRaw = raw["faults"] ?? [];
  if (!Array.isArray(faultsRaw)) throw badManifest("faults", "must be an array");
  if (faultsRaw.length > 10_000) throw badManifest("faults", "at most 10000 faults");
  const faults = faultsRaw.map((f, i) => parseFault(f, i, names, network));

  const resumeWithinSec = num(raw, "resumeWithinSec", "", { min: 1, max: 3600, fallback: MANIFEST_DEFAULTS.resumeWithinSec });
  const honestRaw = raw["honest"] ?? !faults.some((f) => f.kind === "wipe" && f.keepWal === false && f.node.startsWith("v"));
  if (typeof honestRaw !== "boolean") throw badManifest("honest", "must be a boolean");
  return { name, seed, network, chain, durationSec, load, faults, resumeWithinSec, honest: honestRaw };
}
