// The body of one signature-verification thread (started by verify-pool.ts). It receives a batch
// of packed jobs in one transferred ArrayBuffer and answers with one byte per job (1 = valid).
// Only node: imports and erasable TypeScript, so the file runs both compiled (dist) and as a
// .ts source under Node's type stripping (unit tests).
//
// The strict rules (canonical S, no weak keys) are checked by the pool on the calling thread
// before a job is sent: this thread only does the native RFC 8032 verify.
//
// Batch layout, per job: u32be message length, public key (32), signature (64), message.
import { parentPort } from "node:worker_threads";
import { createPublicKey, verify, type KeyObject } from "node:crypto";

interface VerifyRequest {
  id: number;
  buf: ArrayBuffer;
  count: number;
}

// node:crypto takes a raw Ed25519 key only as SPKI DER: this fixed prefix + the 32 key bytes
// (the same constant as crypto/native.ts; duplicated so this file needs no project imports).
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

// Active senders sign many txs; building a KeyObject costs about as much as a verify. Each
// thread keeps its own cache (KeyObjects cannot be shared); cleared wholesale when full.
const KEY_CACHE_MAX = 50_000;
const keys = new Map<string, KeyObject | null>();

function keyFor(pk: Buffer): KeyObject | null {
  const id = pk.toString("latin1");
  let key = keys.get(id);
  if (key !== undefined) return key;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: "der", type: "spki" });
  } catch {
    key = null; // not a point on the curve
  }
  if (keys.size >= KEY_CACHE_MAX) keys.clear();
  keys.set(id, key);
  return key;
}

function run(req: VerifyRequest): Uint8Array<ArrayBuffer> {
  const results = new Uint8Array(req.count);
  const bytes = Buffer.from(req.buf);
  let off = 0;
  for (let i = 0; i < req.count; i++) {
    const msgLen = bytes.readUInt32BE(off);
    off += 4;
    const pk = bytes.subarray(off, off + 32);
    const sig = bytes.subarray(off + 32, off + 96);
    const msg = bytes.subarray(off + 96, off + 96 + msgLen);
    off += 96 + msgLen;
    const key = keyFor(pk);
    let good = false;
    try {
      good = key !== null && verify(null, msg, key, sig);
    } catch {
      good = false;
    }
    results[i] = good ? 1 : 0;
  }
  return results;
}

const port = parentPort;
if (port === null) throw new Error("verify-worker.ts must run as a worker thread");
port.on("message", (req: VerifyRequest) => {
  const results = run(req);
  port.postMessage({ id: req.id, results }, [results.buffer]);
});
