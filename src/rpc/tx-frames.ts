// The body of the binary tx batch (POST /txs, Content-Type application/octet-stream; docs/RPC.md
// "Binary tx batch"): signed txs as they are on the wire, each preceded by its length as 4 bytes
// big-endian. The same txs as tx_sendBatch without hex, JSON text or a JSON parse: at thousands
// of txs per second those cost the node more main-thread CPU than admitting the txs.
import type { Check } from "./params.js";
import { MAX_BATCH_TXS, MAX_TX_HEX_BYTES } from "./modules/tx.js";

export const TX_FRAMES_CONTENT_TYPE = "application/octet-stream";
const LENGTH_BYTES = 4;

/**
 * The txs of a binary batch body, each copied out of `body` (so that a tx kept in the mempool
 * does not keep the whole request buffer alive, and the caller may release it).
 */
export function decodeTxFrames(body: Uint8Array): Check<Uint8Array[]> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < body.length) {
    const path = `${out.length}`;
    // [REJECT] more txs than tx_sendBatch takes
    if (out.length === MAX_BATCH_TXS) return { ok: false, reason: "BAD_LENGTH", detail: `expected at most ${MAX_BATCH_TXS} txs` };
    // [REJECT] a length prefix cut short by the end of the body
    if (at + LENGTH_BYTES > body.length) return { ok: false, reason: "BAD_FORMAT", detail: "length prefix cut short by the end of the body", path };
    const len = view.getUint32(at);
    at += LENGTH_BYTES;
    // [REJECT] an empty tx, or one larger than tx_sendBatch takes
    if (len === 0 || len > MAX_TX_HEX_BYTES) return { ok: false, reason: "BAD_LENGTH", detail: `expected 1 to ${MAX_TX_HEX_BYTES} bytes`, path };
    // [REJECT] a tx cut short by the end of the body
    if (at + len > body.length) return { ok: false, reason: "BAD_FORMAT", detail: `tx of ${len} bytes cut short by the end of the body`, path };
    // A copy (Buffer's own slice() would be a view, and the body is released after decoding).
    out.push(Uint8Array.prototype.slice.call(body, at, at + len));
    at += len;
  }
  // [REJECT] an empty body (tx_sendBatch of no txs answers [], but an empty POST is a client bug)
  if (out.length === 0) return { ok: false, reason: "BAD_LENGTH", detail: "expected at least one tx" };
  return { ok: true, value: out };
}

/** A binary batch body of these txs (the bench and SDK clients send this). */
export function encodeTxFrames(txs: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const tx of txs) size += LENGTH_BYTES + tx.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const tx of txs) {
    view.setUint32(at, tx.length);
    out.set(tx, at + LENGTH_BYTES);
    at += LENGTH_BYTES + tx.length;
  }
  return out;
}
