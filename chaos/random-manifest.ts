// The random scenario generator: the same seed and length always give the same manifest.
// Faults are spread over the run with gaps; at most one validator is faulty at a time, except
// that now and then a second one overlaps on purpose (the chain must halt, then resume when
// they are healed: "with 2 of 4 silent, no decision; decision resumes when one returns").
import { Rng } from "./rng.js";
import { MANIFEST_BEHAVIOURS, MANIFEST_DEFAULTS, nodeNames, parseManifest, type ChaosManifest, type FaultKind, type FaultSpec } from "./manifest.js";

export interface RandomOptions {
  seed: number;
  minutes: number;
  /** Default 4. */
  validators?: number;
  /** Default 1 or 2, chosen by the seed. */
  fullNodes?: number;
  /** Default 0. */
  lightNodes?: number;
  /** Probability that a validator fault overlaps another one (a deliberate halt). Default 0.15. */
  haltChance?: number;
  /**
   * Also the kinds that need no root: slow, lossy, capped and one-way links (the links are
   * proxied), clock skew and byzantine validators. Default false: the old kinds only, and a
   * seed gives exactly the manifest it gave before these kinds existed.
   */
  allKinds?: boolean;
  /** Also the kinds that need root: partition, cut and flap (nodes in namespaces) and diskfull (tmpfs data dirs). */
  rootKinds?: boolean;
  /** Only these of the kinds allowed above (a short run's subset); default all of them. */
  only?: readonly FaultKind[];
}

// Kinds beyond the old five only when asked (allKinds, rootKinds): with neither, the weights
// and the draws are the old ones, so the seeds of earlier runs still give the same manifests.
const OLD_WEIGHTS = { kill: 3, pause: 2, disconnect: 3, restart: 2, wipe: 1 } as const;
const NO_ROOT_WEIGHTS = { slow: 2, lossy: 2, capped: 2, oneway: 2, skew: 2, byzantine: 1 } as const;
const ROOT_WEIGHTS = { partition: 2, cut: 2, flap: 2, diskfull: 1 } as const;
const ZERO = { partition: 0, cut: 0, flap: 0, slow: 0, lossy: 0, capped: 0, oneway: 0, skew: 0, byzantine: 0, diskfull: 0 } as const;

function kindWeights(opts: RandomOptions): Readonly<Record<FaultKind, number>> {
  const w: Record<FaultKind, number> = { ...OLD_WEIGHTS, ...ZERO, ...(opts.allKinds ? NO_ROOT_WEIGHTS : {}), ...(opts.rootKinds ? ROOT_WEIGHTS : {}) };
  if (opts.only) for (const k of Object.keys(w) as FaultKind[]) if (!opts.only.includes(k)) w[k] = 0;
  return w;
}
// Kinds a light node cannot take: it has no peers to cut, and faulty-node and a full disk are for full-chain nodes.
const NOT_ON_LIGHT: readonly FaultKind[] = ["disconnect", "skew", "byzantine", "diskfull"];
// A tmpfs per data dir: room for a 30-minute chain; filling one costs this much memory for seconds.
const TMPFS_MIB = 512;
// A byzantine validator is banned by the honest ones for the peer score's ban (5 min,
// src/network/peer-score.ts): after its faulty spell it stays out that long, so it counts as
// faulty until then, and no byzantine spell starts so late that its ban outlasts the run.
const BAN_SEC = 300;
// Faults start after the channels exist and stop early enough for the last one to heal in the run.
const FIRST_FAULT_SEC = 4;
const QUIET_TAIL_SEC = 8;
// A killed/wiped node needs a few seconds to start and catch up before it counts as healthy.
const RECOVERY_SEC: Readonly<Record<FaultKind, number>> = {
  kill: 4, pause: 1, disconnect: 2, restart: 4, wipe: 6, partition: 4, cut: 4, flap: 4,
  slow: 3, lossy: 3, capped: 3, oneway: 4, skew: 6, byzantine: BAN_SEC + 10, diskfull: 8,
};

