// The reference figure: native Ed25519 verifications per second with every core busy (worker
// threads), measured in the same run as the benchmark. No node that verifies every signature
// can finalize more txs per second than this.
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { generateKeyPairSync, sign, verify } = require("node:crypto");
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const msgs = Array.from({ length: 64 }, (_, i) => Buffer.from("parley-bench-" + i + "-".repeat(120)));
const sigs = msgs.map((m) => sign(null, m, privateKey));
const end = Date.now() + workerData.ms;
let n = 0;
while (Date.now() < end) { for (let i = 0; i < 64; i++) verify(null, msgs[i], publicKey, sigs[i]); n += 64; }
parentPort.postMessage(n);
`;

export async function measureVerifyCeiling(ms = 1500): Promise<number> {
  const threads = availableParallelism();
  const counts = await Promise.all(
    Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(WORKER, { eval: true, workerData: { ms } });
      w.once("message", (n: number) => {
        resolve(n);
        void w.terminate();
      });
      w.once("error", reject);
    })),
  );
  return Math.round(counts.reduce((a, b) => a + b, 0) / (ms / 1000));
}

/** Samples of the ceiling taken at one moment, and their spread. */
export interface CeilingSamples {
  samples: number[];
  min: number;
  median: number;
  max: number;
}

/**
 * `count` back-to-back measurements of `ms` each. A single 1.5 s sample moved 20-29k/s with
 * the machine's other load (issue 17); the bench samples before and after its load and divides
 * by the median of all samples, so that a ratio moves only when Parley does.
 */
export async function sampleVerifyCeiling(count = 3, ms = 1000): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await measureVerifyCeiling(ms));
  return out;
}

export function spread(samples: readonly number[]): CeilingSamples {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
  return { samples: [...samples], min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/** The `--json` fields and the text line for the ceiling samples of one run, with the load average at each. */
export function ceilingReport(before: readonly number[], after: readonly number[], loadBefore: number, loadAfter: number): { median: number; fields: Record<string, unknown>; text: string } {
  const all = spread([...before, ...after]);
  const round1 = (x: number): number => Math.round(x * 100) / 100;
  return {
    median: all.median,
    fields: {
      verify_ceiling_before: [...before], verify_ceiling_after: [...after],
      verify_ceiling_min: all.min, verify_ceiling_max: all.max,
      load_avg_before: round1(loadBefore), load_avg_after: round1(loadAfter),
    },
    text: `verify ceiling samples: before ${before.join(", ")}; after ${after.join(", ")}; min/median/max ${all.min} / ${all.median} / ${all.max} per s (load average ${round1(loadBefore)} before, ${round1(loadAfter)} after)\n`,
  };
}
