// Pre-signing a long run's load (a million txs and more) on every core: at ~40 us per tx one
// thread would take a minute per 1.5M txs. Workers pull chunks as they finish, so a busy core
// does not hold the rest up; the result is a TxStore of raw bytes.
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { Channel, Mix, Sender } from "./workload.js";
import { CHUNK_TXS, TxStore } from "./tx-store.js";

/** What a worker needs to build any tx of the load (structured-cloned once per worker). */
export interface SignSpec {
  chainId: string;
  mix: Mix;
  expiry: number;
  count: number;
  /** 32-byte Ed25519 seeds and public keys, sender after sender. */
  secretKeys: Uint8Array;
  publicKeys: Uint8Array;
  /** Each sender's first nonce of the load. */
  nonces: Uint32Array;
  /** Each sender's channel (index into channelIds), -1 for none. */
  channelOf: Int32Array;
  channelIds: Uint8Array;
}

// Plain (not shared) buffers: each is transferred back to the main thread.
export interface SignedChunk {
  chunk: number;
  bytes: Uint8Array<ArrayBuffer>;
  offsets: Uint32Array<ArrayBuffer>;
  ids: Uint32Array<ArrayBuffer>;
}

export function signSpec(senders: Sender[], channels: Channel[], count: number, mix: Mix, chainId: string, expiry: number): SignSpec {
  const n = senders.length;
  const spec: SignSpec = {
    chainId, mix, expiry, count,
    secretKeys: new Uint8Array(32 * n), publicKeys: new Uint8Array(32 * n),
    nonces: new Uint32Array(n), channelOf: new Int32Array(n).fill(-1), channelIds: new Uint8Array(32 * channels.length),
  };
  const index = new Map(senders.map((s, i) => [s, i]));
  senders.forEach((s, i) => {
    spec.secretKeys.set(s.id.secretKey, 32 * i);
    spec.publicKeys.set(s.id.publicKey, 32 * i);
    spec.nonces[i] = s.nonce;
  });
  channels.forEach((c, ci) => {
    if (c.id.length !== 32) throw new Error("channel ids are 32 bytes");
    spec.channelIds.set(c.id, 32 * ci);
    for (const m of c.members) spec.channelOf[index.get(m)!] = ci;
  });
  return spec;
}

export async function signInWorkers(spec: SignSpec, log: (s: string) => void, threads = availableParallelism()): Promise<TxStore> {
  const store = new TxStore(spec.count);
  const chunks = Math.ceil(spec.count / CHUNK_TXS);
  let next = 0;
  let done = 0;
  const started = Date.now();
  let lastLog = started;
  const url = new URL("./sign-worker.js", import.meta.url);
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, chunks)) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(url, { workerData: spec });
    const ask = (): void => {
      if (next < chunks) w.postMessage(next++);
      else void w.terminate().then(() => resolve());
    };
    w.on("message", (c: SignedChunk) => {
      store.addChunk(c.chunk, c.bytes, c.offsets, c.ids);
      done++;
      if (Date.now() - lastLog > 5_000) {
        lastLog = Date.now();
        log(`  signing: ${done}/${chunks} chunks (${Math.round((done * CHUNK_TXS) / ((lastLog - started) / 1000))} tx/s)`);
      }
      ask();
    });
    w.once("error", reject);
    ask();
  })));
  if (!store.complete) throw new Error("sign workers left txs unsigned");
  return store;
}
