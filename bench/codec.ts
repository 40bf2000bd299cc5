// node dist/bench/codec.js [--txs N] [--rounds R]
// The tx codec on its own, the hot path of admission and block checks: encoding N unsigned
// txs into wire bytes (payload + a signature slot), then decoding the N wire bytes back with
// the canonicality check (decode, re-encode, compare). Half transfers, half 200-byte messages,
// with nonces, fees and amounts spread over every integer width. No signing or verifying.
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { assembleTx, decodeTx, encodePayload } from "../src/chain/tx/codec.js";
import type { UnsignedTx } from "../src/chain/tx/types.js";

const { values: args } = parseArgs({
  options: {
    txs: { type: "string", default: "100000" },
    rounds: { type: "string", default: "5" },
  },
});
const N = Number(args.txs);
const ROUNDS = Number(args.rounds);
const MAX_TX_BYTES = 81_920;

function sampleTxs(n: number): UnsignedTx[] {
  const senders = Array.from({ length: 64 }, () => new Uint8Array(randomBytes(32)));
  const envelope = new Uint8Array(randomBytes(200));
  const out: UnsignedTx[] = [];
  for (let i = 0; i < n; i++) {
    const from = senders[i % senders.length]!;
    const to = senders[(i + 1) % senders.length]!;
    // Spread values over fixint .. uint64 so every integer form is exercised.
    const amount = BigInt(i) * 7919n ** BigInt(i % 4);
    const common = { chainId: "parley-bench", from, nonce: i, fee: 1_200n + BigInt(i), expiry: 600 + (i % 70_000) };
    out.push(
      i % 2 === 0
        ? { ...common, kind: "transfer", body: { to, amount, memo: null } }
        : { ...common, kind: "message", body: { to, envelope, amount, selfEnvelope: null } },
    );
  }
  return out;
}

const txs = sampleTxs(N);
const sig = new Uint8Array(64);
let wire: Uint8Array[] = [];
const encodeMs: number[] = [];
const decodeMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  let t0 = performance.now();
  wire = txs.map((tx) => assembleTx(tx, encodePayload(tx), sig).bytes);
  encodeMs.push(performance.now() - t0);
  t0 = performance.now();
  for (const bytes of wire) {
    const d = decodeTx(bytes, MAX_TX_BYTES);
    if (!d.ok) throw d.error;
  }
  decodeMs.push(performance.now() - t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const report = (name: string, xs: number[]) =>
  `${name}: median ${median(xs).toFixed(1)} ms for ${N} txs (${Math.round(N / (median(xs) / 1000)).toLocaleString("en")} tx/s), best ${Math.min(...xs).toFixed(1)} ms`;
console.log(report("encode", encodeMs));
console.log(report("decode", decodeMs));
console.log(`wire bytes: ${wire.reduce((s, b) => s + b.length, 0)} total`);
