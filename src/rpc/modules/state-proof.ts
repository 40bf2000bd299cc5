// State reads with their sparse Merkle proofs against the head they were read at, in the one
// shape work_* and name_* answer with ({height, stateRoot, entries: [{ns, key, value, smtProof}]}),
// so a client holding a verified header checks each value itself.
import { s } from "../schema.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import type { StateNsByte } from "../../chain/tx/spec.js";
import { hex } from "./format.js";

export const STATE_PROOF = s.object(
  {
    height: s.uint(), stateRoot: s.hash(),
    entries: s.array(s.object({ ns: s.uint(), key: s.hex(), value: s.nullable(s.hex()), smtProof: s.hex() }, { required: ["ns", "key", "value", "smtProof"] })),
  },
  { required: ["height", "stateRoot", "entries"] },
);

export interface StateRead {
  ns: StateNsByte;
  key: Uint8Array;
  value: Uint8Array | undefined;
}

export function readState(node: NodeView, ns: StateNsByte, key: Uint8Array): StateRead {
  return { ns, key, value: node.chain.state.get(ns, key) };
}

/** Proofs of `reads` against `head` (the caller read them in the same tick as `head`). */
export async function stateProof(node: NodeView, head: { height: number; stateRoot: Uint8Array }, reads: readonly StateRead[]): Promise<JsonObject> {
  const entries = await Promise.all(reads.map(async (r) => {
    // Nodes of the head root stay on disk for --state-history heights (forever by default), so the
    // proof stays valid as blocks arrive; past that, SmtError MISSING_NODE answers UNAVAILABLE.
    const pr = await node.chain.smt.prove(head.stateRoot, smtKey(r.ns, r.key));
    return { ns: r.ns, key: hex(r.key), value: r.value ? hex(r.value) : null, smtProof: hex(encodeProof(pr)) };
  }));
  return { height: head.height, stateRoot: hex(head.stateRoot), entries };
}

/**
 * A state getter over the node's state that records every key read (once, in order), so a
 * reader shared with the light node (src/chain/assets/reads.ts, src/chain/works/reads.ts) yields the reads its answer rests on.
 */
export function recordingGet(node: NodeView): { get: (ns: StateNsByte, key: Uint8Array) => Uint8Array | undefined; reads: StateRead[] } {
  const reads: StateRead[] = [];
  const seen = new Set<string>();
  const get = (ns: StateNsByte, key: Uint8Array): Uint8Array | undefined => {
    const value = node.chain.state.get(ns, key);
    const id = `${ns}:${hex(key)}`;
    if (!seen.has(id)) {
      seen.add(id);
      reads.push({ ns, key, value });
    }
    return value;
  };
  return { get, reads };
}