export function randomManifest(opts: RandomOptions): ChaosManifest {
  const rng = new Rng(opts.seed);
  const runSec = Math.max(20, Math.round(opts.minutes * 60));
  const validators = opts.validators ?? 4;
  const fullNodes = opts.fullNodes ?? rng.int(1, 2);
  const network = {
    validators, fullNodes, lightNodes: opts.lightNodes ?? 0,
    ...(opts.allKinds ? { linkProxies: true } : {}),
    ...(opts.rootKinds ? { netns: true, tmpfsMiB: TMPFS_MIB } : {}),
  };
  const weights = kindWeights(opts);
  const names = nodeNames(network);
  const isValidator = (n: string): boolean => n.startsWith("v");
  const haltChance = opts.haltChance ?? 0.15;
  // Fewer than a third of the validators may be faulty for the chain to keep going.
  const tolerated = Math.floor((validators - 1) / 3);

  const busyUntil = new Map<string, number>(names.map((n) => [n, 0]));
  const faults: FaultSpec[] = [];
  let t = FIRST_FAULT_SEC + rng.int(0, 3);
  while (t < runSec - QUIET_TAIL_SEC && faults.length < 10_000) {
    const kind = rng.weighted(weights);
    const lenSec = kind === "wipe" ? rng.int(0, 2) : rng.int(1, 8);
    const validatorsBusy = names.filter((n) => isValidator(n) && busyUntil.get(n)! > t).length;
    const validatorCap = rng.chance(haltChance) ? tolerated + 1 : tolerated;
    // A light node has no peers to cut (it only dials out): never the target of a disconnect.
    const free = names.filter((n) => busyUntil.get(n)! <= t && (!isValidator(n) || validatorsBusy < validatorCap)
      && !(NOT_ON_LIGHT.includes(kind) && n.startsWith("l")) && (kind !== "byzantine" || isValidator(n)));
    const endsBy = kind === "byzantine" ? runSec - QUIET_TAIL_SEC - RECOVERY_SEC.byzantine : runSec - QUIET_TAIL_SEC / 2;
    if (free.length > 0 && t + lenSec <= endsBy) {
      const node = rng.pick(free);
      const fault: FaultSpec = { at: { sec: t }, kind, node, durationSec: lenSec };
      if (kind === "skew") fault.offsetMs = rng.chance(0.5) ? 30_000 : -30_000;
      if (kind === "byzantine") fault.behaviour = rng.pick(MANIFEST_BEHAVIOURS);
      // A partition is usually one node alone (1|rest); when a second validator may be faulty, sometimes two apart.
      const second = kind === "partition" ? free.filter((n) => n !== node && (!isValidator(n) || !isValidator(node) || validatorsBusy + 2 <= validatorCap)) : [];
      if (kind === "partition") fault.side = second.length > 0 && rng.chance(0.3) ? [node, rng.pick(second)] : [node];
      faults.push(fault);
      for (const n of fault.side ?? [node]) busyUntil.set(n, t + lenSec + RECOVERY_SEC[kind]);
    }
    t += rng.int(2, 9);
  }
  const manifest = {
    name: `random-${opts.seed}`,
    seed: opts.seed,
    network,
    chain: { ...MANIFEST_DEFAULTS.chain },
    durationSec: runSec,
    load: {
      transfersPerSec: rng.int(3, 8),
      messagesPerSec: rng.int(2, 5),
      channelPostsPerSec: rng.int(1, 3),
      actionsPerSec: rng.int(1, 2),
      // Fixed, not drawn: a seed keeps the scenario it had before the load had an asset.
      assetTransfersPerSec: 2,
      accounts: 8,
      channels: 2,
    },
    faults,
    resumeWithinSec: MANIFEST_DEFAULTS.resumeWithinSec,
    honest: true,
  };
  // Round-trip through the parser: a generated manifest obeys exactly the rules a written one does.
  return parseManifest(manifest);
}
