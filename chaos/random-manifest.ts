// The random scenario generator: the same seed and length always give the same manifest.
// Faults are spread over the run with gaps; at most one validator is faulty at a time, except
// that now and then a second one overlaps on purpose (the chain must halt, then resume when
// they are healed: "with 2 of 4 silent, no decision; decision resumes when one returns").
import { Rng } from "./rng.js";
import { MANIFEST_DEFAULTS, nodeNames, parseManifest, type ChaosManifest, type FaultKind, type FaultSpec } from "./manifest.js";

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
}

// The link faults (partition, cut, flap) need root and network namespaces: weight 0 here, so a
// random run works anywhere and the seeds of earlier runs still give the same manifests.
const KIND_WEIGHTS: Readonly<Record<FaultKind, number>> = { kill: 3, pause: 2, disconnect: 3, restart: 2, wipe: 1, partition: 0, cut: 0, flap: 0 };
// Faults start after the channels exist and stop early enough for the last one to heal in the run.
const FIRST_FAULT_SEC = 4;
const QUIET_TAIL_SEC = 8;
// A killed/wiped node needs a few seconds to start and catch up before it counts as healthy.
const RECOVERY_SEC: Readonly<Record<FaultKind, number>> = { kill: 4, pause: 1, disconnect: 2, restart: 4, wipe: 6, partition: 4, cut: 4, flap: 4 };

export function randomManifest(opts: RandomOptions): ChaosManifest {
  const rng = new Rng(opts.seed);
  const runSec = Math.max(20, Math.round(opts.minutes * 60));
  const validators = opts.validators ?? 4;
  const fullNodes = opts.fullNodes ?? rng.int(1, 2);
  const network = { validators, fullNodes, lightNodes: opts.lightNodes ?? 0 };
  const names = nodeNames(network);
  const isValidator = (n: string): boolean => n.startsWith("v");
  const haltChance = opts.haltChance ?? 0.15;
  // Fewer than a third of the validators may be faulty for the chain to keep going.
  const tolerated = Math.floor((validators - 1) / 3);

  const busyUntil = new Map<string, number>(names.map((n) => [n, 0]));
  const faults: FaultSpec[] = [];
  let t = FIRST_FAULT_SEC + rng.int(0, 3);
  while (t < runSec - QUIET_TAIL_SEC && faults.length < 10_000) {
    const kind = rng.weighted(KIND_WEIGHTS);
    const lenSec = kind === "wipe" ? rng.int(0, 2) : rng.int(1, 8);
    const validatorsBusy = names.filter((n) => isValidator(n) && busyUntil.get(n)! > t).length;
    const validatorCap = rng.chance(haltChance) ? tolerated + 1 : tolerated;
    // A light node has no peers to cut (it only dials out): never the target of a disconnect.
    const free = names.filter((n) => busyUntil.get(n)! <= t && (!isValidator(n) || validatorsBusy < validatorCap) && !(kind === "disconnect" && n.startsWith("l")));
    if (free.length > 0 && t + lenSec <= runSec - QUIET_TAIL_SEC / 2) {
      const node = rng.pick(free);
      faults.push({ at: { sec: t }, kind, node, durationSec: lenSec });
      busyUntil.set(node, t + lenSec + RECOVERY_SEC[kind]);
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
