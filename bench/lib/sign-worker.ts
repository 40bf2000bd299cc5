// Worker thread of sign-workers.ts: signs the chunks of a load it is asked for and sends each
// back as one transferred buffer of wire bytes, offsets and id prefixes.
import { parentPort, workerData } from "node:worker_threads";
import { loadSlot, loadTx, signingKey, signRaw } from "./workload.js";
import { CHUNK_TXS, idKey } from "./tx-store.js";
import type { SignSpec, SignedChunk } from "./sign-workers.js";

const spec = workerData as SignSpec;
const nSenders = spec.nonces.length;
const keys = Array.from({ length: nSenders }, (_, s) => signingKey(spec.secretKeys.subarray(32 * s, 32 * s + 32)));
const pub = (s: number): Uint8Array => spec.publicKeys.subarray(32 * s, 32 * s + 32);
const channel = (s: number): Uint8Array | null => {
  const c = spec.channelOf[s]!;
  return c < 0 ? null : spec.channelIds.subarray(32 * c, 32 * c + 32);
};

function signChunk(chunk: number): SignedChunk {
  const first = chunk * CHUNK_TXS;
  const n = Math.min(CHUNK_TXS, spec.count - first);
  const parts: Uint8Array[] = [];
  const offsets = new Uint32Array(n + 1);
  const ids = new Uint32Array(2 * n);
  let size = 0;
  for (let k = 0; k < n; k++) {
    const i = first + k;
    const slot = loadSlot(i, nSenders, spec.mix, (s) => spec.channelOf[s]! >= 0);
    // Sender s signs txs s, s + nSenders, s + 2 nSenders, ...: its nonce follows from i alone.
    const nonce = spec.nonces[slot.sender]! + Math.floor(i / nSenders);
    const tx = loadTx(slot.kind, { chainId: spec.chainId, from: pub(slot.sender), nonce, expiry: spec.expiry }, pub(slot.to), channel(slot.sender));
    const { id, bytes } = signRaw(keys[slot.sender]!, tx);
    [ids[2 * k], ids[2 * k + 1]] = idKey(id);
    parts.push(bytes);
    size += bytes.length;
    offsets[k + 1] = size;
  }
  const bytes = new Uint8Array(size);
  for (let k = 0; k < n; k++) bytes.set(parts[k]!, offsets[k]!);
  return { chunk, bytes, offsets, ids };
}

parentPort!.on("message", (chunk: number) => {
  const out = signChunk(chunk);
  parentPort!.postMessage(out, [out.bytes.buffer, out.offsets.buffer, out.ids.buffer]);
});
