// node dist/bench/rpc-intake.js [--txs 500] [--rounds 200]
// Main-thread CPU per tx of the RPC intake alone, in process: a 500-tx tx_sendBatch as JSON text
// (parse, depth check, hex decode, answer) against the same txs as a binary tx batch (POST /txs
// frames: decode and copy, answer), both through the node's Dispatcher and TxModule with an
// admission that answers at once (admission itself costs the same on both paths). The throughput
// bench cannot resolve a few microseconds per tx on a shared 2-core machine; this can.
import { parseArgs } from "node:util";
import { Dispatcher } from "../src/rpc/dispatch.js";
import { RPC_DEFAULTS } from "../src/rpc/server.js";
import { TxModule } from "../src/rpc/modules/tx.js";
import { decodeTxFrames, encodeTxFrames } from "../src/rpc/tx-frames.js";
import type { NodeServices } from "../src/node/services.js";
import { ok } from "../src/util/errors.js";
import { buildLoad, makeSenders, parseMix } from "./lib/workload.js";

const { values } = parseArgs({ options: { txs: { type: "string", default: "500" }, rounds: { type: "string", default: "200" } } });
const N = Number(values.txs);
const ROUNDS = Number(values.rounds);

const load = buildLoad(makeSenders(100), [], N, parseMix("transfer=50,message=50"), "parley-bench", 50_000);
const ids = new Map(load.map((t) => [Buffer.from(t.bytes).toString("latin1"), t.id.slice(2)]));
const node = { submitTx: async (bytes: Uint8Array) => ok({ id: ids.get(Buffer.from(bytes).toString("latin1")) ?? "00" }) } as unknown as NodeServices;
const dispatcher = new Dispatcher(RPC_DEFAULTS, { errorMap: {}, logger: null, metrics: null, hub: null, names: null });
dispatcher.addModule(TxModule, new TxModule(node));
const ctx = { subscriber: null, adminRefusal: null };

// What arrives off the socket: JSON as UTF-8 bytes, frames as bytes.
const jsonBody = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tx_sendBatch", params: [load.map((t) => t.hex)] }));
const frameBody = Buffer.from(encodeTxFrames(load.map((t) => t.bytes)));

async function viaJson(): Promise<number> {
  return (await dispatcher.handleText(jsonBody.toString("utf8"), ctx))!.length;
}
async function viaFrames(): Promise<number> {
  const txs = decodeTxFrames(frameBody);
  if (!txs.ok) throw new Error(txs.detail);
  return (await dispatcher.handleDecoded("tx_sendBatch", [txs.value], ctx)).length;
}

async function measure(f: () => Promise<number>): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (ROUNDS * N);
}

const json: number[] = [];
const frames: number[] = [];
await measure(viaJson); // warm-up
await measure(viaFrames);
for (let r = 0; r < 5; r++) {
  json.push(await measure(viaJson));
  frames.push(await measure(viaFrames));
}
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
process.stdout.write(
  `request bytes per tx: JSON ${(jsonBody.length / N).toFixed(0)}, frames ${(frameBody.length / N).toFixed(0)}\n` +
  `RPC intake CPU per tx (median of 5 x ${ROUNDS} requests of ${N} txs): JSON tx_sendBatch ${med(json).toFixed(2)} us, binary POST /txs ${med(frames).toFixed(2)} us\n` +
  `  samples JSON ${json.map((x) => x.toFixed(2)).join(" ")}; frames ${frames.map((x) => x.toFixed(2)).join(" ")}\n`,
);
