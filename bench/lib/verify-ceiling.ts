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
