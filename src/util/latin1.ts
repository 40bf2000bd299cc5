// Node only (uses Buffer): a byte string as a JS string of the same length, one char per byte.
// The cheapest collision-free Map key for bytes on the node's hot paths (state map keys, the
// verify key cache, admission's remembered signatures); browser code keys by toHex instead.

/** latin1 of `b` without copying it first (a view over the same memory). */
export function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}
